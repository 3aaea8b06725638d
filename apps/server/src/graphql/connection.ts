import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { readRows, type Db } from '../db/data-source.js';
import { BadUserInputError } from './errors.js';

@ObjectType({ simpleResolvers: true, description: 'Information to aid in pagination (Relay cursor connections).' })
export class PageInfo {
  @Field(() => Boolean, { description: 'When paginating forwards, are there more items?' })
  hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'When paginating backwards, are there more items?' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'The cursor of the first item in the page.' })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'The cursor of the last item in the page.' })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Returns the first n items (1..100).' })
  first?: number | null;
  @Field(() => String, { nullable: true, description: 'Returns the items after this cursor.' })
  after?: string | null;
  @Field(() => Int, { nullable: true, description: 'Returns the last n items (1..100).' })
  last?: number | null;
  @Field(() => String, { nullable: true, description: 'Returns the items before this cursor.' })
  before?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** The runtime value behind every XxxConnection. totalCount is lazy (counted only when asked) unless already known. */
export interface ConnectionValue<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number | PromiseLike<number>;
}

/**
 * A thenable that runs `fn` only when awaited: graphql-js awaits a field's value only
 * when the field was selected, so an unasked totalCount costs no SQL.
 */
export function lazy<T>(fn: () => Promise<T> | T): PromiseLike<T> {
  let started: Promise<T> | null = null;
  return {
    then(onFulfilled, onRejected) {
      started ??= Promise.resolve().then(fn);
      return started.then(onFulfilled, onRejected);
    },
  };
}

/** Generic Relay connection type: `class CommentConnection extends Connection(Comment, 'Comment') {}`. */
export function Connection<TNode extends object>(NodeClass: ClassType<TNode>, name: string) {
  // plain properties (simple: no type-graphql wrapper per field; graphql-jit reads them inline)
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `An edge in a ${name} connection.` })
  class EdgeClass {
    @Field(() => String, { description: 'A cursor for use in pagination.' })
    cursor!: string;
    @Field(() => NodeClass, { description: 'The item at the end of the edge.' })
    node!: TNode;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [EdgeClass], { simple: true, description: 'A list of edges.' })
    edges!: EdgeClass[];
    @Field(() => [NodeClass], { simple: true, description: 'A list of nodes.' })
    nodes!: TNode[];
    @Field(() => PageInfo, { simple: true, description: 'Information to aid in pagination.' })
    pageInfo!: PageInfo;
    // not simple: the value may be a lazy thenable, which graphql-jit awaits only from a resolver
    @Field(() => Int, { description: 'The total number of items in the connection.' })
    totalCount!: number;
  }
  return ConnectionClass;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * The size of a valid first page (no cursor, no `last`), or null: such pages can be read in
 * batches or ahead; the others (and invalid sizes, which pageWindow reports) go one by one.
 */
export function firstPageSize(args: Pick<PageArgs, 'first' | 'after' | 'last' | 'before'>): number | null {
  if (args.after != null || args.before != null || args.last != null) return null;
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  return Number.isInteger(first) && first >= 1 && first <= MAX_PAGE_SIZE ? first : null;
}

export interface Window {
  limit: number;
  backward: boolean;
  cursor: string[] | null;
}

function checkSize(n: number | null | undefined, name: string) {
  if (n === null || n === undefined) return;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}.`, { field: name });
  }
}

export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * An edge whose cursor is encoded on first read: most pages select only pageInfo.endCursor.
 * Classes, not object literals with getters: a literal's getter closures give each object a
 * hidden class of its own, which V8 keeps (with everything the closures hold: the page) until
 * its next full GC, so every page read survived its young-generation collections.
 */
class LazyEdge<T> implements Edge<T> {
  private encoded: string | undefined;
  constructor(
    readonly node: T,
    private readonly tag: string,
    private readonly keys: readonly string[],
  ) {}
  get cursor(): string {
    return (this.encoded ??= encodeCursor([this.tag, ...this.keys]));
  }
}

export function lazyEdge<T>(node: T, tag: string, keys: readonly string[]): Edge<T> {
  return new LazyEdge(node, tag, keys);
}

/** PageInfo whose cursors are read from the edges when asked for (see LazyEdge). */
class EdgesPageInfo implements PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: readonly Edge<unknown>[],
  ) {}
  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }
  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** A cursor is [tag, ...sort values]; the tag names the list and order it belongs to. */
export function decodeCursor(cursor: string, tag: string, arity: number, field: string): string[] {
  try {
    if (cursor.length > 500) throw new Error('too long');
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity + 1 &&
      parsed[0] === tag &&
      parsed.every((v) => typeof v === 'string')
    ) {
      return parsed.slice(1);
    }
  } catch {
    /* fall through */
  }
  throw new BadUserInputError(`\`${field}\` is not a valid cursor for this list.`, { field });
}

