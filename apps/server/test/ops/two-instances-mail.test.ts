import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestPasswordResetDocument, UpdateNotificationPreferencesDocument } from '@atrium/schema';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCompletedPeriod } from '../../src/modules/notification/notification-mailer.js';
import { cleanUpChildServers, startChildServer, type ChildServer } from '../child-server.js';
import { buildArticle, buildComment, buildUser, type TestUser } from '../factories.js';
import { app, gql, sql, useTestApp } from '../harness.js';
import { startMailServer, type TestMailServer } from '../mail-server.js';
import { startOidcProvider, type TestOidcProvider } from '../oidc-provider.js';

/**
 * Mail and sign-in with TWO server processes (test/child-server.ts) on one PostgreSQL database
 * and one Redis, both sending to one SMTP server (test/mail-server.ts), behind one public
 * origin: a load balancer in this file that sends each request to the instance the test names.
 * Only the factories and the assertions use the in-process app (on the same database).
 */

const onPostgres = !!process.env.DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const RESETS = 60;
const DIGEST_DAILY = 8;
const DIGEST_WEEKLY = 4;

cleanUpChildServers();

type Backend = 'A' | 'B';

/** One public origin in front of both instances (nginx in docker-compose.yml): a request goes where `to` says, each over its own connection. */
async function startBalancer() {
  const backends = new Map<Backend, string>();
  const served: Array<{ backend: Backend; path: string }> = [];
  const lb = { to: 'A' as Backend, backends, served, url: '', close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    const backend = lb.to;
    served.push({ backend, path: req.url ?? '' });
    const target = new URL(backends.get(backend)!);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => res.writeHead(502).end(String(err)));
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  lb.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  lb.close = () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); });
  return lb;
}

/** Cookies per host and redirects by hand: what the sign-in flow needs of a browser. */
class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string) {
    const jar = this.jars.get(new URL(url).host) ?? new Map<string, string>();
    this.jars.set(new URL(url).host, jar.set(name, value));
  }

  async go(url: string, form?: Record<string, string>): Promise<Response> {
    const jar = this.jars.get(new URL(url).host);
    const headers: Record<string, string> = {};
    if (jar?.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form ? 'POST' : 'GET', redirect: 'manual', headers, body: form && new URLSearchParams(form).toString() });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (!value || /max-age=0\b|expires=[^;]*1970/i.test(line)) this.jars.get(new URL(url).host)?.delete(name);
      else this.setCookie(url, name, value);
    }
    return res;
  }

  /** Follows redirects until one leads to `origin` (answered unfollowed) or a page is shown. */
  async followUntil(url: string, origin: string): Promise<{ url: string; res: Response }> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const res = await this.go(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      current = new URL(location, current).href;
      if (current.startsWith(origin)) return { url: current, res };
    }
    throw new Error('too many redirects');
  }
}

async function post(base: string, query: string, variables: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> };
}

