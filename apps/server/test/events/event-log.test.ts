import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnyDomainEvent } from '../../src/events/catalog.js';
import { EventLog } from '../../src/events/event-log.js';
import { inTransaction } from '../../src/lib/tx.js';
import { sql, useTestApp } from '../harness.js';

/**
 * The domain event log (events/event-log.ts): record in the writer's transaction, after-commit
 * handlers, readAfter's commit-order-safe cursor under concurrent writers, durable consumers that
 * resume, and one consumer name in two processes.
 */

const onPostgres = !!process.env.DATABASE_URL;
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const app = useTestApp();

const ref = () => ({ articleId: randomUUID(), sectionId: randomUUID(), actorId: randomUUID() });

/**
 * The cursor after every event committed so far (head() may stop before one a running
 * transaction holds back). Transaction ids are the whole PostgreSQL server's: on a server shared
 * with other test runs, another database's open writing transaction holds events back too.
 */
async function tail(log: EventLog): Promise<string> {
  let cursor = await log.head();
  for (;;) {
    const page = await log.readAfter(cursor, { limit: 1000 });
    cursor = page.cursor;
    if (!page.events.length && !page.heldBack) return cursor;
    if (!page.events.length) await new Promise((r) => setTimeout(r, 10));
  }
}

/** A slow shared server may hold events back for a while (see tail). */
const PATIENT = { timeout: 120_000 };

async function recordOne(log: EventLog, type: 'article.published' | 'article.archived' = 'article.published', payload = ref()) {
  return inTransaction(app().database.ds, (tx) => log.record(tx, type, payload));
}

