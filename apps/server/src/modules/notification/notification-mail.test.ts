import { describe, expect, it } from 'vitest';
import {
  AddCommentDocument,
  HideCommentDocument,
  NotificationPreferencesDocument,
  UpdateNotificationPreferencesDocument,
  UserNotificationPreferencesDocument,
} from '@atrium/schema';
import { buildArticle, buildComment, buildUser, type Row, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, startTestApp, useTestApp } from '../../../test/harness.js';
import { useMailServer } from '../../../test/mail-server.js';
import type { App } from '../../http/server.js';
import { lastCompletedPeriod, NotificationMailer } from './notification-mailer.js';
import { NotificationMails } from './notification-mail.js';
import { UnsubscribeTokens } from './notification-unsubscribe.js';

const mailbox = useMailServer();
useTestApp(() => ({ smtpUrl: mailbox().url }));

/** A member whose address is verified (notification mail goes only to verified addresses). */
async function member(opts: Parameters<typeof buildUser>[0] = {}): Promise<TestUser> {
  const u = await buildUser(opts);
  await sql('update users set email_verified_at = now() where id = $1', [u.id]);
  return u;
}

const settle = () => app().services.notifications.outbox.drain();
const prefs = async (u: TestUser) => (await gql(NotificationPreferencesDocument, {}, { as: u })).expectData().viewer!.notificationPreferences;
const setPrefs = (u: TestUser | null, input: Record<string, string | null>) => gql(UpdateNotificationPreferencesDocument, { input }, { as: u });
const mailsTo = (u: TestUser) => sql<{ kind: string; dedupe_key: string; subject: string; text: string }>('select kind, dedupe_key, subject, text from mails where user_id = $1 order by created_at', [u.id]);

async function reply(article: Row, parentGid: string, as: TestUser, body: string) {
  return (await gql(AddCommentDocument, { input: { articleId: article.gid, parentId: parentGid, body } }, { as })).expectData().addComment.comment;
}

describe('User.notificationPreferences / Mutation.updateNotificationPreferences', () => {
  it('has the defaults, changes only what is given, and is the viewer’s alone', async () => {
    const u = await member();
    expect(await prefs(u)).toEqual({ replies: 'INSTANTLY', follows: 'DAILY', moderation: 'INSTANTLY' });
    const res = (await setPrefs(u, { follows: 'WEEKLY' })).expectData().updateNotificationPreferences;
    expect(res.notificationPreferences).toEqual({ replies: 'INSTANTLY', follows: 'WEEKLY', moderation: 'INSTANTLY' });
    expect(res.user.notificationPreferences).toEqual(res.notificationPreferences);
    (await setPrefs(u, { replies: 'NEVER', moderation: null })).expectData();
    expect(await prefs(u)).toEqual({ replies: 'NEVER', follows: 'WEEKLY', moderation: 'INSTANTLY' });
    // someone else (an admin too) reads null
    const admin = await member({ role: 'ADMIN' });
    const [row] = await sql<{ handle: string }>('select handle from users where id = $1', [u.id]);
    expect((await gql(UserNotificationPreferencesDocument, { handle: row.handle }, { as: admin })).expectData().user!.notificationPreferences).toBeNull();
    expect((await gql(UserNotificationPreferencesDocument, { handle: row.handle }, { as: u })).expectData().user!.notificationPreferences).toEqual({ replies: 'NEVER' });
  });

  it('refuses anonymous callers, suspended accounts and unknown values, changing nothing', async () => {
    (await setPrefs(null, { replies: 'NEVER' })).expectErrorCode('UNAUTHENTICATED');
    const s = await member({ status: 'SUSPENDED' });
    (await setPrefs(s, { replies: 'NEVER' })).expectErrorCode('FORBIDDEN');
    (await setPrefs(s, { replies: 'HOURLY' })).expectErrorCode('BAD_USER_INPUT');
    expect(await sql('select 1 from notification_preferences where user_id = $1', [s.id])).toEqual([]);
  });
});

