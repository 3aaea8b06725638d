import type { EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import type { Db } from '../db/data-source.js';
import { log } from '../lib/logger.js';
import { PollWorker } from '../lib/poll-worker.js';
import { inTransaction } from '../lib/tx.js';
import type { AnyDomainEvent, DomainEvent, DomainEvents, EventName } from './catalog.js';

/**
 * The domain event log (#21): one path for every change that matters.
 *
 * - `record(tx, name, payload)` writes one row into `domain_events` in the writer's
 *   transaction: the event commits (or rolls back) with the change.
 * - `onCommitted(handler)`: in-process, on the writing instance, right after the commit
 *   (live subscriptions publish from here).
 * - `onRecorded(handler)`: in the writer's transaction, for derived rows that must commit with
 *   the change (the notification outbox).
 * - `consume(name, opts, handler)`: a durable consumer with its cursor in `event_consumers`;
 *   one instance at a time per name (the cursor row is locked `for update skip locked` while a
 *   batch runs), the handler runs in the transaction that advances the cursor (its writes and
 *   the cursor commit together; an error rolls both back and the batch comes again), resumes
 *   where it stopped after downtime. Woken after commits on this instance, through `wake`
 *   (the app's pubsub: Redis with REDIS_URL) after commits on other instances, and by a poll.
 *   (Not NOTIFY: a transaction that sent NOTIFY holds one server-wide lock while it commits.)
 * - `readAfter(cursor, opts)`: committed events after a cursor, in a stable order that never
 *   skips an event committed late (see the migration: rows are walked by (tx, id) and only
 *   those of transactions older than every running one are returned). Transaction ids are the
 *   PostgreSQL server's, not the database's: a writing transaction left open anywhere on the
 *   server (another database too) delays every reader until it ends; order stays right.
 */

const START: Cursor = { tx: '0', id: '0' };
const COMMIT_KICK_DELAY_MS = 50;

interface Cursor {
  tx: string;
  id: string;
}

export interface EventLogOptions {
  /** How often consumers look for events nobody woke them for (a safety net; NOTIFY and the commit hook wake them at once). */
  pollMs: number;
  /** Retry delay after a consumer's handler failed (doubles up to 30 s). */
  retryBaseMs: number;
  /**
   * Wakes consumers on other instances after a commit here (the app passes its pubsub; null:
   * this instance only, others find the events on their poll).
   */
  wake: { publish(): void; subscribe(handler: () => void): () => void } | null;
}

export interface ReadOptions<K extends EventName = EventName> {
  /** Only these types (all when omitted or empty). */
  types?: readonly K[];
  /** At most this many events (1..1000). */
  limit: number;
}

export interface ReadResult<K extends EventName = EventName> {
  events: Array<{ [P in K]: DomainEvent<P> }[K]>;
  /** Pass back to continue after these events (unchanged when there were none). */
  cursor: string;
  /**
   * True when later events exist that are not readable yet (a transaction older than them is
   * still running): read again shortly.
   */
  heldBack: boolean;
}

export interface ConsumeOptions<K extends EventName = EventName> {
  types?: readonly K[];
  /** Events per handler call (default 100). */
  batchSize?: number;
  /** Where a consumer seen for the first time starts: at the first event ever, or after the last one committed now. Default 'beginning'. */
  start?: 'beginning' | 'now';
  /** This consumer's safety-net poll (default: the log's pollMs). */
  pollMs?: number;
}

export type ConsumeHandler<K extends EventName> = (events: Array<{ [P in K]: DomainEvent<P> }[K]>, tx: EntityManager) => Promise<void>;

export interface Consumer {
  readonly name: string;
  /** Runs a batch soon (after `delayMs`, outside the calling request). */
  kick(delayMs?: number): void;
  /** Resolves when this consumer has handled every committed event (tests). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Stops waking it and waits for the batch in flight. */
  stop(): Promise<void>;
}

interface Pending {
  event: AnyDomainEvent;
}

const PENDING = Symbol('domain-events');

export function encodeCursor(c: Cursor): string {
  return `${c.tx}.${c.id}`;
}

/** Parses a cursor from `encodeCursor`; null when it is not one (callers answer BAD_USER_INPUT). */
export function decodeCursor(raw: string): Cursor | null {
  const m = /^(\d{1,20})\.(\d{1,19})$/.exec(raw);
  if (!m) return null;
  // xid8 and bigint bounds
  if (BigInt(m[1]) > 18446744073709551615n || BigInt(m[2]) > 9223372036854775807n) return null;
  return { tx: m[1], id: m[2] };
}

interface Row {
  id: string;
  tx: string;
  type: EventName;
  payload: unknown;
  occurred_at: Date;
  ready: boolean;
}

function toEvent(r: Row): AnyDomainEvent {
  return {
    id: r.id,
    type: r.type,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as never,
    occurredAt: r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at),
    cursor: encodeCursor({ tx: r.tx, id: r.id }),
  } as AnyDomainEvent;
}

