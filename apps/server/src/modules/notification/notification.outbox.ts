import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { log } from '../../lib/logger.js';
import { commitNudge, PollWorker } from '../../lib/poll-worker.js';
import { inTransaction } from '../../lib/tx.js';

export interface OutboxRow {
  id: string;
  event: unknown;
  createdAt: Date;
  attempts: number;
}

export interface OutboxOptions {
  /** How often the worker looks for rows nobody nudged it about (other processes, retries). */
  pollMs: number;
  /** Events claimed per transaction. */
  batchSize: number;
  /** After this many failures an event is set aside (processed_at set, last_error kept). */
  maxAttempts: number;
  /** First retry delay of a failing event; doubles per attempt. */
  retryBaseMs: number;
  /**
   * How long after a commit the nudge runs: long enough for the writing request to finish
   * answering first (on PGlite, one session, a fan-out would otherwise queue its last reads).
   */
  nudgeDelayMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { pollMs: 500, batchSize: 50, maxAttempts: 8, retryBaseMs: 1000, nudgeDelayMs: 50 };

/**
 * Handles one event inside the worker's transaction and returns what to announce after
 * commit. It must be idempotent (the worker may replay an event after a crash).
 */
export type OutboxHandler<T> = (tx: EntityManager, row: OutboxRow) => Promise<T[]>;

/**
 * A durable outbox in the database.
 *
 * Writers call `enqueue(tx, events)` inside their own transaction, so the event commits
 * (or rolls back) with the write. The worker claims unprocessed rows with
 * `for update skip locked` (several processes may run one), handles each in a savepoint,
 * and marks it processed in the same transaction as the handler's writes: an event is
 * either fully handled and marked, or neither, so a crash or restart resumes without
 * losing or repeating anything. It runs on a timer and right after any commit that
 * enqueued (an in-process nudge through TypeORM's afterTransactionCommit), never inside
 * the writer's request.
 */
export class Outbox<T> {
  private readonly opts: OutboxOptions;
  private readonly loop: PollWorker;
  private readonly nudge: ReturnType<typeof commitNudge>;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly handler: OutboxHandler<T>,
    private readonly announce: (items: T[]) => void,
    opts: Partial<OutboxOptions> = {},
  ) {
    this.opts = { ...DEFAULT_OUTBOX_OPTIONS, ...opts };
    this.loop = new PollWorker('notification outbox', () => this.processBatch(), () => this.opts);
    this.nudge = commitNudge(db, () => this.loop.kick(this.opts.nudgeDelayMs));
  }

  /** Adds events in the caller's transaction. */
  async enqueue(tx: EntityManager, events: unknown[]): Promise<void> {
    if (!events.length) return;
    await tx.query(`insert into ${this.table} (event) select e from unnest($1::jsonb[]) as e`, [events.map((e) => JSON.stringify(e))]);
    this.nudge.mark(tx.queryRunner);
  }

  /** Starts the worker; `opts` changes its settings from then on (tests use a long poll). */
  start(opts: Partial<OutboxOptions> = {}): void {
    if (this.loop.isRunning) return;
    Object.assign(this.opts, opts);
    this.loop.start();
  }

  /** Stops the timer and waits for a batch in flight to commit. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  get isRunning(): boolean {
    return this.loop.isRunning;
  }

  /** Runs the worker soon, outside whatever request called this (its SQL is not the request's). */
  kick(delayMs = 0): void {
    this.loop.kick(delayMs);
  }

  /** Claims and handles one batch; returns how many events it took. */
  async processBatch(): Promise<number> {
    const { batchSize, maxAttempts, retryBaseMs } = this.opts;
    const { count, announced } = await inTransaction(this.db, async (tx) => {
      const rows: OutboxRow[] = await tx.query(
        `select id::text as id, event, created_at as "createdAt", attempts from ${this.table}
         where processed_at is null and (locked_until is null or locked_until <= now())
         order by id limit $1 for update skip locked`,
        [batchSize],
      );
      const announced: T[] = [];
      const done: string[] = [];
      for (const row of rows) {
        await tx.query('savepoint outbox_event');
        try {
          announced.push(...(await this.handler(tx, row)));
          await tx.query('release savepoint outbox_event');
          done.push(row.id);
        } catch (err) {
          await tx.query('rollback to savepoint outbox_event');
          const attempts = row.attempts + 1;
          const giveUp = attempts >= maxAttempts;
          log()[giveUp ? 'error' : 'warn']({ err, outboxId: row.id, attempts }, giveUp ? 'notification outbox: event set aside' : 'notification outbox: event failed');
          await tx.query(
            `update ${this.table} set attempts = $2, last_error = $3, locked_until = now() + make_interval(secs => $4),
               processed_at = case when $5 then now() end
             where id = $1`,
            [row.id, attempts, String((err as Error)?.message ?? err).slice(0, 1000), (retryBaseMs * 2 ** (attempts - 1)) / 1000, giveUp],
          );
        }
      }
      if (done.length) {
        await tx.query(`update ${this.table} set processed_at = now(), attempts = attempts + 1, locked_until = null where id = any($1::bigint[])`, [done]);
      }
      return { count: rows.length, announced };
    });
    if (announced.length) this.announce(announced);
    return count;
  }

  /** Processes until nothing is claimable (tests, shutdown hooks). */
  async drain(): Promise<void> {
    await this.loop.idle();
    while ((await this.processBatch()) > 0);
  }

  /** Events not yet processed (for metrics). */
  async backlog(): Promise<number> {
    const [{ n }] = await this.db.query(`select count(*)::int as n from ${this.table} where processed_at is null`);
    return n;
  }

  /** Removes the commit hook (the app is closing). */
  detach(): void {
    this.nudge.detach();
  }
}
