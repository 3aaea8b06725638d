import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { openDatabase, type Database } from '../database.js';
import { RetryMailDocument } from '@atrium/schema';
import { toGlobalId } from '../../graphql/global-id.js';
import { inTransaction } from '../../lib/tx.js';
import { buildUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { useMailServer } from '../../../test/mail-server.js';
import { MailService, type OutgoingMail } from './mail.service.js';

const mailbox = useMailServer();
useTestApp(() => ({ smtpUrl: mailbox().url, mailFrom: 'Atrium Help <help@atrium.test>' }));

const FAST = { pollMs: 100, retryBaseMs: 150, retryMaxMs: 400, smtpTimeoutMs: 3000 };
beforeAll(async () => {
  // quick retries for the tests (the defaults wait 30 s and more)
  await app().services.mail.stop();
  app().services.mail.start(FAST);
});

function mail(over: Partial<OutgoingMail> = {}): OutgoingMail {
  const id = randomUUID().slice(0, 8);
  return {
    to: `m-${id}@example.com`,
    subject: `Subject ${id}`,
    text: `Hello ${id}\nhttp://localhost/x`,
    html: `<p>Hello <b>${id}</b></p>`,
    kind: 'TEST',
    dedupeKey: `test:${id}`,
    ...over,
  };
}

const enqueue = (m: OutgoingMail, service = app().services.mail) => inTransaction(app().database.ds, (tx) => service.enqueue(tx, m));

async function rowOf(dedupeKey: string) {
  const [row] = await sql<{ status: string; attempts: number; last_error: string | null; sent_at: Date | null }>(
    `select status, attempts, last_error, sent_at from mails where dedupe_key = $1`,
    [dedupeKey],
  );
  return row;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`condition not met: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('mail delivery through SMTP', () => {
  it('a mail enqueued in a committed transaction arrives once, with text and HTML parts, From = MAIL_FROM', async () => {
    const m = mail();
    await enqueue(m);
    const got = await mailbox().next({ to: m.to });
    expect(got.parsed.from?.value).toEqual([{ name: 'Atrium Help', address: 'help@atrium.test' }]);
    expect(got.envelopeFrom).toBe('help@atrium.test');
    expect(got.subject).toBe(m.subject);
    expect(got.text.trim()).toBe(m.text);
    expect(got.html).toContain(m.html);
    const row = await until(() => rowOf(m.dedupeKey), (r) => r.status === 'SENT');
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, last_error: null });
    expect(row.sent_at).toBeInstanceOf(Date);
    // once: a later mail comes, and still one for this address
    const later = mail();
    await enqueue(later);
    await mailbox().next({ to: later.to });
    expect(mailbox().for(m.to)).toHaveLength(1);
  });

  it('stopping the worker (shutdown) lets the batch in flight finish: nothing is left claimed and unrecorded', async () => {
    const mails = Array.from({ length: 8 }, () => mail({ kind: 'SHUTDOWN' }));
    await inTransaction(app().database.ds, async (tx) => {
      for (const m of mails) await app().services.mail.enqueue(tx, m);
    });
    await mailbox().next({ to: mails[0].to }); // a batch is being sent
    await app().services.mail.stop();
    const rows = await sql<{ status: string; attempts: number }>(`select status, attempts from mails where kind = 'SHUTDOWN'`);
    // every claimed mail (attempts 1) was sent and recorded; the rest were never claimed
    for (const r of rows) expect(r.status === 'SENT' ? r.attempts : r.attempts === 0 && r.status).toBe(r.status === 'SENT' ? 1 : 'QUEUED');
    app().services.mail.start(FAST);
    await mailbox().waitFor(() => mails.every((m) => mailbox().for(m.to).length === 1));
    expect(mails.map((m) => mailbox().for(m.to).length)).toEqual(mails.map(() => 1));
  });

  it('a rolled-back transaction sends nothing', async () => {
    const m = mail();
    await expect(
      inTransaction(app().database.ds, async (tx) => {
        await app().services.mail.enqueue(tx, m);
        throw new Error('the change fails');
      }),
    ).rejects.toThrow('the change fails');
    const later = mail();
    await enqueue(later);
    await mailbox().next({ to: later.to });
    expect(mailbox().for(m.to)).toHaveLength(0);
    expect(await rowOf(m.dedupeKey)).toBeUndefined();
  });

  it('the same dedupeKey twice is one mail', async () => {
    const m = mail();
    await enqueue(m);
    await enqueue({ ...m, subject: 'second try' });
    await mailbox().next({ to: m.to });
    const later = mail();
    await enqueue(later);
    await mailbox().next({ to: later.to });
    expect(mailbox().for(m.to).map((x) => x.subject)).toEqual([m.subject]);
    expect(await sql(`select count(*)::int as n from mails where dedupe_key = $1`, [m.dedupeKey])).toEqual([{ n: 1 }]);
  });

  it('while the SMTP server is down the mail waits (QUEUED, attempts counted) and arrives once when it is back', async () => {
    await mailbox().stop();
    try {
      const m = mail();
      await enqueue(m);
      const waiting = await until(() => rowOf(m.dedupeKey), (r) => r.attempts >= 2);
      expect(waiting.status).toBe('QUEUED');
      expect(waiting.last_error).toMatch(/ECONNREFUSED|connect/i);
      await mailbox().start();
      await mailbox().next({ to: m.to });
      await until(() => rowOf(m.dedupeKey), (r) => r.status === 'SENT');
      await new Promise((r) => setTimeout(r, 500)); // several polls later: still once
      expect(mailbox().for(m.to)).toHaveLength(1);
    } finally {
      await mailbox().start();
    }
  });

  it('a mail claimed by an instance that died is sent by another once its lease runs out', async () => {
    const m = mail();
    await app().services.mail.stop();
    await enqueue(m);
    // what a claim leaves behind: the attempt counted, the mail leased to the claimer for a while
    await sql(`update mails set attempts = 1, next_attempt_at = now() + interval '1 second' where dedupe_key = $1`, [m.dedupeKey]);
    app().services.mail.start(FAST);
    await expect(mailbox().next({ to: m.to, timeoutMs: 500 })).rejects.toThrow(/no a mail/);
    await mailbox().next({ to: m.to });
    expect(await until(() => rowOf(m.dedupeKey), (r) => r.status === 'SENT')).toMatchObject({ attempts: 2 });
  });

  it('an address refused with 550 makes the mail FAILED and the address marked; later mails to it are not sent', async () => {
    const m = mail();
    mailbox().refuse(m.to, 550);
    await enqueue(m);
    const row = await until(() => rowOf(m.dedupeKey), (r) => r.status !== 'QUEUED');
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(row.last_error).toMatch(/550/);
    expect(await sql(`select address, mail_id is not null as "hasMail" from mail_suppressions where address = $1`, [m.to])).toEqual([
      { address: m.to, hasMail: true },
    ]);
    const again = mail({ to: m.to.toUpperCase() });
    await enqueue(again);
    expect(await rowOf(again.dedupeKey)).toMatchObject({ status: 'FAILED', attempts: 0 });
    expect((await rowOf(again.dedupeKey)).last_error).toMatch(/failed before/);
    expect(mailbox().for(m.to)).toHaveLength(0);

    // the address works again: an admin retries the first mail, it goes out and the mark is gone
    mailbox().refuse(m.to, 0);
    const [first] = await sql<{ id: string }>(`select id from mails where dedupe_key = $1`, [m.dedupeKey]);
    const admin = await buildUser({ role: 'ADMIN' });
    const retried = (await gql(RetryMailDocument, { input: { mailId: toGlobalId('Mail', first.id) } }, { as: admin })).expectData().retryMail.mail;
    expect(retried).toMatchObject({ attempts: 0, lastError: null, addressFailedAt: null });
    await mailbox().next({ to: m.to });
    expect(await until(() => rowOf(m.dedupeKey), (r) => r.status === 'SENT')).toMatchObject({ attempts: 1 });
    expect(await sql(`select 1 from mail_suppressions where address = $1`, [m.to])).toEqual([]);
  });

  it('a temporary refusal (451) is retried; after maxAttempts the mail is FAILED but the address not marked', async () => {
    const m = mail();
    mailbox().refuse(m.to, 451);
    await enqueue(m);
    const waiting = await until(() => rowOf(m.dedupeKey), (r) => r.attempts >= 2);
    expect(waiting.status).toBe('QUEUED');
    mailbox().refuse(m.to, 0);
    await mailbox().next({ to: m.to });
    expect(await until(() => rowOf(m.dedupeKey), (r) => r.status === 'SENT')).toBeTruthy();

    const doomed = mail();
    mailbox().refuse(doomed.to, 451);
    await app().services.mail.stop();
    app().services.mail.start({ ...FAST, maxAttempts: 2 });
    try {
      await enqueue(doomed);
      expect(await until(() => rowOf(doomed.dedupeKey), (r) => r.status === 'FAILED')).toMatchObject({ attempts: 2 });
      expect(await sql(`select 1 from mail_suppressions where address = $1`, [doomed.to])).toEqual([]);
    } finally {
      await app().services.mail.stop();
      app().services.mail.start(FAST);
    }
  });

  it('CR/LF from user data never adds a header or a recipient', async () => {
    const victim = `victim-${randomUUID().slice(0, 8)}@example.com`;
    const m = mail({
      subject: `Hello\r\nBcc: ${victim}\r\nX-Injected: yes`,
      headers: { 'List-Unsubscribe': `<http://x/u>\r\nBcc: ${victim}`, 'Bad\r\nName': 'x' },
    });
    await enqueue(m);
    const got = await mailbox().next({ to: m.to });
    expect(got.to).toEqual([m.to]);
    expect(Object.keys(got.headers)).not.toContain('bcc');
    expect(Object.keys(got.headers)).not.toContain('x-injected');
    expect(got.raw).not.toMatch(/^(Bcc|X-Injected):/im);
    expect(got.subject).not.toMatch(/[\r\n]/);
    expect(got.headers['list-unsubscribe']?.[0]).not.toMatch(/\r?\nBcc/i);

    // an address with a line break (or a list) is not sent at all
    const bad = mail({ to: `${mail().to}\r\nBcc: ${victim}` });
    const list = mail({ to: `a@example.com, ${victim}` });
    await enqueue(bad);
    await enqueue(list);
    expect(await until(() => rowOf(bad.dedupeKey), (r) => r.status === 'FAILED')).toMatchObject({ last_error: 'not a single valid address' });
    expect(await until(() => rowOf(list.dedupeKey), (r) => r.status === 'FAILED')).toBeTruthy();
    const later = mail();
    await enqueue(later);
    await mailbox().next({ to: later.to });
    expect(mailbox().for(victim)).toHaveLength(0);
    expect(mailbox().for('a@example.com')).toHaveLength(0);
  });
});

