import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { fieldNames, fieldsNamed, nodeSelections, subfieldNames } from '../../graphql/lookahead.js';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { columnsFor } from '../../db/columns.js';
import { readRows, type Db } from '../../db/data-source.js';
import { connectionOf, firstPageSize, lazyEdge, type ConnectionValue, type Edge } from '../../graphql/connection.js';
import { isStaff, type Viewer } from '../../lib/viewer.js';
import { USER_ALWAYS, USER_FIELD_COLUMNS } from '../user/user.columns.js';
import { UserEntity } from '../user/user.entity.js';
import { CommentEntity } from './comment.entity.js';
import { commentVisibleSql } from './comment.policy.js';
import { orderKeys, SCORE_ORDERS, tagOf, type CommentOrder, type CommentRow, type PrefetchedReplies } from './comment.queries.js';

/**
 * The article page's comment tree in one statement: the first page of top-level comments and,
 * for each of them, the first page of replies, as many levels deep as the query asks for
 * (read ahead from the GraphQL selection). PostgreSQL builds the tree as JSON, so Node parses
 * one text value instead of a row per comment; the replies of each comment ride on the comment
 * (`prefetchedReplies`) and `Comment.replies` answers from there without SQL.
 */

/** One level of replies the query asks for: every `replies` field at that depth, same arguments. */
export interface ReplyLevel {
  first: number;
  order: CommentOrder;
}

/** Reply levels fetched in the tree statement at most; deeper ones fall back to the loaders. */
const MAX_LEVELS = 4;

export function replyKey(first: number, order: CommentOrder) {
  return `${first}:${order}`;
}

/** What the tree statement reads: the reply levels, and the Comment and author fields selected on any of them. */
export interface TreePlan {
  levels: ReplyLevel[];
  commentFields: Set<string>;
  authorFields: Set<string>;
}

/**
 * Reads the selection ahead: the reply levels under a comment connection field, as long as
 * every `replies` field of a level asks for a first page with the same size and order (what
 * the batched loader would fetch anyway; a level with cursors or mixed arguments ends the
 * read-ahead there), and which fields are selected, so the statement reads only their columns.
 */
export function treePlan(info: GraphQLResolveInfo): TreePlan {
  const comment = info.schema.getType('Comment') as GraphQLObjectType;
  const repliesDef = comment.getFields().replies;
  const plan: TreePlan = { levels: [], commentFields: new Set(), authorFields: new Set() };
  let current: readonly FieldNode[] = info.fieldNodes;
  for (;;) {
    const sets = nodeSelections(current, info.fragments);
    fieldNames(sets, info.fragments, plan.commentFields);
    subfieldNames(sets, 'author', info.fragments, plan.authorFields);
    if (plan.levels.length >= MAX_LEVELS) break;
    const replies: FieldNode[] = [];
    for (const set of sets) fieldsNamed(set, 'replies', info.fragments, replies);
    if (!replies.length) break;
    let level: ReplyLevel | null = null;
    for (const node of replies) {
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(repliesDef, node, info.variableValues);
      } catch {
        return plan; // the resolver reports bad arguments
      }
      const first = firstPageSize(args);
      if (first === null) return plan;
      const order = (args.orderBy as CommentOrder | undefined) ?? 'OLD';
      if (level && (level.first !== first || level.order !== order)) return plan;
      level = { first, order };
    }
    plan.levels.push(level!);
    current = replies;
  }
  return plan;
}

// ---------------------------------------------------------------- SQL

/**
 * The columns (entity properties) each Comment field's resolver reads (User's: user.columns.ts). A field not
 * listed here reads every column, so a new field is never answered from a missing one.
 */
