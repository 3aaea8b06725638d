import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** Column lists cached at most: lists chosen by selections (`only`) vary with clients' queries. */
const CACHE_MAX = 1000;
const cache = new Map<string, string>();

/**
 * `alias.column as "property", ...` for an entity, from TypeORM's metadata, so raw SQL
 * reads return rows shaped like the entity without a second list of columns to keep in sync.
 * `only`: just these entity properties (a read that fetches what its selection shows).
 */
export function selectColumns<T extends ObjectLiteral>(ds: DataSource, entity: EntityTarget<T>, alias: string, prefix = '', only: readonly string[] | null = null): string {
  const meta = ds.getMetadata(entity);
  const key = `${meta.tableName}/${alias}/${prefix}/${only?.join(',') ?? '*'}`;
  let sql = cache.get(key);
  if (!sql) {
    sql = meta.columns
      .filter((c) => c.isSelect && (!only || only.includes(c.propertyName)))
      .map((c) => `${alias}.${c.databaseName} as "${prefix}${c.propertyName}"`)
      .join(', ');
    if (cache.size < CACHE_MAX) cache.set(key, sql);
  }
  return sql;
}

/**
 * The entity properties some selected GraphQL fields read, from a map field -> properties;
 * null (read them all) when a selected field is not in the map, so a new field is never
 * answered from a column that was left out.
 */
export function columnsFor(fields: ReadonlySet<string>, always: readonly string[], byField: Readonly<Record<string, readonly string[]>>): string[] | null {
  const out = new Set(always);
  for (const f of fields) {
    const cols = byField[f];
    if (!cols) return null;
    for (const c of cols) out.add(c);
  }
  return [...out].sort();
}

/** Splits the `prefix`ed columns of a joined row off into their own object. */
export function takePrefixed<T>(row: Record<string, unknown>, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(row)) {
    if (k.startsWith(prefix)) {
      out[k.slice(prefix.length)] = row[k];
      delete row[k];
    }
  }
  return out as T;
}

/**
 * Rows of an UPDATE/DELETE ... RETURNING: TypeORM answers those with [rows, rowCount]
 * (and SELECT/INSERT with rows), so writers read through this.
 */
export async function returningRows<T>(
  runner: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const res = await runner.query(sql, params);
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
  return res as T[];
}

/** Prefix of the author's columns in a row that joins its author (`u.handle as "author$handle"`). */
export const AUTHOR_PREFIX = 'author$';
const authorKeys = new Map<string, string>();

/**
 * A row that joined its author, as the entity with an `author` object: new objects built in
 * one pass (deleting keys from the driver's row would turn it into a slow dictionary object).
 * Helper columns (`_s0`, `_t0`, `_total`, `_rn`, ...) start with `_` and are left out.
 */
export function withAuthor<T>(raw: Record<string, unknown>): T {
  const row: Record<string, unknown> = {};
  const author: Record<string, unknown> = {};
  for (const k in raw) {
    if (k.charCodeAt(0) === 95) continue;
    if (k.startsWith(AUTHOR_PREFIX)) {
      let plain = authorKeys.get(k);
      if (plain === undefined) authorKeys.set(k, (plain = k.slice(AUTHOR_PREFIX.length)));
      author[plain] = raw[k];
    } else row[k] = raw[k];
  }
  // a left join without a match gives an author of nulls
  row.author = author.id == null ? undefined : author;
  return row as T;
}
