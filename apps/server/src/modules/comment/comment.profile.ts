import { readRows, type Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { connectionOf, lazyEdge, paginate, type ConnectionValue, type PageArgs, type SortKey } from '../../graphql/connection.js';
import { groupBy } from '../../graphql/loaders.js';
import { CommentEntity } from './comment.entity.js';
import { profileCommentSql } from './comment.policy.js';

/*
 * The comments of a user's profile (User.recentComments, User.commentCount): newest first,
 * only what the comment policy lets anyone see (profileCommentSql). Counts and first pages
 * are read for many authors in one statement (a list of comment authors asking for their
 * profiles costs one statement, not one per author); later pages, one statement each.
 */

const TAG = 'profile-comments';
const KEYS: SortKey[] = [
  { sql: 'c.created_at', cast: 'timestamptz' },
  { sql: 'c.id', cast: 'uuid' },
];
const FROM = 'from comments c join articles a on a.id = c.article_id';

/** Public comments per author, for many authors in one statement. */
export async function profileCommentCounts(db: Db, authorIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await readRows<{ authorId: string; n: number }>(
    db,
    `select c.author_id as "authorId", count(*)::int as n ${FROM}
     where c.author_id = any($1::uuid[]) and ${profileCommentSql('c', 'a')} group by c.author_id`,
    [authorIds],
  );
  return new Map(rows.map((r) => [r.authorId, r.n]));
}

/** First pages (newest first) of many authors' public comments, one statement (row_number per author). */
export async function firstProfileCommentsOf(db: Db, authorIds: readonly string[], first: number): Promise<Map<string, ConnectionValue<CommentEntity>>> {
  const rows = await readRows<Record<string, unknown>>(
    db,
    `select * from (
       select ${selectColumns(db, CommentEntity, 'c')}, c.created_at::text as _k0, c.id::text as _k1,
              row_number() over (partition by c.author_id order by c.created_at desc, c.id desc) as _rn
       ${FROM}
       where c.author_id = any($1::uuid[]) and ${profileCommentSql('c', 'a')}
     ) t where t._rn <= $2 order by t."authorId", t._rn`,
    [authorIds, first + 1],
  );
  const byAuthor = groupBy(rows, (r) => r.authorId as string);
  const out = new Map<string, ConnectionValue<CommentEntity>>();
  for (const authorId of authorIds) {
    const list = byAuthor.get(authorId) ?? [];
    const edges = list.slice(0, first).map((r) => {
      const keys = [r._k0 as string, r._k1 as string];
      const { _k0, _k1, _rn, ...row } = r;
      return lazyEdge(row as unknown as CommentEntity, TAG, keys);
    });
    // totalCount is filled in by the resolver from the batched count
    out.set(authorId, connectionOf(edges, { hasNextPage: list.length > first, hasPreviousPage: false, totalCount: -1 }));
  }
  return out;
}

/** Any page (cursors either way) of one author's public comments. */
export function profileCommentsPage(db: Db, authorId: string, args: PageArgs): Promise<ConnectionValue<CommentEntity>> {
  return paginate<CommentEntity>(db, args, {
    tag: TAG,
    from: `select ${selectColumns(db, CommentEntity, 'c')} ${FROM}`,
    where: ['c.author_id = $1', profileCommentSql('c', 'a')],
    params: [authorId],
    keys: KEYS,
    dir: 'desc',
  });
}
