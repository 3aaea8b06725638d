import type { EntityManager } from 'typeorm';
import type { Db } from '../db/data-source.js';

const RETRYABLE = new Set(['40001', '40P01']);

/** The SQLSTATE of a driver error (pg and PGlite both put it on `code`). */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

export function constraintOf(err: unknown): string | undefined {
  const e = err as { constraint?: unknown; driverError?: { constraint?: unknown } } | null;
  const c = e?.driverError?.constraint ?? e?.constraint;
  return typeof c === 'string' ? c : undefined;
}

/**
 * Runs `work` in one transaction and retries it on serialization failures and deadlocks
 * (40001, 40P01), so callers see either the whole change or none of it.
 */
export async function inTransaction<T>(db: Db, work: (tx: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((tx) => work(tx));
    } catch (err) {
      const state = sqlState(err);
      if (!state || !RETRYABLE.has(state) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10 * attempt));
    }
  }
}