describe('two instances on one database', () => {
  let second: { mail: MailService; database: Database | null } | null = null;
  afterAll(async () => {
    await second?.mail.close();
    await second?.database?.close();
  });

  it('deliver each of 50 mails exactly once', async () => {
    const first = app();
    // PostgreSQL: a second app's pool on the same database; PGlite (one process, one session): a second worker
    const database = first.config.databaseUrl ? await openDatabase(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }, { ...first.config })) : null;
    second = { mail: new MailService(database?.ds ?? first.database.ds, first.config), database };
    await first.services.mail.stop();
    const mails = Array.from({ length: 50 }, () => mail({ kind: 'FANOUT' }));
    await inTransaction(first.database.ds, async (tx) => {
      for (const m of mails) await first.services.mail.enqueue(tx, m);
    });
    const before = mailbox().all().length;
    first.services.mail.start({ ...FAST, batchSize: 5 });
    second.mail.start({ ...FAST, batchSize: 5 });
    await mailbox().waitForCount(before + 50, { timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 500));
    expect(mailbox().all().length).toBe(before + 50);
    for (const m of mails) expect(mailbox().for(m.to)).toHaveLength(1);
    expect(await sql(`select status, count(*)::int as n from mails where kind = 'FANOUT' group by status`)).toEqual([{ status: 'SENT', n: 50 }]);
  });
});
