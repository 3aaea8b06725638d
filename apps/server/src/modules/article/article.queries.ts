import type { Db } from '../../db/data-source.js';
import { AUTHOR_PREFIX, columnsFor, selectColumns, withAuthor } from '../../db/columns.js';
import { USER_ALWAYS, USER_FIELD_COLUMNS } from '../user/user.columns.js';
import { UserEntity } from '../user/user.entity.js';
import { paginate, type PageArgs, type SortKey } from '../../graphql/connection.js';
import type { ConnectionSelection } from '../../graphql/lookahead.js';
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
 * needs no statement of its own. `props`/`authorProps`: only these entity properties (null:
 * all; `authorProps: false`: no author), so a list reads only what its selection shows.
 */
export function articleSelect(db: Db, { props = null, authorProps = null }: { props?: string[] | null; authorProps?: string[] | null | false } = {}): string {
  const author = authorProps === false ? '' : `, ${selectColumns(db, UserEntity, 'u', AUTHOR_PREFIX, authorProps)}`;
  return `select ${selectColumns(db, ArticleEntity, 'a', '', props)}${author}
    from articles a ${authorProps === false ? '' : 'left join users u on u.id = a.author_id'}`;
}

/**
 * The columns (entity properties) each Article field's resolver reads. Fields not listed
 * (comments, feedback, ... resolved in other modules) read every column.
 */
const ARTICLE_ALWAYS = ['id', 'authorId', 'sectionId', 'status'];
const ARTICLE_FIELD_COLUMNS: Record<string, string[]> = {
  __typename: [],
  id: [],
  slug: ['slug'],
  title: ['title'],
  body: ['body'],
  bodyHtml: ['bodyHtml'],
  excerpt: ['excerpt'],
  status: [],
  labels: ['labels'],
  promoted: ['promoted'],
  position: ['position'],
  commentsLocked: ['commentsLocked'],
  commentsLockReason: ['commentsLockReason'],
  helpfulCount: ['helpfulCount'],
  voteCount: ['voteCount'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  publishedAt: ['publishedAt'],
  redirectTo: ['redirectToId'],
  section: [],
  author: [],
  viewerVote: [],
  viewerCanEdit: [],
  revisions: [],
};

/** The select of a list: the columns its nodes' fields read, the author's only when selected. */
function listSelect(db: Db, { nodeFields, authorFields }: ConnectionSelection): string {
  const props = columnsFor(nodeFields, ARTICLE_ALWAYS, ARTICLE_FIELD_COLUMNS);
  // unknown fields (props null) may read the author from the row: keep all of it then
  const authorProps = !props ? null : nodeFields.has('author') ? columnsFor(authorFields, USER_ALWAYS, USER_FIELD_COLUMNS) : false;
  return articleSelect(db, { props, authorProps });
}

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
  selection: ConnectionSelection | null = null,
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
    from: selection ? listSelect(db, selection) : articleSelect(db),
    where,
    params,
    keys: order.keys,
    dir: order.dir,
    countInline: selection?.totalCount ?? false,
    map: withAuthor<ArticleRow>,
  });
}