describe('instant notification mail', () => {
  it('a reply reaches the SMTP server once, with text and HTML parts, the sanitized comment, its link and one-click unsubscribe', async () => {
    const article = await buildArticle({ title: 'Resetting a router' });
    const ada = await member();
    const bob = await member();
    const question = (await gql(AddCommentDocument, { input: { articleId: article.gid, body: 'How do I reset it?' } }, { as: ada })).expectData().addComment.comment;
    const answer = await reply(article, question.id, bob, 'Hold the **button** for 10 s. <script>alert(1)</script>');
    await settle();
    const mail = await mailbox().next({ to: ada.email });
    expect(mail.subject).toBe('User ' + bob.handle + ' replied to your comment on “Resetting a router”');
    expect(mail.text).toContain('> Hold the button for 10 s. <script>alert(1)</script>');
    expect(mail.text).toContain(`/articles/${article.slug}#comment-${answer.id}`);
    expect(mail.html).toContain('<strong>button</strong>');
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).toContain('&lt;script&gt;');
    const url = /^List-Unsubscribe:\s*<([^>]+)>$/i.exec(mail.headers['list-unsubscribe']?.[0]?.replace(/\r?\n\s+/g, '') ?? '')?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[\w-]+\.[\w-]+$/);
    expect(mail.headers['list-unsubscribe-post']?.[0]).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/i);
    expect(mail.text).toContain(url);
    // the link in the header is the one-click: POST it as a mail client would
    const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(await prefs(ada)).toEqual({ replies: 'NEVER', follows: 'DAILY', moderation: 'INSTANTLY' });
    // never twice: the notification id is the dedupe key, and a replayed event adds nothing
    const rows = await mailsTo(ada);
    expect(rows).toHaveLength(1);
    expect(rows[0].kind).toBe('REPLY');
    const [n] = await sql<{ id: string; mailed_at: Date | null }>('select id, mailed_at from notifications where recipient_id = $1', [ada.id]);
    expect(rows[0].dedupe_key).toBe(n.id);
    expect(n.mailed_at).not.toBeNull();
    // the author is not mailed about their own reply; bob follows but wrote it
    expect(await mailsTo(bob)).toEqual([]);
  });

  it('nothing for NEVER, DAILY (digest), unverified addresses, and a reply hidden before the worker got to it', async () => {
    const article = await buildArticle();
    const never = await member();
    const daily = await member();
    const unverified = await buildUser();
    await sql('update users set email_verified_at = null where id = $1', [unverified.id]);
    (await setPrefs(never, { replies: 'NEVER' })).expectData();
    (await setPrefs(daily, { replies: 'DAILY' })).expectData();
    const writer = await member();
    for (const u of [never, daily, unverified]) {
      const c = await buildComment({ article, author: u });
      await reply(article, c.gid, writer, `Reply to ${u.handle}`);
    }
    await settle();
    for (const u of [never, daily, unverified]) expect(await mailsTo(u)).toEqual([]);
    expect(await sql('select 1 from notifications where recipient_id = $1 and kind = $2', [daily.id, 'REPLY'])).toHaveLength(1);

    // hidden between the reply and the worker: no notification, no mail
    const ada = await member();
    const c = await buildComment({ article, author: ada });
    const notifications = app().services.notifications;
    await notifications.outbox.stop();
    try {
      const r = await reply(article, c.gid, writer, 'Spam that a moderator catches at once');
      (await gql(HideCommentDocument, { input: { commentId: r.id, reason: 'SPAM' } }, { as: await member({ role: 'MODERATOR' }) })).expectData();
      await notifications.outbox.drain();
    } finally {
      notifications.outbox.start();
    }
    expect(await mailsTo(ada)).toEqual([]);
  });
});

/** Notifications of a past day written straight to the table (the digest builder's input). */
async function pastNotification(recipient: TestUser, comment: Row & { articleId: string }, kind: string, at: Date, actor: TestUser) {
  await sql(
    `insert into notifications (recipient_id, kind, article_id, comment_id, actor_id, dedupe_key, created_at) values ($1, $2, $3, $4, $5, $6, $7)`,
    [recipient.id, kind, comment.articleId, comment.id, actor.id, `test:${comment.id}:${kind}`, at],
  );
}

