import { EventEmitter } from 'node:events';
import { PGlite, types, type PGliteOptions, type Results } from '@electric-sql/pglite';

/**
 * A `pg`-shaped pool over one embedded PGlite instance, for TypeORM's postgres driver.
 *
 * PGlite is a single Postgres session. The naive adapter (typeorm-pglite) lets two
 * TypeORM query runners interleave on it, so one request's BEGIN would swallow another's
 * statements. Here the pool has exactly one client and hands it out to one query runner
 * at a time, like `pg.Pool({ max: 1 })`: transactions stay isolated and Postgres
 * semantics hold.
 */
type Callback = (err: Error | null, result?: unknown) => void;
type Release = (err?: unknown) => void;

const boolSerializer = (val: unknown) => {
  if (val === true || val === 'true' || val === 1) return 't';
  if (val === false || val === 'false' || val === 0) return 'f';
  return String(val);
};

class PGliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  query(text: string, paramsOrCb?: unknown[] | Callback, maybeCb?: Callback): Promise<unknown> {
    const cb = typeof paramsOrCb === 'function' ? paramsOrCb : maybeCb;
    const params = Array.isArray(paramsOrCb) ? paramsOrCb : undefined;
    const run: Promise<Results<Record<string, unknown>> | { rows: unknown[]; affectedRows: number }> =
      params && params.length > 0
        ? this.db.query<Record<string, unknown>>(text, params)
        : // exec runs several statements; like pg, answer with the last one's result
          this.db.exec(text).then((all) => all[all.length - 1] ?? { rows: [], affectedRows: 0 });
    const shaped = run.then((r) => ({
      rows: r.rows,
      rowCount: 'rowCount' in r && typeof r.rowCount === 'number' ? r.rowCount : (r.affectedRows ?? r.rows.length),
      command: 'command' in r ? r.command : text.trimStart().split(/\s/, 1)[0]?.toUpperCase(),
      fields: 'fields' in r ? r.fields : [],
    }));
    if (cb) shaped.then((r) => cb(null, r), (e: Error) => cb(e));
    return shaped;
  }
}

export interface PGlitePoolHandle {
  /** Resolves once the database is open. */
  ready: Promise<PGlite>;
  close(): Promise<void>;
}

export function createPGliteDriver(options: PGliteOptions): { Pool: unknown; handle: PGlitePoolHandle } {
  const ready = PGlite.create({
    ...options,
    serializers: { [types.BOOL]: boolSerializer, ...(options.serializers ?? {}) },
  });
  let closed = false;

  class Pool extends EventEmitter {
    private busy = false;
    private readonly waiting: Array<() => void> = [];
    private client: PGliteClient | null = null;

    connect(cb?: (err: Error | null, client?: PGliteClient, release?: Release) => void): Promise<unknown> {
      const acquired = new Promise<PGliteClient>((resolve, reject) => {
        const take = () => {
          if (closed) return reject(new Error('PGlite pool is closed'));
          this.busy = true;
          ready.then((db) => resolve((this.client ??= new PGliteClient(db))), reject);
        };
        if (!this.busy) take();
        else this.waiting.push(take);
      });
      let released = false;
      const release: Release = () => {
        if (released) return;
        released = true;
        this.busy = false;
        this.waiting.shift()?.();
      };
      return acquired.then(
        (client) => {
          cb?.(null, client, release);
          return client;
        },
        (err: Error) => {
          release();
          cb?.(err);
          throw err;
        },
      );
    }

    /** A one-off statement outside any runner still waits its turn. */
    async query(text: string, params?: unknown[] | Callback, cb?: Callback) {
      let release: Release = () => {};
      const client = (await this.connect((_e, _c, r) => (release = r ?? release))) as PGliteClient;
      try {
        return await client.query(text, params, cb);
      } finally {
        release();
      }
    }

    end(cb?: (err?: Error | null) => void) {
      closed = true;
      ready.then((db) => db.close()).then(() => cb?.(null), (e: Error) => cb?.(e));
    }
  }

  return {
    Pool,
    handle: {
      ready,
      async close() {
        closed = true;
        const db = await ready;
        if (!db.closed) await db.close();
      },
    },
  };
}
