import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
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

export interface ArticleFilter {
  sectionId?: string | null;
  label?: string | null;
  orderBy?: ArticleOrderEnum | null;
  promoted?: boolean | null;
}

/** One page of the articles the viewer may read, keyset-paginated in the requested order. */
export function listArticles(db: Db, viewer: Viewer | null, args: PageArgs, filter: ArticleFilter) {
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
  return paginate<ArticleEntity>(db, args, {
    tag: `articles:${orderBy}`,
    from: `select ${selectColumns(db, ArticleEntity, 'a')} from articles a`,
    where,
    params,
    keys: order.keys,
    dir: order.dir,
  });
}