/** Waits until `read` is true; fails after `ms`. */
async function until(what: string, read: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await read())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!onPostgres)(
  'two server processes on one PostgreSQL + Redis: mail, digests, single sign-on (skipped on PGlite: one embedded database cannot be shared by two processes)',
  () => {
    useTestApp();

    let mailbox: TestMailServer;
    let provider: TestOidcProvider;
    let lb: Awaited<ReturnType<typeof startBalancer>>;
    let a: ChildServer;
    let b: ChildServer;
    const resetUsers: TestUser[] = [];
    const dailyUsers: TestUser[] = [];
    const weeklyUsers: TestUser[] = [];
    const now = new Date();
    const daily = lastCompletedPeriod('DAILY', now);
    const weekly = lastCompletedPeriod('WEEKLY', now);

    beforeAll(async () => {
      // The in-process app only writes fixtures: its digest job (it ran once at start, finding
      // nothing) must neither have claimed nor claim the periods the two processes will build.
      await app().services.notifications.mailer?.stop();
      await sql('delete from digest_runs');

      for (let i = 0; i < RESETS; i++) resetUsers.push(await buildUser());
      // notifications of the last complete day and week, for members who get follows by digest:
      // both processes build those periods with the real clock when they start (the job's first tick)
      const writer = await buildUser();
      const article = await buildArticle({ title: 'Two instances' });
      const comment = await buildComment({ article, author: writer, body: 'A reply worth a digest' });
      const notify = (u: TestUser, at: Date) =>
        sql(`insert into notifications (recipient_id, kind, article_id, comment_id, actor_id, dedupe_key, created_at) values ($1, 'NEW_COMMENT', $2, $3, $4, $5, $6)`, [
          u.id, comment.articleId, comment.id, writer.id, `two-instances:${u.id}`, at,
        ]);
      for (let i = 0; i < DIGEST_DAILY; i++) {
        const u = await buildUser(); // follows: DAILY by default
        await notify(u, new Date(daily.start.getTime() + 12 * 3_600_000));
        dailyUsers.push(u);
      }
      for (let i = 0; i < DIGEST_WEEKLY; i++) {
        const u = await buildUser();
        (await gql(UpdateNotificationPreferencesDocument, { input: { follows: 'WEEKLY' } }, { as: u })).expectData();
        await notify(u, new Date(weekly.start.getTime() + 2 * 86_400_000));
        weeklyUsers.push(u);
      }

      mailbox = await startMailServer();
      lb = await startBalancer();
      provider = await startOidcProvider({
        accounts: { lin: { sub: 'sub-lin', email: 'lin@corp.example', email_verified: true, name: 'Lin Two', preferred_username: 'lin' } },
        redirectUris: () => [`${lb.url}/auth/oidc/callback`],
      });
      const env = {
        DATABASE_URL: app().config.databaseUrl!,
        REDIS_URL,
        SEED_DEMO: 'false',
        SMTP_URL: mailbox.url,
        PUBLIC_URL: lb.url,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        // one test client sends everything from 127.0.0.1
        WRITE_LIMIT_ACCOUNT_MAIL: '10000',
        WRITE_LIMIT_SIGNIN: '10000',
      };
      [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
      lb.backends.set('A', a.url).set('B', b.url);
    }, 60_000);

    afterAll(async () => {
      await provider?.close();
      await lb?.close();
      await mailbox?.close();
    });

    it(`${RESETS} password resets requested alternately on A and B: each mail reaches the SMTP server exactly once`, async () => {
      const answers = await Promise.all(
        resetUsers.map((u, i) => post((i % 2 ? b : a).url, print(RequestPasswordResetDocument), { input: { email: u.email } })),
      );
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const ids = resetUsers.map((u) => u.id);
      // every row recorded as sent by one of the two workers, then a moment for a duplicate to show up
      await until('every reset mail SENT', async () => {
        const [row] = await sql<{ sent: number; total: number }>(
          `select count(*) filter (where status = 'SENT')::int as sent, count(*)::int as total from mails where user_id = any($1::uuid[])`, [ids]);
        return row.total === RESETS && row.sent === RESETS;
      });
      await new Promise((r) => setTimeout(r, 1000));
      const rows = await sql<{ attempts: number }>(`select attempts from mails where user_id = any($1::uuid[])`, [ids]);
      expect(rows.map((r) => r.attempts)).toEqual(Array(RESETS).fill(1));

      const got = new Map<string, number>();
      for (const m of mailbox.all()) {
        if (m.subject !== 'Reset your password') continue;
        for (const to of m.to) got.set(to, (got.get(to) ?? 0) + 1);
      }
      expect(Object.fromEntries(got)).toEqual(Object.fromEntries(resetUsers.map((u) => [u.email.toLowerCase(), 1])));
    }, 40_000);

    it('both processes build the last day and week at start (real clock): one digest per member, each period claimed once', async () => {
      const recipients = [...dailyUsers, ...weeklyUsers];
      const digests = () => mailbox.all().filter((m) => m.subject.startsWith('Your '));
      await until('every digest delivered', async () => digests().length >= recipients.length);
      await new Promise((r) => setTimeout(r, 500));
      const perRecipient = new Map<string, string[]>();
      for (const m of digests()) for (const to of m.to) perRecipient.set(to, [...(perRecipient.get(to) ?? []), m.subject]);
      const day = daily.start.toISOString().slice(0, 10);
      expect(Object.fromEntries(perRecipient)).toEqual(
        Object.fromEntries([
          ...dailyUsers.map((u) => [u.email.toLowerCase(), [`Your daily digest: 1 notification (${day})`]]),
          ...weeklyUsers.map((u) => [u.email.toLowerCase(), [`Your weekly digest: 1 notification (week of ${weekly.start.toISOString().slice(0, 10)})`]]),
        ]),
      );
      const runs = await sql<{ period_kind: string; mails: number }>(`select period_kind, mails from digest_runs order by period_kind`);
      expect(runs).toEqual([
        { period_kind: 'DAILY', mails: DIGEST_DAILY },
        { period_kind: 'WEEKLY', mails: DIGEST_WEEKLY },
      ]);
    }, 30_000);

    it('single sign-on started on A finishes on B (the flow lives in the database); the replayed callback on A is refused', async () => {
      const browser = new CookieBrowser();
      lb.to = 'A';
      const start = await browser.go(`${lb.url}/auth/oidc/start?redirect=${encodeURIComponent('/articles/after-sso')}`);
      expect(start.status).toBe(303);
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.origin).toBe(provider.issuer);
      expect(authorize.searchParams.get('redirect_uri')).toBe(`${lb.url}/auth/oidc/callback`);
      const flowKey = browser.cookie(lb.url, 'atrium_oidc');
      expect(flowKey).toBeTruthy();

      // the provider's sign-in page, posted as a person would
      const page = await browser.followUntil(authorize.href, lb.url);
      expect(page.res.status).toBe(200);
      const action = /<form[^>]*action="([^"]+)"/.exec(await page.res.text())![1];
      const posted = await browser.go(new URL(action, page.url).href, { prompt: 'login', login: 'lin', password: 'anything' });
      expect(posted.status).toBe(303);
      const back = await browser.followUntil(new URL(posted.headers.get('location')!, page.url).href, lb.url);
      const callbackUrl = back.url;
      expect(callbackUrl.startsWith(`${lb.url}/auth/oidc/callback?`), `ended at ${callbackUrl}`).toBe(true);

      lb.to = 'B';
      const done = await browser.go(callbackUrl);
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe('/articles/after-sso');
      const session = browser.cookie(lb.url, 'atrium_session');
      expect(session).toBeTruthy();
      expect(lb.served.filter((s) => s.path.startsWith('/auth/oidc/')).map((s) => `${s.backend} ${s.path.split('?')[0]}`)).toEqual([
        'A /auth/oidc/start',
        'B /auth/oidc/callback',
      ]);
      // the session works on both instances
      for (const base of [a.url, b.url]) {
        const viewer = await post(base, '{ viewer { handle email } }', {}, { cookie: `atrium_session=${session}` });
        expect(viewer.data?.viewer).toEqual({ handle: 'lin', email: 'lin@corp.example' });
      }

      // the same callback again on A, with the flow cookie put back: nothing to finish
      lb.to = 'A';
      const sessions = async () => (await sql<{ n: number }>('select count(*)::int as n from sessions'))[0].n;
      const before = await sessions();
      const attacker = new CookieBrowser();
      attacker.setCookie(lb.url, 'atrium_oidc', flowKey!);
      const replay = await attacker.go(callbackUrl);
      expect(replay.status).toBe(303);
      const refused = new URL(replay.headers.get('location')!, lb.url);
      expect(refused.pathname).toBe('/signin/sso-error');
      expect(refused.searchParams.get('reason')).toBe('INVALID_STATE');
      expect(attacker.cookie(lb.url, 'atrium_session')).toBeUndefined();
      expect(await sessions()).toBe(before);
      expect(lb.served.at(-1)).toMatchObject({ backend: 'A', path: expect.stringMatching(/^\/auth\/oidc\/callback\?/) });
    }, 30_000);

    it('SIGTERM: both processes drain and exit 0, no mail left claimed or queued', async () => {
      a.proc.kill('SIGTERM');
      b.proc.kill('SIGTERM');
      expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
      expect(await sql(`select status, count(*)::int as n from mails where status <> 'SENT' group by status`)).toEqual([]);
    }, 30_000);
  },
);