/** Checks first/last/after/before and turns them into one window. */
export function pageWindow(args: PageArgs, tag: string, arity: number): Window {
  checkSize(args.first, 'first');
  checkSize(args.last, 'last');
  if (args.first != null && args.last != null) {
    throw new BadUserInputError('Pass `first` or `last`, not both.', { field: 'last' });
  }
  const backward = args.last != null || (args.before != null && args.first == null);
  const limit = (backward ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const raw = backward ? args.before : args.after;
  if (args.after != null && backward) decodeCursor(args.after, tag, arity, 'after');
  if (args.before != null && !backward) decodeCursor(args.before, tag, arity, 'before');
  return { limit, backward, cursor: raw != null ? decodeCursor(raw, tag, arity, backward ? 'before' : 'after') : null };
}

/** One sort key of a keyset: an SQL expression and the type its text form is cast back to. */
export interface SortKey {
  sql: string;
  cast: 'int' | 'float8' | 'timestamptz' | 'text' | 'uuid' | 'bigint';
}

/** What a sort value's text must look like before Postgres is asked to cast it. */
const CAST_SHAPE: Record<SortKey['cast'], (v: string) => boolean> = {
  int: (v) => /^-?\d{1,10}$/.test(v),
  bigint: (v) => /^-?\d{1,19}$/.test(v),
  float8: (v) => v !== '' && Number.isFinite(Number(v)),
  timestamptz: (v) => /^\d{4}-\d\d-\d\d[ T][\d:.]+([+-]\d\d(:\d\d)?|Z)?$/.test(v),
  text: () => true,
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
};

export interface KeysetQuery<Row> {
  /** Names the list and its order, so a cursor of one list is refused by another. */
  tag: string;
  /** `select ... from ... ` without where/order/limit. Its rows must not use columns named _k0.. */
  from: string;
  where: string[];
  params: unknown[];
  /** The keys in order; the last one must be unique (the id). All share one direction. */
  keys: SortKey[];
  dir: 'asc' | 'desc';
  /** By default the rows of `from` + `where` are counted; give this only for a cheaper exact count. */
  totalCount?: () => Promise<number> | number;
  /**
   * Count in the page's own statement (a scalar subquery over `from` + `where`): one round trip
   * instead of two when the caller knows totalCount is selected.
   */
  countInline?: boolean;
  /** Builds the node from a raw row, which still holds the `_`-prefixed helper columns. */
  map?: (row: Record<string, unknown>) => Row;
}

/**
 * Keyset pagination on (key..., id), both directions, one statement per page.
 * Sort values travel in the cursor as Postgres text, so timestamps keep their microseconds.
 */
export async function paginate<Row>(db: Db, args: PageArgs, q: KeysetQuery<Row>): Promise<ConnectionValue<Row>> {
  const w = pageWindow(args, q.tag, q.keys.length);
  if (w.cursor && !w.cursor.every((v, i) => CAST_SHAPE[q.keys[i].cast](v))) {
    throw new BadUserInputError('The cursor is not valid for this list.', { field: w.backward ? 'before' : 'after' });
  }
  const params = [...q.params];
  const where = [...q.where];
  const forwardDir = q.dir;
  const effectiveDir = w.backward ? (forwardDir === 'asc' ? 'desc' : 'asc') : forwardDir;
  if (w.cursor) {
    const lhs = q.keys.map((k) => k.sql).join(', ');
    const rhs = w.cursor.map((v, i) => {
      params.push(v);
      return `$${params.length}::${q.keys[i].cast}`;
    });
    where.push(`(${lhs}) ${effectiveDir === 'asc' ? '>' : '<'} (${rhs.join(', ')})`);
  }
  params.push(w.limit + 1);
  const filter = q.where.length ? `where ${q.where.join(' and ')}` : '';
  // the same rows the list pages through, so the count can never disagree with the list
  const countSql = `select count(*)::int as n from (${q.from} ${filter}) _counted`;
  const inline = q.countInline && !q.totalCount;
  const keyCols = q.keys.map((k, i) => `(${k.sql})::text as _k${i}`).join(', ') + (inline ? `, (${countSql}) as _total` : '');
  const sql = `${q.from.replace(/^\s*select\s/i, `select ${keyCols}, `)}
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by ${q.keys.map((k) => `${k.sql} ${effectiveDir}`).join(', ')}
    limit $${params.length}`;
  const rows: Array<Record<string, unknown>> = await readRows(db, sql, params);
  const more = rows.length > w.limit;
  const page = more ? rows.slice(0, w.limit) : rows;
  if (w.backward) page.reverse();
  const edges = page.map((r) => {
    const keys = q.keys.map((_, i) => r[`_k${i}`] as string);
    if (q.map) return lazyEdge(q.map(r), q.tag, keys);
    for (let i = 0; i < q.keys.length; i++) delete r[`_k${i}`];
    delete r._total;
    return lazyEdge(r as Row, q.tag, keys);
  });
  const total = inline && rows.length ? (rows[0]._total as number) : null;
  return connectionOf(edges, {
    hasNextPage: w.backward ? args.before != null : more,
    hasPreviousPage: w.backward ? more : args.after != null,
    totalCount:
      total ??
      q.totalCount ??
      (async () => {
        const [r] = await readRows<{ n: number }>(db, countSql, q.params);
        return r.n;
      }),
  });
}

export function connectionOf<T>(
  edges: Edge<T>[],
  { hasNextPage, hasPreviousPage, totalCount }: { hasNextPage: boolean; hasPreviousPage: boolean; totalCount: number | (() => Promise<number> | number) },
): ConnectionValue<T> {
  return {
    edges,
    nodes: edges.map((e) => e.node),
    // its cursors are read from the edges on demand: an edge's cursor is itself computed on first read
    pageInfo: new EdgesPageInfo(hasNextPage, hasPreviousPage, edges),
    totalCount: typeof totalCount === 'number' ? totalCount : lazy(totalCount),
  };
}
