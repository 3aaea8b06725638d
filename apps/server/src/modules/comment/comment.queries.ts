import { readRows, type Db } from '../../db/data-source.js';
import { AUTHOR_PREFIX, selectColumns, withAuthor } from '../../db/columns.js';
import { connectionOf, lazyEdge, pageWindow, type ConnectionValue, type PageArgs, type SortKey } from '../../graphql/connection.js';
import { BadUserInputError } from '../../graphql/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import { UserEntity } from '../user/user.entity.js';
import { CommentEntity } from './comment.entity.js';
import { commentVisibleSql } from './comment.policy.js';

export type CommentOrder = 'BEST' | 'TOP' | 'NEW' | 'OLD';

/** A comment row as lists return it: with its author and the viewer's vote folded in. */
export interface CommentRow extends CommentEntity {
  author?: UserEntity;
  /** 1, -1, or null; undefined when not fetched with the row. */
  viewerVoteValue?: number | null;
  /** Replies read with the comment by the article page's tree statement. */
  prefetchedReplies?: PrefetchedReplies;
}

/** The replies a tree comment came with, for one (page size, order): comment.tree.ts reads them. */
export interface PrefetchedReplies {
  key: string;
  conn: ConnectionValue<CommentRow>;
}


/**
 * Sort keys of each order, on the comments of table alias `c`. With a snapshot time, score
 * orders use the votes as they were then (from the vote-event join `e`).
 */
export function orderKeys(order: CommentOrder, snapshot: boolean, c = 'c'): { keys: SortKey[]; dir: 'asc' | 'desc' } {
  const up = snapshot ? `${c}.upvotes - coalesce(e.d_up, 0)` : `${c}.upvotes`;
  const down = snapshot ? `${c}.downvotes - coalesce(e.d_down, 0)` : `${c}.downvotes`;
  const created: SortKey = { sql: `${c}.created_at`, cast: 'timestamptz' };
  const id: SortKey = { sql: `${c}.id`, cast: 'uuid' };
  switch (order) {
    case 'BEST':
      return { keys: [{ sql: snapshot ? `wilson_lower_bound(${up}, ${down})` : `${c}.best`, cast: 'float8' }, created, id], dir: 'desc' };
    case 'TOP':
      return { keys: [{ sql: snapshot ? `(${up}) - (${down})` : `${c}.score`, cast: 'int' }, created, id], dir: 'desc' };
    case 'NEW':
      return { keys: [created, id], dir: 'desc' };
    case 'OLD':
      return { keys: [created, id], dir: 'asc' };
  }
}

export const SCORE_ORDERS = new Set<CommentOrder>(['BEST', 'TOP']);
const TAG = /^c:(BEST|TOP|NEW|OLD):(\d{4}-\d\d-\d\dT[\d:.]+Z|-)$/;

/**
 * The tag of a comment cursor names its order and, for score orders, the moment of the
 * reader's first page: later pages sort by the votes as they were then, so votes cast
 * meanwhile cannot make a comment appear twice or be skipped.
 */
export function tagOf(order: CommentOrder, snapshotAt: string | null) {
  return `c:${order}:${snapshotAt ?? '-'}`;
}

function snapshotFromCursor(args: PageArgs, order: CommentOrder): string | null {
  const cursor = args.after ?? args.before;
  if (!cursor || !SCORE_ORDERS.has(order)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const tag = Array.isArray(parsed) && typeof parsed[0] === 'string' ? TAG.exec(parsed[0]) : null;
    if (tag && tag[1] === order && tag[2] !== '-') return tag[2];
  } catch {
    /* pageWindow reports the bad cursor */
  }
  return null;
}

export interface CommentSelect {
  sql: string;
  params: unknown[];
}

/**
 * `select` list and joins shared by the list queries. Parameters: $1 the viewer id when
 * signed in; $2 (or $1 when anonymous) the scope. `first` is the number of the first free one.
 */
function baseSelect(db: Db, viewer: Viewer | null): string {
  return `select ${selectColumns(db, CommentEntity, 'c')}, ${selectColumns(db, UserEntity, 'u', AUTHOR_PREFIX)},
      ${viewer ? 'v.value' : 'null::smallint'} as "viewerVoteValue"
    from comments c
    join users u on u.id = c.author_id
    ${viewer ? 'left join comment_votes v on v.comment_id = c.id and v.user_id = $1' : ''}`;
}

/** Parameters for a list query: the viewer id comes first when there is one. */
function viewerParams(viewer: Viewer | null): { params: unknown[]; add: (v: unknown) => string } {
  const params: unknown[] = viewer ? [viewer.id] : [];
  return { params, add: (v) => (params.push(v), `$${params.length}`) };
}

/** The comment of a list row, its author split off. */
export function shapeRow(raw: Record<string, unknown>): CommentRow {
  return withAuthor<CommentRow>(raw);
}

/**
 * One page of an article's top-level comments, or of one comment's replies, with the
 * total count computed in the same statement.
 */
