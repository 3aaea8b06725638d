import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { DataSource, type DataSourceOptions, type Logger as OrmLogger } from 'typeorm';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Config } from '../config.js';
import { countSqlStatement } from '../lib/request-context.js';
import { log } from '../lib/logger.js';
import { migrations } from './migrations/index.js';
import { installPgTypeParsers } from './pg-types.js';
import { createPGliteDriver } from './pglite-pool.js';

export type Db = DataSource;

interface PgPool {
  query(config: { text: string; values?: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

const statementNames = new Map<string, string>();
const MAX_PREPARED = 2000;
const pools = new WeakMap<DataSource, PgPool | null>();

/** The node-postgres pool behind a PostgreSQL DataSource; null for PGlite (its own driver). */
function pgPoolOf(ds: DataSource): PgPool | null {
  let pool = pools.get(ds);
  if (pool === undefined) {
    const custom = (ds.options as { driver?: unknown }).driver !== undefined;
    const master = (ds.driver as unknown as { master?: PgPool }).master;
    pool = !custom && master && typeof master.query === 'function' ? master : null;
    pools.set(ds, pool);
  }
  return pool;
}

/**
 * A hot read (SELECT) as a named prepared statement straight on the pg pool: no QueryRunner,
 * and PostgreSQL parses and plans the text once per connection. Counted like every statement.
 * PGlite (and a DataSource not yet initialized) goes through `ds.query`.
 */
const SLOW_SQL_MS = 200;

export async function readRows<T = Record<string, unknown>>(ds: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const pool = ds.isInitialized ? pgPoolOf(ds) : null;
  if (!pool) return ds.query(sql, params);
  // prepared once per connection, up to a bound: statement texts that vary with clients'
  // selections must not grow every connection's prepared statements without end
  let name = statementNames.get(sql);
  if (!name && statementNames.size < MAX_PREPARED) {
    name = `r_${createHash('sha1').update(sql).digest('base64url')}`;
    statementNames.set(sql, name);
  }
  countSqlStatement();
  const started = performance.now();
  const res = await pool.query(name ? { text: sql, values: params, name } : { text: sql, values: params });
  const ms = performance.now() - started;
  if (ms > SLOW_SQL_MS) log().warn({ durationMs: Math.round(ms), query: sql.slice(0, 500) }, 'slow sql');
  return res.rows as T[];
}

export interface Database {
  ds: DataSource;
  kind: 'postgres' | 'pglite';
  /** true while the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}


/** Counts every statement for the request it runs in; logs slow ones. Never prints SQL otherwise. */
class SqlLogger implements OrmLogger {
  logQuery() {
    countSqlStatement();
  }
  logQueryError(error: string | Error, query: string) {
    log().debug({ err: error, query: query.slice(0, 500) }, 'sql error');
  }
  logQuerySlow(time: number, query: string) {
    log().warn({ durationMs: time, query: query.slice(0, 500) }, 'slow sql');
  }
  logSchemaBuild() {}
  logMigration(message: string) {
    log().debug(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') log().warn({ message }, 'typeorm');
  }
}

let poolErrorLogged = 0;
/** Pool errors come in bursts (every idle client of a restarted server): logged at most every 10 s. */
function poolError(err: Error) {
  if (Date.now() - poolErrorLogged < 10_000) return;
  poolErrorLogged = Date.now();
  log().warn({ err: err.message }, 'postgres connection lost; the pool reconnects on demand');
}

/** The TypeORM entity classes of the app (the composition root's list: modules/entities.ts). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

export interface OpenOptions {
  migrate?: boolean;
}

/**
 * Opens (and by default migrates) the database with the given entities. The app's database is
 * opened by modules/database.ts's `openDatabase(config)`, which hands in the app's entities.
 */
export async function openDatabaseWith(
  entities: EntityList,
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>,
  opts: OpenOptions = {},
): Promise<Database> {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logger: new SqlLogger(),
    maxQueryExecutionTime: SLOW_SQL_MS,
  };
  let ds: DataSource;
  let kind: Database['kind'];
  let closeExtra = async () => {};
  if (config.databaseUrl) {
    kind = 'postgres';
    installPgTypeParsers();
    ds = new DataSource({
      ...common,
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      // while PostgreSQL is unreachable a request fails within seconds instead of waiting for a socket
      connectTimeoutMS: 3000,
      // a broken connection (PostgreSQL restarted, network cut) is an 'error' on the pool: log it,
      // never crash; pg drops that client and opens a new one on the next checkout
      poolErrorHandler: (err: Error) => poolError(err),
      extra: {
        statement_timeout: 10_000,
        idle_in_transaction_session_timeout: 30_000,
        // idle clients are closed after a while (and dead ones found sooner), sockets kept alive
        idleTimeoutMillis: 30_000,
        keepAlive: true,
      },
    });
  } else {
    kind = 'pglite';
    if (config.dataDir) fs.mkdirSync(config.dataDir, { recursive: true });
    const driver = createPGliteDriver({
      ...(config.dataDir ? { dataDir: config.dataDir } : {}),
      extensions: { pg_trgm },
    });
    ds = new DataSource({ ...common, driver: driver as never, poolSize: 1 });
    closeExtra = () => driver.handle.close();
  }
  await ds.initialize();
  if (opts.migrate !== false) await ds.runMigrations({ transaction: 'each' });
  return {
    ds,
    kind,
    async ping() {
      try {
        await ds.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (ds.isInitialized) await ds.destroy();
      await closeExtra();
    },
  };
}