describe('digests', () => {
  const day = new Date('2031-03-04T10:00:00Z'); // a Tuesday
  const clock = new Date('2031-03-05T00:03:00Z');

  it('periods are UTC days and ISO weeks', () => {
    expect(lastCompletedPeriod('DAILY', clock)).toMatchObject({ start: new Date('2031-03-04T00:00:00Z'), end: new Date('2031-03-05T00:00:00Z') });
    expect(lastCompletedPeriod('WEEKLY', clock)).toMatchObject({ start: new Date('2031-02-24T00:00:00Z'), end: new Date('2031-03-03T00:00:00Z') });
    expect(lastCompletedPeriod('WEEKLY', new Date('2031-03-03T00:00:00Z'))).toMatchObject({ start: new Date('2031-02-24T00:00:00Z') });
  });

  it('two instances build each period once: one mail per user listing what is still visible and not mailed yet', async () => {
    const writer = await member();
    const article = await buildArticle({ title: 'Digest article' });
    const ada = await member(); // follows: DAILY by default
    const bob = await member();
    (await setPrefs(bob, { follows: 'WEEKLY' })).expectData();
    const visible = await buildComment({ article, author: writer, body: 'Still *here*' });
    const hidden = await buildComment({ article, author: writer, body: 'Hidden later' });
    const pending = await buildComment({ article, author: writer, body: 'Pending', status: 'PENDING' });
    const mailed = await buildComment({ article, author: writer, body: 'Mailed already' });
    for (const c of [visible, hidden, pending, mailed]) await pastNotification(ada, c, 'NEW_COMMENT', day, writer);
    await sql('update notifications set mailed_at = now() where comment_id = $1', [mailed.id]);
    await sql(`update comments set status = 'HIDDEN', hide_reason = 'SPAM' where id = $1`, [hidden.id]);
    await pastNotification(bob, visible, 'NEW_COMMENT', new Date('2031-02-26T12:00:00Z'), writer);

    // a second app object on the same PostgreSQL database (PGlite: a second builder on the same database)
    const second: App | null = app().config.databaseUrl ? await startSecondApp() : null;
    try {
      const a = app();
      const other = second?.services.notifications.mailer ?? new NotificationMailer(a.database.ds, a.services.mail, new NotificationMails(() => a.config.publicUrl, new UnsubscribeTokens(a.database.ds, null)));
      const builders = [a.services.notifications.mailer!, other];
      const runs = await Promise.all(builders.map((b) => b.runDue(clock)));
      const built = runs.flat().filter((r) => r.mails !== null);
      expect(built.map((r) => r.period.kind).sort()).toEqual(['DAILY', 'WEEKLY']);
      // a later tick finds both periods built
      expect((await builders[1].runDue(clock)).map((r) => r.mails)).toEqual([null, null]);
    } finally {
      await second?.close();
    }
    expect(await sql('select period_kind from digest_runs where period_start in ($1, $2) order by 1', [new Date('2031-03-04T00:00:00Z'), new Date('2031-02-24T00:00:00Z')])).toEqual([
      { period_kind: 'DAILY' },
      { period_kind: 'WEEKLY' },
    ]);
    const [adaMail, ...more] = await mailsTo(ada);
    expect(more).toEqual([]);
    expect(adaMail).toMatchObject({ kind: 'DIGEST', dedupe_key: `digest:${ada.id}:DAILY-2031-03-04`, subject: 'Your daily digest: 1 notification (2031-03-04)' });
    expect(adaMail.text).toContain('> Still here');
    expect(adaMail.text).not.toMatch(/Hidden later|Pending|Mailed already/);
    const [bobMail] = await mailsTo(bob);
    expect(bobMail).toMatchObject({ dedupe_key: `digest:${bob.id}:WEEKLY-2031-02-24` });
    const digest = await mailbox().next({ to: ada.email });
    expect(digest.html).toContain('<em>here</em>');
    expect(digest.headers['list-unsubscribe-post']).toBeDefined();
  });
});

async function startSecondApp(): Promise<App> {
  const { loadConfig } = await import('../../config.js');
  const { createApp } = await import('../../http/server.js');
  const { openDatabase } = await import('../database.js');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1' }, { databaseUrl: app().config.databaseUrl, dataDir: null, seedDemo: false, redisUrl: null });
  return createApp(config, { database: await openDatabase(config) });
}

describe('POST and GET /unsubscribe', () => {
  async function tokenFor(u: TestUser) {
    return app().services.notifications.unsubscribeTokens!.sign(u.id, ['replies']);
  }
  const post = (query: string, body?: string) =>
    fetch(`${app().url}/unsubscribe${query}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body ?? 'List-Unsubscribe=One-Click' });

  it('one-click POST with a valid token sets that topic to NEVER; GET only shows a confirm button', async () => {
    const u = await member();
    const token = await tokenFor(u);
    const page = await fetch(`${app().url}/unsubscribe?token=${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/unsubscribe">');
    expect(html).toContain('replies to your comments');
    expect((await prefs(u))!.replies).toBe('INSTANTLY');
    const res = await post(`?token=${token}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You are unsubscribed');
    expect(await prefs(u)).toEqual({ replies: 'NEVER', follows: 'DAILY', moderation: 'INSTANTLY' });
    // the confirm button's form posts the token in the body
    (await setPrefs(u, { replies: 'DAILY' })).expectData();
    expect((await post('', `token=${encodeURIComponent(token)}`)).status).toBe(200);
    expect((await prefs(u))!.replies).toBe('NEVER');
  });

  it('a forged, altered or missing token is a 400 error page and changes nothing', async () => {
    const u = await member();
    const victim = await member();
    const token = await tokenFor(u);
    const [payload, signature] = token.split('.');
    const otherUser = Buffer.from(Buffer.from(payload, 'base64url').toString().replace(u.id, victim.id)).toString('base64url');
    const foreignKey = await new UnsubscribeTokens(app().database.ds, 'a different secret that is long enough!!').sign(victim.id, ['replies']);
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    for (const bad of [`${otherUser}.${signature}`, foreignKey, `${payload}.${flipped}`, payload, '', 'x'.repeat(400)]) {
      const res = await post(`?token=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This unsubscribe link is not valid');
      expect((await fetch(`${app().url}/unsubscribe?token=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
    expect((await post('')).status).toBe(400);
    expect(await sql('select 1 from notification_preferences where user_id = any($1::uuid[])', [[u.id, victim.id]])).toEqual([]);
  });
});