const COMMENT_ALWAYS = ['id', 'status', 'authorId'];
const COMMENT_FIELD_COLUMNS: Record<string, string[]> = {
  __typename: [],
  id: [],
  depth: ['depth'],
  status: [],
  hideReason: ['hideReason'],
  isOfficial: ['isOfficial'],
  isAcceptedAnswer: ['acceptedAt'],
  acceptedAt: ['acceptedAt'],
  acceptedBy: ['acceptedBy'],
  acceptedAnswer: ['acceptedAnswerId'],
  removedBy: ['removedBy'],
  viewerCanMarkAnswer: ['depth'],
  score: ['score'],
  upvotes: ['upvotes'],
  downvotes: ['downvotes'],
  createdAt: ['createdAt'],
  editedAt: ['editedAt'],
  article: ['articleId'],
  parent: ['parentId'],
  author: [],
  body: ['body'],
  bodyHtml: ['bodyHtml'],
  viewerVote: [],
  replyCount: ['articleId', 'replyCount', 'replyCountAll'],
  replies: ['articleId', 'replyCount', 'replyCountAll'],
  viewerCanEdit: ['articleId'],
  viewerCanDelete: [],
  viewerCanModerate: [],
  revisions: [],
};
interface EntityJson {
  /** `alias.column, ...` for json_build_array: positional, no key text per row */
  values: (alias: string) => string;
  /** The entity object of such an array (timestamps as Date). */
  make: (a: readonly unknown[]) => Record<string, unknown>;
  /** A cache key naming the columns. */
  key: string;
  /** How many columns. */
  width: number;
  /** Position of the id. */
  idAt: number;
}

/** Statement texts and column sets kept at most (they vary with the selection, so clients choose them). */
const CACHE_MAX = 500;
const entityJson = new Map<string, EntityJson>();

/** Positional json_build_array arguments for some (or all) of an entity's selectable columns, from TypeORM's metadata. */
function jsonOf<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, props: string[] | null): EntityJson {
  const key = `${ds.getMetadata(entity).tableName}:${props?.join(',') ?? '*'}`;
  let out = entityJson.get(key);
  if (!out) {
    const columns = ds.getMetadata(entity).columns.filter((c) => c.isSelect && (!props || props.includes(c.propertyName)));
    const names = columns.map((c) => c.propertyName);
    const isDate = columns.map((c) => c.type === 'timestamptz');
    out = {
      key,
      width: columns.length,
      idAt: names.indexOf('id'),
      values: (alias) => columns.map((c) => `${alias}.${c.databaseName}`).join(', '),
      make: (a) => {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) {
          const v = a[i];
          o[names[i]] = isDate[i] && v != null ? new Date(v as string) : v;
        }
        return o;
      },
    };
    // bounded: the column sets come from clients' selections
    if (entityJson.size < CACHE_MAX) entityJson.set(key, out);
  }
  return out;
}

const sqlCache = new Map<string, string>();

/**
 * The statement for a tree. Parameters: $1 viewer id (when signed in), then the article id,
 * then the page size + 1 of the top level and of each reply level.
 */
function treeSql(db: Db, viewer: Viewer | null, order: CommentOrder, levels: ReplyLevel[], comment: EntityJson, user: EntityJson | null): string {
  const who = !viewer ? 'anon' : isStaff(viewer) ? 'staff' : 'member';
  const cacheKey = `${who}|${order}|${levels.map((l) => l.order).join(',')}|${comment.key}|${user?.key ?? '-'}`;
  let sql = sqlCache.get(cacheKey);
  if (sql) return sql;
  const base = viewer ? 2 : 1; // $base = article id, $(base + 1 + level) = that level's limit
  /** A level's rows as a json array; `scope` restricts the comments of alias `c`. */
  const level = (depth: number, ord: CommentOrder, scope: string): string => {
    const c = `c${depth}`;
    const k = `k${depth}`;
    const { keys, dir } = orderKeys(ord, false, c);
    const sortCols = keys.map((key, i) => `${key.sql} as _s${i}, (${key.sql})::text as _t${i}`).join(', ');
    const orderBy = (alias: string) => keys.map((_, i) => `${alias}._s${i} ${dir}`).join(', ');
    const child = depth < levels.length ? level(depth + 1, levels[depth].order, `c${depth + 1}.parent_id = ${k}.id`) : null;
    // each comment is [...columns, author?, viewer's vote, sort key texts, replies?]: arrays,
    // so neither PostgreSQL nor JSON.parse handles a key per value
    return `select coalesce(json_agg(t${depth}.j order by ${orderBy(`t${depth}`)}), '[]') as j from (
      select ${keys.map((_, i) => `${k}._s${i}`).join(', ')}, json_build_array(
        ${comment.values(k)},
        ${user ? `(select json_build_array(${user.values(`u${depth}`)}) from users u${depth} where u${depth}.id = ${k}.author_id),` : ''}
        ${viewer ? `v${depth}.value` : 'null'},
        json_build_array(${keys.map((_, i) => `${k}._t${i}`).join(', ')})
        ${child ? `, r${depth}.j` : ''}) as j
      from (
        select ${c}.*, ${sortCols} from comments ${c}
        where ${scope} and ${commentVisibleSql(viewer, c, '$1')}
        order by ${keys.map((_, i) => `_s${i} ${dir}`).join(', ')}
        limit $${base + 1 + depth}
      ) ${k}
      ${viewer ? `left join comment_votes v${depth} on v${depth}.comment_id = ${k}.id and v${depth}.user_id = $1` : ''}
      ${child ? `left join lateral (${child}) r${depth} on true` : ''}
    ) t${depth}`;
  };
  const top = `c0.article_id = $${base} and c0.parent_id is null`;
  sql = `select (${level(0, order, top)}) as tree`;
  if (sqlCache.size < CACHE_MAX) sqlCache.set(cacheKey, sql);
  return sql;
}