export class EventLog {
  private readonly opts: EventLogOptions;
  private readonly committed = new Set<(event: AnyDomainEvent) => void>();
  private readonly recorded = new Set<(tx: EntityManager, event: AnyDomainEvent) => Promise<void>>();
  private readonly consumers = new Set<ConsumerLoop>();
  private readonly subscriber: EntitySubscriberInterface;
  private readonly unsubscribeWake: () => void;
  private closed = false;

  constructor(
    private readonly db: Db,
    opts: Partial<EventLogOptions> = {},
  ) {
    this.opts = { pollMs: 1000, retryBaseMs: 500, wake: null, ...opts };
    this.unsubscribeWake = this.opts.wake?.subscribe(() => this.kickAll()) ?? (() => {});
    this.subscriber = {
      afterTransactionCommit: (e: TransactionCommitEvent) => this.afterCommit(e.queryRunner),
      afterTransactionRollback: (e: TransactionRollbackEvent) => {
        // a savepoint rolled back keeps the outer transaction's events (they stay in the durable log
        // either way; only the in-process after-commit list is approximate for nested rollbacks)
        if (!e.queryRunner.isTransactionActive) delete (e.queryRunner.data as Record<symbol, unknown>)[PENDING];
      },
    };
    db.subscribers.push(this.subscriber);
  }

  /**
   * Writes one event in the caller's transaction. `tx` must be the transaction's EntityManager
   * (inTransaction's argument): an event outside a transaction would be visible before the change.
   */
  async record<K extends EventName>(tx: EntityManager, type: K, payload: DomainEvents[K]): Promise<string> {
    const qr = tx.queryRunner;
    if (!qr?.isTransactionActive) throw new Error(`events.record('${type}') needs the writer's transaction`);
    const p = payload as Record<string, unknown>;
    const [row]: Array<{ id: string; tx: string; occurred_at: Date }> = await tx.query(
      `insert into domain_events (type, payload, section_id, article_id, actor_id) values ($1, $2, $3, $4, $5)
       returning id::text as id, tx::text as tx, occurred_at`,
      [type, JSON.stringify(payload), str(p.sectionId), str(p.articleId), str(p.actorId)],
    );
    const event = { id: row.id, type, payload, occurredAt: new Date(row.occurred_at), cursor: encodeCursor({ tx: row.tx, id: row.id }) } as AnyDomainEvent;
    for (const h of this.recorded) await h(tx, event);
    const data = qr.data as Record<symbol, Pending[] | undefined>;
    (data[PENDING] ??= []).push({ event });
    return row.id;
  }

  /**
   * `handler` runs inside the writer's transaction for every event recorded (after its row is
   * written), for what must commit with the change itself (the notification outbox, a follow).
   * It must be quick and must not record events itself; an error aborts the write.
   */
  onRecorded(handler: (tx: EntityManager, event: AnyDomainEvent) => Promise<void>): () => void {
    this.recorded.add(handler);
    return () => this.recorded.delete(handler);
  }

  /** `handler` gets every event recorded on this instance, after its transaction commits (in record order). */
  onCommitted(handler: (event: AnyDomainEvent) => void): () => void {
    this.committed.add(handler);
    return () => this.committed.delete(handler);
  }

  private afterCommit(qr: QueryRunner) {
    if (qr.isTransactionActive) return; // a savepoint released: wait for the real commit
    const data = qr.data as Record<symbol, Pending[] | undefined>;
    const pending = data[PENDING];
    if (!pending) return;
    delete data[PENDING];
    for (const { event } of pending) {
      for (const h of this.committed) {
        try {
          h(event);
        } catch (err) {
          log().error({ err, type: event.type }, 'domain event handler failed');
        }
      }
    }
    this.kickAll();
    this.opts.wake?.publish();
  }

