import type { EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import type { Db } from '../db/data-source.js';
import { log } from './logger.js';
import { requestStorage } from './request-context.js';

/**
 * The loop of a background worker over a table of work (the notification outbox, the mail
 * outbox): a batch on a timer and whenever kicked, batches back to back while they come back
 * full, never two at once in this process, never inside the request that kicked it. `stop()`
 * waits for the batch in flight, so shutdown lets it finish.
 */
export class PollWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;

  constructor(
    /** For the log: what this worker is. */
    private readonly name: string,
    /** Handles one batch; returns how many items it took. */
    private readonly batch: () => Promise<number>,
    /** Read at each use, so the owner may change its settings (tests do). */
    private readonly settings: () => { pollMs: number; batchSize: number },
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.settings().pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops the timer and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** Resolves when no batch of this loop is in flight. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Runs a batch soon (after `delayMs`), outside whatever request called this. */
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
        while (this.started && (await this.batch()) === this.settings().batchSize);
      } while (this.again && this.started);
    } catch (err) {
      log().error({ err }, `${this.name}: batch failed; retrying on the next poll`);
    } finally {
      this.running = null;
    }
  }
}

/**
 * Calls `onCommit` after a transaction that was marked with `mark(tx.queryRunner)` commits
 * (TypeORM's afterTransactionCommit, which also fires when a savepoint is released: it waits
 * for the real commit). Writers mark; the worker is nudged without waiting for its poll.
 */
export function commitNudge(db: Db, onCommit: () => void): { mark(queryRunner: QueryRunner | undefined): void; detach(): void } {
  const flag = Symbol('commit-nudge');
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: (event: TransactionCommitEvent) => {
      const data = event.queryRunner.data as Record<symbol, unknown>;
      if (data[flag] && !event.queryRunner.isTransactionActive) {
        delete data[flag];
        onCommit();
      }
    },
  };
  db.subscribers.push(subscriber);
  return {
    mark(queryRunner) {
      if (queryRunner) (queryRunner.data as Record<symbol, unknown>)[flag] = true;
    },
    detach() {
      const i = db.subscribers.indexOf(subscriber);
      if (i >= 0) db.subscribers.splice(i, 1);
    },
  };
}
