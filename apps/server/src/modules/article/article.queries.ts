import type { Db } from '../../db/data-source.js';
import { AUTHOR_PREFIX, selectColumns, withAuthor } from '../../db/columns.js';
import { UserEntity } from '../user/user.entity.js';
import { paginate, type PageArgs, type SortKey } from '../../graphql/connection.js';
import type { Viewer } from '../../lib/viewer.js';
import { ArticleEntity } from './article.entity.js';
import { articleVisibleSql } from './article.policy.js';
import { ArticleOrderEnum } from './article.type.js';

const ID_KEY: SortKey = { sql: 'a.id', cast: 'uuid' };

const ORDERS: Record<ArticleOrderEnum, { keys: SortKey[]; dir: 'asc' | 'desc' }> = {
  POSITION: { keys: [{ sql: 'a.position', cast: 'int' }, ID_KEY], dir: 'asc' },
  NEWEST: { keys: [{ sql: 'coalesce(a.published_at, a.created_at)', cast: 'timestamptz' }, ID_KEY], dir: 'desc' },
  RECENTLY_UPDATED: { keys: [{ sql: 'a.updated_at', cast: 'timestamptz' }, ID_KEY], dir: 'desc' },
  MOST_HELPFUL: { keys: [{ sql: 'a.helpful_count', cast: 'int' }, ID_KEY], dir: 'desc' },
};

/** An article row with its author joined in (null author only if the user row is gone). */
export type ArticleRow = ArticleEntity & { author?: UserEntity };

/**
 * Article columns and its author's (`author$...`, shaped by `withAuthor`), so Article.author
 * needs no statement of its own. A list that does not show the text leaves the body out.
 */
export function articleSelect(db: Db, { body }: { body: boolean }): string {
  return `select ${selectColumns(db, ArticleEntity, 'a', '', body ? [] : ['body', 'bodyHtml'])}, ${selectColumns(db, UserEntity, 'u', AUTHOR_PREFIX)}
    from articles a left join users u on u.id = a.author_id`;
}

/** The fields of Article that read the body columns. */
const BODY_FIELDS = ['body', 'bodyHtml'];

export interface ArticleFilter {
  sectionId?: string | null;
  label?: string | null;
  orderBy?: ArticleOrderEnum | null;
  promoted?: boolean | null;
}

/**
 * One page of the articles the viewer may read, keyset-paginated in the requested order.
 * `selection` (read ahead from the query) lets one statement answer the page, its authors and
 * totalCount, without the bodies unless they are shown.
 */
export function listArticles(
  db: Db,
  viewer: Viewer | null,
  args: PageArgs,
  filter: ArticleFilter,
  selection: { totalCount: boolean; nodeFields: Set<string> } = { totalCount: false, nodeFields: new Set(BODY_FIELDS) },
) {
  const where = [articleVisibleSql(viewer, 'a')];
  const params: unknown[] = [];
  if (filter.sectionId) {
    params.push(filter.sectionId);
    where.push(`a.section_id = $${params.length}`);
  }
  if (filter.label) {
    params.push(filter.label.toLowerCase());
    where.push(`a.labels @> array[$${params.length}::text]`);
  }
  if (filter.promoted != null) {
    params.push(filter.promoted);
    where.push(`a.promoted = $${params.length}`);
  }
  const orderBy = filter.orderBy ?? (filter.sectionId ? ArticleOrderEnum.POSITION : ArticleOrderEnum.NEWEST);
  const order = ORDERS[orderBy];
  return paginate<ArticleRow>(db, args, {
    tag: `articles:${orderBy}`,
    from: articleSelect(db, { body: BODY_FIELDS.some((f) => selection.nodeFields.has(f)) }),
    where,
    params,
    keys: order.keys,
    dir: order.dir,
    countInline: selection.totalCount,
    map: withAuthor<ArticleRow>,
  });
}