  /**
   * Wakes every consumer shortly after a commit: late enough for the writing request to finish
   * answering first (on PGlite, one session, a batch would otherwise queue its reads), like the
   * notification outbox's nudge.
   */
  private kickAll() {
    for (const c of this.consumers) c.kick(COMMIT_KICK_DELAY_MS);
  }

  /** Committed events after `cursor` (null: from the first), oldest first. */
  async readAfter<K extends EventName = EventName>(cursor: string | null, opts: ReadOptions<K>, tx?: EntityManager): Promise<ReadResult<K>> {
    const from = cursor === null ? START : decodeCursor(cursor);
    if (!from) throw new Error('invalid event cursor');
    const limit = Math.max(1, Math.min(1000, Math.floor(opts.limit)));
    const types = opts.types?.length ? [...opts.types] : null;
    const runner = tx ?? this.db;
    // rows of transactions still running come last in (tx, id) order once they commit, but a
    // row of a transaction older than the oldest running one never appears later: read only
    // those. One statement, one snapshot: `last` is the last readable row of any type.
    const rows: Array<Row & { last_tx: string | null; last_id: string | null }> = await runner.query(
      `with snap as (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
       last as (select e.tx, e.id from domain_events e, snap where e.tx < snap.xmin and (e.tx, e.id) > ($1::xid8, $2::bigint) order by e.tx desc, e.id desc limit 1),
       hit as (select e.id, e.tx, e.type, e.payload, e.occurred_at, e.tx < snap.xmin as ready
               from domain_events e, snap
               where (e.tx, e.id) > ($1::xid8, $2::bigint) and ($3::text[] is null or e.type = any($3::text[]))
               order by e.tx, e.id limit $4)
       select hit.id::text as id, hit.tx::text as tx, hit.type, hit.payload, hit.occurred_at, hit.ready,
              last.tx::text as last_tx, last.id::text as last_id
       from (select 1) one left join last on true left join hit on true order by hit.tx, hit.id`,
      [from.tx, from.id, types, limit],
    );
    const events: AnyDomainEvent[] = [];
    let heldBack = false;
    let fetched = 0;
    for (const r of rows) {
      if (r.id === null) continue; // no hit: only `last`
      fetched++;
      if (!r.ready) {
        heldBack = true;
        continue;
      }
      events.push(toEvent(r));
    }
    let next = events.length ? events[events.length - 1].cursor : encodeCursor(from);
    // nothing cut off by the limit: every readable row up to `last` was a hit or of another type
    const last = rows[0];
    if (fetched < limit && last?.last_tx) next = encodeCursor({ tx: last.last_tx, id: last.last_id! });
    return { events: events as ReadResult<K>['events'], cursor: next, heldBack };
  }

  /** The cursor after the last event committed now (a reader starting from it sees only what comes later). */
  async head(): Promise<string> {
    const [row]: Array<{ tx: string | null; id: string | null }> = await this.db.query(
      `select e.tx::text as tx, e.id::text as id from domain_events e where e.tx < pg_snapshot_xmin(pg_current_snapshot()) order by e.tx desc, e.id desc limit 1`,
    );
    return row?.tx ? encodeCursor({ tx: row.tx, id: row.id! }) : encodeCursor(START);
  }

  /** A durable consumer: see the class comment. Started at once; `stop()` it (or `close()` the log). */
  consume<K extends EventName>(name: string, opts: ConsumeOptions<K>, handler: ConsumeHandler<K>): Consumer {
    if (this.closed) throw new Error('the event log is closed');
    const loop = new ConsumerLoop(this, this.db, name, opts, handler as ConsumeHandler<EventName>, this.opts);
    this.consumers.add(loop);
    loop.onStop = () => this.consumers.delete(loop);
    loop.start();
    return loop;
  }

  /** Stops every consumer (waiting for batches in flight). */
  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribeWake();
    await Promise.all([...this.consumers].map((c) => c.stop()));
    const i = this.db.subscribers.indexOf(this.subscriber);
    if (i >= 0) this.db.subscribers.splice(i, 1);
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** PollWorker runs `step` again while it returns this (see ConsumerLoop.step). */
const AGAIN = 1;

class ConsumerLoop implements Consumer {
  private readonly worker: PollWorker;
  private failures = 0;
  private heldBackStreak = 0;
  private retryAt = 0;
  private readonly waiters = new Map<() => void, number>();
  onStop: () => void = () => {};

