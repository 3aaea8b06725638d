import type { EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { log } from '../../lib/logger.js';
import { requestStorage } from '../../lib/request-context.js';
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

/** Set on a write transaction's query runner when it added outbox rows; the commit then nudges the worker. */
const NUDGE = Symbol('notification-outbox-nudge');

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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private readonly subscriber: EntitySubscriberInterface;

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly handler: OutboxHandler<T>,
    private readonly announce: (items: T[]) => void,
    opts: Partial<OutboxOptions> = {},
  ) {
    this.opts = { ...DEFAULT_OUTBOX_OPTIONS, ...opts };
    this.subscriber = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        const data = event.queryRunner.data as Record<symbol, unknown>;
        // afterTransactionCommit also fires when a savepoint is released: wait for the real commit
        if (data[NUDGE] && !event.queryRunner.isTransactionActive) {
          delete data[NUDGE];
          this.kick(this.opts.nudgeDelayMs);
        }
      },
    };
    db.subscribers.push(this.subscriber);
  }

  /** Adds events in the caller's transaction. */
  async enqueue(tx: EntityManager, events: unknown[]): Promise<void> {
    if (!events.length) return;
    await tx.query(`insert into ${this.table} (event) select e from unnest($1::jsonb[]) as e`, [events.map((e) => JSON.stringify(e))]);
    if (tx.queryRunner) (tx.queryRunner.data as Record<symbol, unknown>)[NUDGE] = true;
  }

  /** Starts the worker; `opts` changes its settings from then on (tests use a long poll). */
  start(opts: Partial<OutboxOptions> = {}): void {
    if (this.started) return;
    Object.assign(this.opts, opts);
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops the timer and waits for a batch in flight to commit. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** Runs the worker soon, outside whatever request called this (its SQL is not the request's). */
  kick(delayMs = 0): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = requestStorage.exit(() =>
      new Promise<void>((resolve) => (delayMs > 0 ? setTimeout(resolve, delayMs) : setImmediate(resolve))).then(() => this.loop()),
    );
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        while (this.started && (await this.processBatch()) === this.opts.batchSize);
      } while (this.again && this.started);
    } catch (err) {
      log().error({ err }, 'notification outbox: batch failed; retrying on the next poll');
    } finally {
      this.running = null;
    }
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
    await this.running;
    while ((await this.processBatch()) > 0);
  }

  /** Events not yet processed (for metrics). */
  async backlog(): Promise<number> {
    const [{ n }] = await this.db.query(`select count(*)::int as n from ${this.table} where processed_at is null`);
    return n;
  }

  /** Removes the commit hook (the app is closing). */
  detach(): void {
    const i = this.db.subscribers.indexOf(this.subscriber);
    if (i >= 0) this.db.subscribers.splice(i, 1);
  }
}