// ---------------------------------------------------------------- rows

/** A comment of the tree as PostgreSQL sends it (see treeSql). */
type TreeJson = unknown[];

/**
 * One page of an article's top-level comments with `levels` of replies read in the same
 * statement. Only for first pages (no cursor); `commentPage` answers the others.
 */
export async function commentTree(
  db: Db,
  viewer: Viewer | null,
  articleId: string,
  first: number,
  order: CommentOrder,
  { levels, commentFields, authorFields }: TreePlan,
  /** The top level's totalCount (from the article's counters), read when selected. */
  total: () => number | Promise<number>,
): Promise<ConnectionValue<CommentRow>> {
  const commentColumns = columnsFor(commentFields, COMMENT_ALWAYS, COMMENT_FIELD_COLUMNS);
  const comment = jsonOf(db, CommentEntity, commentColumns);
  // authors are read when selected, or when some field is unknown to the column map
  const user = !commentColumns || commentFields.has('author') ? jsonOf(db, UserEntity, columnsFor(authorFields, USER_ALWAYS, USER_FIELD_COLUMNS)) : null;
  const params: unknown[] = viewer ? [viewer.id, articleId] : [articleId];
  params.push(first + 1, ...levels.map((l) => l.first + 1));
  const [row] = await readRows<{ tree: TreeJson[] }>(db, treeSql(db, viewer, order, levels, comment, user), params);
  const authors = new Map<string, Record<string, unknown>>();
  const now = new Date().toISOString();

  // positions in a comment's array after its columns
  const at = comment.width;
  const votePos = user ? at + 1 : at;
  const build = (nodes: TreeJson[], size: number, ord: CommentOrder, depth: number): ConnectionValue<CommentRow> => {
    const tag = tagOf(ord, SCORE_ORDERS.has(ord) ? now : null);
    const next = levels[depth];
    const key = next ? replyKey(next.first, next.order) : '';
    const edges: Edge<CommentRow>[] = [];
    for (let i = 0; i < nodes.length && i < size; i++) {
      const a = nodes[i];
      const node = comment.make(a) as unknown as CommentRow;
      if (user) {
        // one object per author
        const raw = a[at] as unknown[] | null;
        if (raw) {
          const id = raw[user.idAt] as string;
          let author = authors.get(id);
          if (!author) authors.set(id, (author = user.make(raw)));
          node.author = author as unknown as UserEntity;
        }
      }
      node.viewerVoteValue = a[votePos] as number | null;
      if (next) node.prefetchedReplies = { key, conn: build((a[votePos + 2] as TreeJson[] | undefined) ?? [], next.first, next.order, depth + 1) };
      // cursors are encoded only when asked for (most pages select pageInfo.endCursor alone)
      edges.push(lazyEdge(node, tag, a[votePos + 1] as string[]));
    }
    // a reply connection's totalCount comes from its parent's counters (Comment.replies)
    return connectionOf(edges, { hasNextPage: nodes.length > size, hasPreviousPage: false, totalCount: depth === 0 ? total : -1 });
  };
  return build(row.tree, first, order, 0);
}