  constructor(
    private readonly log_: EventLog,
    private readonly db: Db,
    readonly name: string,
    private readonly opts: ConsumeOptions<EventName>,
    private readonly handler: ConsumeHandler<EventName>,
    private readonly settings: EventLogOptions,
  ) {
    // the loop (timer, kicks, one batch at a time, stop waits) is lib/poll-worker's
    this.worker = new PollWorker(`event consumer ${name}`, () => this.step(), () => ({ pollMs: opts.pollMs ?? settings.pollMs, batchSize: AGAIN }));
  }

  start() {
    this.worker.start();
  }

  kick(delayMs = 0): void {
    this.worker.kick(delayMs);
  }

  /** One batch; AGAIN when another should follow at once (a full batch, or events held back by an open transaction). */
  private async step(): Promise<number> {
    if (Date.now() < this.retryAt) return 0;
    try {
      const result = await this.batch();
      this.failures = 0;
      if (result.caughtUp) this.notifyCaughtUp(result.seq);
      if (result.full) return AGAIN;
      if (!result.heldBack) {
        this.heldBackStreak = 0;
        return 0;
      }
      // a transaction older than the events we saw is still open: look again soon (backing off
      // while it stays open; its commit wakes us anyway when it records events)
      this.heldBackStreak++;
      await new Promise((r) => setTimeout(r, Math.min(this.settings.pollMs, 10 * 2 ** Math.min(this.heldBackStreak, 10))));
      return AGAIN;
    } catch (err) {
      this.failures++;
      const delay = Math.min(30_000, this.settings.retryBaseMs * 2 ** (this.failures - 1));
      this.retryAt = Date.now() + delay;
      log().warn({ err, consumer: this.name, failures: this.failures }, 'event consumer failed; retrying');
      await this.db.query('update event_consumers set last_error = $2 where name = $1', [this.name, String((err as Error)?.message ?? err).slice(0, 1000)]).catch(() => {});
      setTimeout(() => this.worker.kick(), delay).unref();
      return 0;
    }
  }

  private startCursor: string | null = null;
  private seq = 0;

  private async batch(): Promise<BatchResult> {
    const seq = ++this.seq;
    const batchSize = this.opts.batchSize ?? 100;
    this.startCursor ??= this.opts.start === 'now' ? await this.log_.head() : encodeCursor(START);
    const start = decodeCursor(this.startCursor)!;
    return inTransaction(this.db, async (tx) => {
      // one instance at a time per consumer; an advisory lock takes no transaction id, so this
      // transaction does not hold back other readers' snapshots until the handler writes
      const [{ mine }] = await tx.query('select pg_try_advisory_xact_lock(hashtextextended($1, 21)) as mine', [`event-consumer:${this.name}`]);
      if (!mine) return { full: false, heldBack: false, caughtUp: false, seq };
      let [me]: Array<{ tx: string; id: string }> = await tx.query('select cursor_tx::text as tx, cursor_id::text as id from event_consumers where name = $1', [this.name]);
      if (!me) {
        await tx.query('insert into event_consumers (name, cursor_tx, cursor_id) values ($1, $2::xid8, $3::bigint) on conflict (name) do nothing', [this.name, start.tx, start.id]);
        me = start;
      }
      const from = encodeCursor(me);
      const read = await this.log_.readAfter(from, { types: this.opts.types, limit: batchSize }, tx);
      if (read.events.length) await this.handler(read.events, tx);
      if (read.cursor !== from) {
        const c = decodeCursor(read.cursor)!;
        await tx.query('update event_consumers set cursor_tx = $2::xid8, cursor_id = $3::bigint, updated_at = now(), last_error = null where name = $1', [this.name, c.tx, c.id]);
      }
      const full = read.events.length === batchSize;
      return { full, heldBack: read.heldBack, caughtUp: !full && !read.heldBack, seq };
    });
  }

  /** Resolves the waiters registered before this batch started. */
  private notifyCaughtUp(seq: number) {
    for (const [w, after] of [...this.waiters]) if (seq > after) w();
  }

  async caughtUp(timeoutMs = 60_000): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`consumer ${this.name} did not catch up within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.set(done, this.seq);
      this.kick();
    });
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    this.onStop();
  }
}

interface BatchResult {
  seq: number;
  full: boolean;
  heldBack: boolean;
  caughtUp: boolean;
}

/** What a writer needs of the log (services take this, so a tool without the log can pass `noEvents`). */
export type EventRecorder = Pick<EventLog, 'record'>;

/** Records nothing: for tools that write without the app (an import CLI); the app always passes services.events. */
export const noEvents: EventRecorder = {
  record: async () => '',
};