describe('record', () => {
  it('writes the event with its ids in the transaction, and a rolled-back transaction leaves nothing', async () => {
    const events = app().services.events;
    const seen: AnyDomainEvent[] = [];
    const off = events.onCommitted((e) => seen.push(e));
    const p = ref();
    await expect(
      inTransaction(app().database.ds, async (tx) => {
        await events.record(tx, 'article.published', p);
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(await sql('select * from domain_events where article_id = $1', [p.articleId])).toEqual([]);
    expect(seen).toEqual([]);

    const id = await inTransaction(app().database.ds, async (tx) => {
      const id = await events.record(tx, 'article.published', p);
      // not yet after commit
      expect(seen).toEqual([]);
      return id;
    });
    off();
    expect(seen.map((e) => [e.id, e.type, e.payload])).toEqual([[id, 'article.published', p]]);
    const [row] = await sql<Record<string, unknown>>('select type, payload, section_id, article_id, actor_id from domain_events where id = $1', [id]);
    expect(row).toEqual({ type: 'article.published', payload: p, section_id: p.sectionId, article_id: p.articleId, actor_id: p.actorId });
  });

  it('refuses to record outside a transaction', async () => {
    const events = app().services.events;
    await expect(events.record(app().database.ds.manager, 'article.published', ref())).rejects.toThrow(/transaction/);
  });

  it('is typed by the catalog', () => {
    // compile-time checks (npm run typecheck): wrong names and payloads do not build
    const check = (log: EventLog, tx: Parameters<EventLog['record']>[0]) => {
      // @ts-expect-error: no such event
      void log.record(tx, 'article.exploded', ref());
      // @ts-expect-error: comment.voted needs the comment's ids and counts
      void log.record(tx, 'comment.voted', ref());
    };
    expect(typeof check).toBe('function');
  });
});

describe('readAfter', () => {
  it('pages through committed events, filters by type, and rejects a forged cursor', PATIENT, async () => {
    const events = app().services.events;
    const start = await tail(events);
    const ids = [await recordOne(events), await recordOne(events, 'article.archived'), await recordOne(events)];
    // readable once no older transaction (another request, a worker) is still open
    await tail(events);
    const page1 = await events.readAfter(start, { limit: 2 });
    const page2 = await events.readAfter(page1.cursor, { limit: 2 });
    expect([...page1.events, ...page2.events].map((e) => e.id)).toEqual(ids);
    expect((await events.readAfter(page2.cursor, { limit: 10 })).events).toEqual([]);
    const published = await events.readAfter(start, { limit: 10, types: ['article.published'] });
    expect(published.events.map((e) => e.id)).toEqual([ids[0], ids[2]]);
    // a filtered read still moves past the events of other types
    expect(published.cursor).toBe(page2.cursor);
    for (const bad of ['', 'x', '1.2.3', '-1.5', '99999999999999999999999.1', "1.1' or 1=1", '1.1\u0000']) {
      await expect(events.readAfter(bad, { limit: 1 })).rejects.toThrow('invalid event cursor');
    }
  });

  it.skipIf(!onPostgres)('does not pass an event whose transaction began earlier and commits later', PATIENT, async () => {
    const ds = app().database.ds;
    const events = app().services.events;
    const start = await tail(events);
    const early = ds.createQueryRunner();
    const late = ds.createQueryRunner();
    try {
      await early.startTransaction();
      // the early transaction writes first (smaller id and transaction id) but commits last
      const a = await events.record(early.manager, 'article.published', ref());
      await late.startTransaction();
      const b = await events.record(late.manager, 'article.archived', ref());
      await late.commitTransaction();
      const during = await events.readAfter(start, { limit: 10 });
      expect(during.events).toEqual([]);
      expect(during.heldBack).toBe(true);
      expect(during.cursor).toBe(start);
      await early.commitTransaction();
      const after: string[] = [];
      let cursor = during.cursor;
      for (;;) {
        // another transaction (a worker, another database's test) may still hold them back for a moment
        const page = await events.readAfter(cursor, { limit: 10, types: ['article.published', 'article.archived'] });
        after.push(...page.events.map((e) => e.id));
        cursor = page.cursor;
        if (!page.heldBack) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(after).toEqual([a, b]);
    } finally {
      await early.release();
      await late.release();
    }
  });

  it('never misses or repeats an event while writers commit concurrently (a reader polling readAfter)', PATIENT, async () => {
    const ds = app().database.ds;
    const events = app().services.events;
    const start = await tail(events);
    const WRITERS = 8;
    const PER_WRITER = 30;
    const written: string[] = [];
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: WRITERS }, async () => {
        for (let i = 0; i < PER_WRITER; i++) {
          const ids = await inTransaction(ds, async (tx) => {
            const one = await events.record(tx, 'article.published', ref());
            // commits land in another order than ids and transaction ids were taken
            await tx.query('select pg_sleep($1)', [Math.random() * 0.004]);
            const two = await events.record(tx, 'article.updated', { ...ref(), status: 'PUBLISHED' });
            return [one, two];
          });
          written.push(...ids);
        }
      }),
    ).finally(() => (writing = false));
    const read: string[] = [];
    let cursor = start;
    let heldBack = 0;
    for (;;) {
      const wasWriting = writing;
      const page = await events.readAfter(cursor, { limit: 13 });
      read.push(...page.events.map((e) => e.id));
      cursor = page.cursor;
      if (page.heldBack) heldBack++;
      if (!wasWriting && !page.events.length && !page.heldBack) break;
      if (!page.events.length) await new Promise((r) => setTimeout(r, 2));
    }
    await writers;
    expect(written).toHaveLength(WRITERS * PER_WRITER * 2);
    expect(new Set(read).size).toBe(read.length);
    expect([...read].sort()).toEqual([...written].sort());
    // the two events of one transaction are read together, in record order
    for (let i = 0; i < read.length; i += 2) expect(Number(read[i + 1]) - Number(read[i])).toBeGreaterThan(0);
    console.log(`concurrent readAfter: ${read.length} events, ${heldBack} reads held back by open transactions`);
  });
});

describe('consume', () => {
  it('a consumer stopped and restarted picks up where it stopped; a failing batch comes again', PATIENT, async () => {
    const events = app().services.events;
    const name = `resume-${randomUUID()}`;
    const handled: string[] = [];
    const take = async (batch: Array<{ id: string }>) => {
      handled.push(...batch.map((e) => e.id));
    };
    const first = events.consume(name, { types: ['article.published'], start: 'now' }, take);
    await first.caughtUp();
    const before = [await recordOne(events), await recordOne(events), await recordOne(events, 'article.archived')];
    await first.caughtUp();
    await first.stop();
    expect(handled).toEqual([before[0], before[1]]);

    // written while nobody consumes
    const during = [await recordOne(events), await recordOne(events)];
    let failOnce = true;
    const second = events.consume(name, { types: ['article.published'], batchSize: 1 }, async (batch, tx) => {
      await tx.query('update event_consumers set last_error = $2 where name = $1', [name, 'written by the failing batch']);
      if (failOnce) {
        failOnce = false;
        throw new Error('the receiver is down');
      }
      await take(batch);
    });
    await second.caughtUp();
    await second.stop();
    expect(handled).toEqual([before[0], before[1], ...during]);
    const [row] = await sql<{ last_error: string | null }>('select last_error from event_consumers where name = $1', [name]);
    expect(row.last_error).toBeNull();
  });

  it('hands events committed by a request to a consumer without waiting for its poll', async () => {
    const events = app().services.events;
    const got: string[] = [];
    let wake: () => void = () => {};
    // an hour between polls: only the commit (this instance) or NOTIFY (PostgreSQL) can wake it
    const consumer = events.consume(`wake-${randomUUID()}`, { start: 'now', pollMs: 3_600_000 }, async (batch) => {
      got.push(...batch.map((e) => e.id));
      wake();
    });
    try {
      await consumer.caughtUp();
      const arrived = new Promise<void>((r) => (wake = r));
      const id = await recordOne(events);
      await arrived;
      expect(got).toEqual([id]);
    } finally {
      await consumer.stop();
    }
  });
});

describe.skipIf(!onPostgres)('one consumer in two processes', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  function startWorker(name: string): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/events/consumer-child.ts'], {
      cwd: serverDir,
      env: { ...process.env, DATABASE_URL: app().config.databaseUrl!, WORKER: name, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(proc);
    return new Promise((resolve, reject) => {
      let out = '';
      const on = (d: Buffer) => {
        out += d.toString();
        if (out.includes('consuming')) resolve(proc);
      };
      proc.stdout!.on('data', on);
      proc.stderr!.on('data', on);
      proc.once('exit', (code) => reject(new Error(`worker ${name} exited (${code}):\n${out}`)));
    });
  }

  it('never both handle an event, and the survivor takes over when one is killed', PATIENT, async () => {
    await sql('create table consumer_probe (event_id bigint not null, worker text not null)');
    const [a] = await Promise.all([startWorker('A'), startWorker('B')]);
    const ds = app().database.ds;
    const events = app().services.events;
    const TOTAL = 240;
    const written: string[] = [];
    const write = (n: number) =>
      Promise.all(
        Array.from({ length: 6 }, async () => {
          for (let i = 0; i < n / 6; i++) written.push(await inTransaction(ds, (tx) => events.record(tx, 'article.redirected', { ...ref(), redirectToId: null })));
        }),
      );
    await write(TOTAL / 2);
    // wait until the first half is handled, then kill A mid-stream (a batch in flight rolls back)
    const handledCount = async () => Number((await sql<{ n: string }>('select count(distinct event_id) as n from consumer_probe'))[0].n);
    for (let i = 0; i < 1500 && (await handledCount()) < TOTAL / 4; i++) await new Promise((r) => setTimeout(r, 20));
    a.kill('SIGKILL');
    await write(TOTAL / 2);
    for (let i = 0; i < 3000 && (await handledCount()) < TOTAL; i++) await new Promise((r) => setTimeout(r, 20));
    const rows = await sql<{ event_id: string; worker: string }>('select event_id::text as event_id, worker from consumer_probe');
    const ids = rows.map((r) => r.event_id);
    // every event handled once: no id twice, none missing
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...written].sort());
    const byA = rows.filter((r) => r.worker === 'A').length;
    const byB = rows.filter((r) => r.worker === 'B').length;
    console.log(`two processes: A handled ${byA}, B handled ${byB} of ${TOTAL}`);
    // B handled at least what came after A was killed
    expect(byB).toBeGreaterThanOrEqual(TOTAL / 2);
  });
});