export async function commentPage(
  db: Db,
  viewer: Viewer | null,
  args: PageArgs,
  scope: { articleId: string; parentId: string | null },
  order: CommentOrder,
): Promise<ConnectionValue<CommentRow>> {
  const snapshotAt = snapshotFromCursor(args, order);
  const expired = snapshotAt !== null && Date.now() - Date.parse(snapshotAt) > VOTE_EVENT_RETENTION_MS;
  const snapshot = snapshotAt !== null && !expired;
  const tag = tagOf(order, SCORE_ORDERS.has(order) ? (snapshotAt ?? new Date().toISOString()) : null);
  const { keys, dir } = orderKeys(order, snapshot);
  const w = pageWindow(args, tag, keys.length);
  if (w.cursor && !CAST_OK(keys, w.cursor)) throw new BadUserInputError('The cursor is not valid for this list.', { field: 'after' });

  const { params, add } = viewerParams(viewer);
  const article = add(scope.articleId);
  const where = [`c.article_id = ${article}`, commentVisibleSql(viewer, 'c', '$1')];
  where.push(scope.parentId ? `c.parent_id = ${add(scope.parentId)}` : 'c.parent_id is null');
  const countParams = [...params];
  let snapshotJoin = '';
  if (snapshot) {
    snapshotJoin = `left join (
        select comment_id, sum(d_up)::int as d_up, sum(d_down)::int as d_down from comment_vote_events
        where article_id = ${article} and created_at > ${add(snapshotAt)}::timestamptz group by comment_id
      ) e on e.comment_id = c.id`;
  }
  const effective = w.backward ? (dir === 'asc' ? 'desc' : 'asc') : dir;
  const keyCols = keys.map((k, i) => `${k.sql} as _s${i}, (${k.sql})::text as _t${i}`).join(', ');
  let cursorCond = '';
  if (w.cursor) {
    const rhs = w.cursor.map((v, i) => `${add(v)}::${keys[i].cast}`);
    cursorCond = `where (${keys.map((_, i) => `t._s${i}`).join(', ')}) ${effective === 'asc' ? '>' : '<'} (${rhs.join(', ')})`;
  }
  const limit = add(w.limit + 1);
  const sql = `select * from (
      ${baseSelect(db, viewer).replace(/^select /, `select ${keyCols}, count(*) over () as _total, `)}
      ${snapshotJoin}
      where ${where.join(' and ')}
    ) t ${cursorCond}
    order by ${keys.map((_, i) => `t._s${i} ${effective}`).join(', ')}
    limit ${limit}`;
  const rows: Array<Record<string, unknown>> = await readRows(db, sql, params);
  // the total is the same on every row; an empty page past the end needs its own count
  const total = rows.length ? Number(rows[0]._total) : w.cursor ? null : 0;
  const more = rows.length > w.limit;
  const page = more ? rows.slice(0, w.limit) : rows;
  if (w.backward) page.reverse();
  const edges = page.map((r) => lazyEdge(shapeRow(r), tag, keys.map((_, i) => r[`_t${i}`] as string)));
  return connectionOf(edges, {
    hasNextPage: w.backward ? args.before != null : more,
    hasPreviousPage: w.backward ? more : args.after != null,
    totalCount: () =>
      total ??
      db
        .query(`select count(*)::int as n from comments c where ${where.join(' and ')}`, countParams)
        .then((r: Array<{ n: number }>) => r[0].n),
  });
}

function CAST_OK(keys: SortKey[], values: string[]): boolean {
  return values.every((v, i) => {
    switch (keys[i].cast) {
      case 'float8':
        return v !== '' && Number.isFinite(Number(v));
      case 'int':
        return /^-?\d{1,10}$/.test(v);
      case 'timestamptz':
        return /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:\d\d)?|Z)?$/.test(v);
      case 'uuid':
        return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
      default:
        return true;
    }
  });
}

export const VOTE_EVENT_RETENTION_MS = 24 * 3600_000;

/**
 * First pages of replies for many parents in one statement (row_number per parent),
 * the batched form the article page uses level by level.
 */
export async function firstRepliesOf(
  db: Db,
  viewer: Viewer | null,
  parentIds: readonly string[],
  first: number,
  order: CommentOrder,
): Promise<Map<string, ConnectionValue<CommentRow>>> {
  const { keys, dir } = orderKeys(order, false);
  const tag = tagOf(order, SCORE_ORDERS.has(order) ? new Date().toISOString() : null);
  const orderSql = keys.map((k) => `${k.sql} ${dir}`).join(', ');
  const keyCols = keys.map((k, i) => `(${k.sql})::text as _t${i}`).join(', ');
  const { params, add } = viewerParams(viewer);
  const rows: Array<Record<string, unknown>> = await readRows(
    db,
    `select * from (
       ${baseSelect(db, viewer).replace(/^select /, `select ${keyCols}, row_number() over (partition by c.parent_id order by ${orderSql}) as _rn, `)}
       where c.parent_id = any(${add(parentIds)}::uuid[]) and ${commentVisibleSql(viewer, 'c', '$1')}
     ) t where t._rn <= ${add(first + 1)} order by t."parentId", t._rn`,
    params,
  );
  const byParent = new Map<string, Array<Record<string, unknown>>>();
  for (const r of rows) {
    const list = byParent.get(r.parentId as string);
    if (list) list.push(r);
    else byParent.set(r.parentId as string, [r]);
  }
  const out = new Map<string, ConnectionValue<CommentRow>>();
  for (const parentId of parentIds) {
    const list = byParent.get(parentId) ?? [];
    const more = list.length > first;
    const edges = list.slice(0, first).map((r) => lazyEdge(shapeRow(r), tag, keys.map((_, i) => r[`_t${i}`] as string)));
    // totalCount is filled in by the resolver from the parent's counters
    out.set(parentId, connectionOf(edges, { hasNextPage: more, hasPreviousPage: false, totalCount: -1 }));
  }
  return out;
}
