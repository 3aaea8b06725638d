import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZendeskImporter, type ImportOptions, type ImportReport } from '../../src/modules/zendesk/zendesk.import.js';
import { sqlState } from '../../src/lib/tx.js';
import { download } from '../../src/modules/zendesk/zendesk.download.js';
import { ApiSource, FolderSource, type ZendeskSource } from '../../src/modules/zendesk/zendesk.source.js';
import { useTestApp } from '../harness.js';
import { startFakeZendesk } from './fake-zendesk.js';
import * as F from './fixture.js';

const app = useTestApp();
const db = () => app().database.ds;

async function truncateAll() {
  const tables: Array<{ name: string }> = await db().query(`select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'migrations'`);
  // the app's background workers (event consumers) may hold a lock for a moment: a deadlock is tried again
  for (let attempt = 1; ; attempt++) {
    try {
      await db().query(`truncate ${tables.map((t) => `"${t.name}"`).join(', ')} cascade`);
      return;
    } catch (e) {
      if (sqlState(e) !== '40P01' || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }
}

function run(source: ZendeskSource, opts: ImportOptions = {}): Promise<ImportReport> {
  const download = source instanceof ApiSource ? { ...source.downloadAuth, alsoAllow: ['127.0.0.1'] } : undefined;
  return new ZendeskImporter(db(), app().services, source, { download, ...opts }).run();
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${app().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function atriumId(kind: string, zendeskId: number): Promise<string> {
  const [row] = await db().query('select atrium_id as id from zendesk_ids where kind = $1 and zendesk_id = $2', [kind, zendeskId]);
  return row?.id;
}

/** Everything an import writes, in a form that does not depend on generated ids. */
async function snapshot() {
  const q = (sql: string) => db().query(sql);
  return {
    users: await q(`select handle, display_name, email, role, (password_hash is null) as no_password, created_at from users order by email`),
    categories: await q(`select slug, name, description, position from categories order by slug`),
    sections: await q(`select s.slug, s.name, c.slug as category, s.position from sections s join categories c on c.id = s.category_id order by s.slug`),
    articles: await q(`select a.slug, a.title, a.body, a.status, a.labels, a.promoted, a.position, a.comments_locked, a.helpful_count, a.vote_count,
      a.comment_count, a.top_comment_count, a.created_at, a.updated_at, u.email as author, s.slug as section from articles a join users u on u.id = a.author_id join sections s on s.id = a.section_id order by a.slug`),
    comments: await q(`select a.slug as article, c.body, c.is_official, c.upvotes, c.downvotes, c.created_at, u.email as author from comments c
      join articles a on a.id = c.article_id join users u on u.id = c.author_id order by c.created_at, c.body`),
    articleVotes: await q(`select a.slug, u.email, v.helpful from article_votes v join articles a on a.id = v.article_id join users u on u.id = v.user_id order by 1, 2`),
    commentVotes: await q(`select c.body, u.email, v.value from comment_votes v join comments c on c.id = v.comment_id join users u on u.id = v.user_id order by 1, 2`),
    revisions: (await q(`select count(*)::int as n from article_revisions`))[0].n,
  };
}

const warned = (r: ImportReport, id: number | string) => r.warnings.filter((w) => w.zendeskId === String(id)).map((w) => w.message);

describe('Zendesk import from the live API (fake server)', () => {
  let zendesk: Awaited<ReturnType<typeof startFakeZendesk>>;
  const fixture = F.buildFixture();
  let report: ImportReport;
  const retries: Array<number | null> = [];

  beforeAll(async () => {
    await truncateAll();
    // 429s with Retry-After and a 500 in the middle of lists: the run must come out the same
    zendesk = await startFakeZendesk(fixture, { email: 'ines@velora.example', token: 'T0ken', pageSize: 2, tooManyAt: [2, 9], failAt: [5] });
    // the old help center's address is the fake server's (bodies' relative images, attachments)
    Object.assign(fixture, F.buildFixture(zendesk.url));
    const source = new ApiSource({ url: zendesk.url, email: 'ines@velora.example', token: 'T0ken', pageSize: 2, onRetry: (r) => retries.push(r.status) });
    report = await run(source);
  }, 180_000);
  afterAll(() => zendesk?.close());

  it('retried politely (429 then 500) and reports every kind', () => {
    expect(retries).toEqual(expect.arrayContaining([429, 500]));
    // users come by id (show_many); one Zendesk no longer has is asked for once, not on every page
    expect(zendesk.log.filter((l) => l.status === 200 && l.path.startsWith('/api/v2/users/show_many') && l.path.includes(String(F.UNKNOWN_USER)))).toHaveLength(1);
    expect(zendesk.log.filter((l) => l.status === 429 || l.status === 500)).toHaveLength(3);
    expect(report.counts).toEqual({
      users: { created: 6, updated: 0, unchanged: 0, skipped: 0 },
      categories: { created: 2, updated: 0, unchanged: 0, skipped: 0 },
      sections: { created: 4, updated: 0, unchanged: 0, skipped: 0 },
      articles: { created: 5, updated: 0, unchanged: 0, skipped: 1 },
      comments: { created: 5, updated: 0, unchanged: 0, skipped: 0 },
      articleVotes: { created: 5, updated: 0, unchanged: 0, skipped: 1 },
      commentVotes: { created: 4, updated: 0, unchanged: 0, skipped: 0 },
      attachments: { created: 2, updated: 0, unchanged: 0, skipped: 1 },
    });
  });

  it('warns with the Zendesk id: missing section, nested section, unknown user, scripts', () => {
    expect(warned(report, F.ART_ORPHAN).join()).toMatch(/section 360000299999 was not imported/);
    expect(warned(report, F.SEC_NESTED).join()).toMatch(/flattened/);
    expect(warned(report, F.ART_SCRIPT).join()).toMatch(/scripts/);
    expect(warned(report, F.ART_SCRIPT).join()).toMatch(/author 360000009999 is not among/);
    expect(warned(report, 360200000005).join()).toMatch(/user 360000009999/);
    expect(warned(report, 360100000004).join()).toMatch(/Unknown author/);
    expect(warned(report, F.ART_CHARGE).join()).toMatch(/led-colours\.png could not be copied \(HTTP 404\)/);
  });

  it('users: roles mapped, no password, unverified address', async () => {
    const users: Array<{ email: string; role: string; password_hash: string | null; email_verified_at: Date | null; created_at: Date }> = await db().query(
      'select email, role, password_hash, email_verified_at, created_at from users order by email',
    );
    const byEmail = Object.fromEntries(users.map((u) => [u.email, u]));
    expect(byEmail['ines@velora.example'].role).toBe('ADMIN');
    expect(byEmail['tomas@velora.example'].role).toBe('AGENT');
    expect(byEmail['priya.nair@mail.example'].role).toBe('MEMBER');
    expect(users.every((u) => u.password_hash === null && u.email_verified_at === null)).toBe(true);
    expect(new Date(byEmail['priya.nair@mail.example'].created_at).toISOString()).toBe('2024-03-02T09:15:00.000Z');
    // a sign-in without a password fails like a wrong one
    const res = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation($i: SignInInput!) { signIn(input: $i) { viewer { id } } }', variables: { i: { login: 'priya.nair@mail.example', password: 'anything-goes-here' } } }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBeDefined();
    expect(body.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('the article reads through the API: "3 out of 4 found this helpful", comments with the staff answer, markdown body without scripts', async () => {
    const id = await atriumId('article', F.ART_CHARGE);
    const [{ slug }] = await db().query('select slug from articles where id = $1', [id]);
    const data = await gql<{ article: { title: string; body: string; bodyHtml: string; helpfulCount: number; voteCount: number; labels: string[]; promoted: boolean; attachments: Array<{ name: string; contentType: string }>; comments: { totalCount: number; nodes: Array<{ body: string; isOfficial: boolean; score: number; author: { displayName: string } }> } } }>(
      `query($slug: String) { article(slug: $slug) { title body bodyHtml helpfulCount voteCount labels promoted attachments { name contentType }
         comments(first: 10, orderBy: OLD) { totalCount nodes { body isOfficial score author { displayName } } } } }`,
      { slug },
    );
    const a = data.article;
    expect(a.title).toBe('How do I charge the battery?');
    expect([a.helpfulCount, a.voteCount]).toEqual([3, 4]); // (vote_count + vote_sum) / 2 and vote_count
    expect(a.labels).toEqual(['battery', 'charging', 'first ride']);
    expect(a.promoted).toBe(true);
    expect(a.body).toContain('## Before you start');
    expect(a.body).toContain('| Battery | Standard charger | Fast charger |');
    // images of the old help center copied into the file store; a missing one keeps its address; other hosts stay
    const copied = /<img src="(\/files\/[0-9a-f]{64}\/charging-port\.png)" alt="Charging port on the down tube"/.exec(a.bodyHtml);
    expect(copied, a.bodyHtml).not.toBeNull();
    expect(a.body).toContain(`![Charging port on the down tube](${copied![1]})`);
    expect(a.bodyHtml).toContain(`<img src="${zendesk.url}/hc/article_attachments/360009876544/led-colours.png"`);
    expect(a.bodyHtml).toContain('<img src="https://cdn.velora.example/img/charger.jpg"');
    const png = await fetch(`${app().url}${copied![1]}`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).equals(F.PNG)).toBe(true);
    expect(a.attachments.map((x) => [x.name, x.contentType])).toEqual([['battery-care.pdf', 'application/pdf']]);
    expect(a.comments.totalCount).toBe(4);
    expect(a.comments.nodes.map((c) => [c.author.displayName, c.isOfficial, c.score])).toEqual([
      ['Priya Nair', false, 2],
      ['Tomás Reyes', true, 0],
      ['Jonas Berg', false, 0],
      ['Unknown author', false, 0],
    ]);
    const script = await gql<{ article: { bodyHtml: string; author: { displayName: string } } }>(
      `query($slug: String) { article(slug: $slug) { bodyHtml author { displayName } } }`,
      { slug: (await db().query('select slug from articles where id = $1', [await atriumId('article', F.ART_SCRIPT)]))[0].slug },
    );
    expect(script.article.bodyHtml).not.toMatch(/script|onmouseover|evil/);
    expect(script.article.bodyHtml).toContain('Realign the magnet on the spoke.');
  });

  it('comments_disabled locks comments; drafts stay drafts', async () => {
    const rows = await db().query(
      `select z.zendesk_id::text as zid, a.comments_locked, a.status, a.helpful_count, a.vote_count from articles a join zendesk_ids z on z.atrium_id = a.id and z.kind = 'article'`,
    );
    const by = Object.fromEntries(rows.map((r: { zid: string }) => [r.zid, r]));
    expect(by[String(F.ART_RANGE)]).toMatchObject({ comments_locked: true, status: 'PUBLISHED', helpful_count: 0, vote_count: 1 });
    expect(by[String(F.ART_DRAFT)]).toMatchObject({ status: 'DRAFT' });
  });

  it('old links answer 301 to the new pages; unknown ones do not redirect', async () => {
    const slug = (await db().query('select slug from articles where id = $1', [await atriumId('article', F.ART_CHARGE)]))[0].slug;
    for (const p of [`/hc/en-us/articles/${F.ART_CHARGE}-How-do-I-charge-the-battery`, `/hc/de/articles/${F.ART_CHARGE}`, `/hc/articles/${F.ART_CHARGE}?utm=x`]) {
      const res = await fetch(`${app().url}${p}`, { redirect: 'manual' });
      expect(res.status, p).toBe(301);
      expect(res.headers.get('location')).toBe(`/articles/${slug}${p.includes('?') ? '?utm=x' : ''}`);
    }
    const section = await fetch(`${app().url}/hc/en-us/sections/${F.SEC_BATTERY}-Battery`, { redirect: 'manual' });
    expect(section.status).toBe(301);
    expect(section.headers.get('location')).toBe('/sections/battery');
    const category = await fetch(`${app().url}/hc/fr-fr/categories/${F.CAT_RIDING}`, { redirect: 'manual' });
    expect(category.headers.get('location')).toBe('/categories/riding-and-charging');
    for (const p of [`/hc/en-us/articles/${F.ART_ORPHAN}`, '/hc/en-us/articles/999999999999999999', '/hc/en-us/articles/1%00', `/hc/en-us/articles/${'9'.repeat(40)}`]) {
      const res = await fetch(`${app().url}${p}`, { redirect: 'manual' });
      expect(res.status, p).toBe(404);
    }
  });

  it('a second run changes nothing; a changed article is updated', async () => {
    const before = await snapshot();
    const again = await run(new ApiSource({ url: zendesk.url, email: 'ines@velora.example', token: 'T0ken', pageSize: 2 }));
    expect(again.counts.articles).toEqual({ created: 0, updated: 0, unchanged: 5, skipped: 1 });
    expect(again.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 5, skipped: 0 });
    expect(again.counts.users.created + again.counts.users.updated).toBe(0);
    expect(again.counts.articleVotes).toMatchObject({ created: 0, updated: 0, unchanged: 5 });
    expect(again.counts.attachments).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 0 });
    expect(await snapshot()).toEqual(before);

    const charge = fixture.articles.find((a) => a.id === F.ART_INVOICE)!;
    charge.title = 'Where do I find my invoices?';
    charge.updated_at = '2024-04-01T08:00:00Z';
    const third = await run(new ApiSource({ url: zendesk.url, email: 'ines@velora.example', token: 'T0ken', pageSize: 2 }));
    expect(third.counts.articles).toEqual({ created: 0, updated: 1, unchanged: 4, skipped: 1 });
    const after = await snapshot();
    expect(after.articles.find((a: { slug: string }) => a.slug === 'where-do-i-find-my-invoice')?.title).toBe('Where do I find my invoices?');
    expect(after.revisions).toBe(before.revisions + 1);
  });

  it('a bad token is a warning per list, nothing written', async () => {
    const r = await run(new ApiSource({ url: zendesk.url, email: 'ines@velora.example', token: 'wrong', maxAttempts: 1 }), { dryRun: false });
    expect(r.warnings.map((w) => w.message)).toContain('categories: HTTP 401');
    expect(Object.values(r.counts).every((c) => c.created === 0 && c.updated === 0)).toBe(true);
  });

  it('downloads are SSRF-guarded: private and metadata addresses refused unless a test allows its own server', async () => {
    const png = `${zendesk.url}/hc/article_attachments/360009876543/charging-port.png`;
    const refused = await download(png);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/not allowed|private|loopback/i);
    for (const url of ['http://169.254.169.254/latest/meta-data/iam.png', 'http://[::ffff:127.0.0.1]/x.png', 'file:///etc/passwd', 'http://user:pw@example.com/x.png']) {
      const got = await download(url, { alsoAllow: ['127.0.0.1'] });
      expect(got.ok, url).toBe(false);
    }
    const allowed = await download(png, { alsoAllow: ['127.0.0.1'] });
    expect(allowed.ok).toBe(true);
    if (allowed.ok) allowed.body.resume();
  });

  it('refuses a non-https URL other than localhost (no request to other hosts)', () => {
    expect(() => new ApiSource({ url: 'http://169.254.169.254', email: 'a@b.c', token: 't' })).toThrow(/https/);
    expect(() => new ApiSource({ url: 'file:///etc/passwd', email: 'a@b.c', token: 't' })).toThrow(/https/);
  });
});

describe('Zendesk import from a folder', () => {
  let dir: string;
  beforeAll(async () => {
    await truncateAll();
    dir = await mkdtemp(path.join(os.tmpdir(), 'zendesk-folder-'));
    await F.writeFolder(dir, F.buildFixture());
    // a malformed page among the comments of one article: a warning, the rest goes on
    await writeFile(path.join(dir, `articles/${F.ART_RANGE}/comments/0002.json`), '{"comments": [{"id": 1,');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a dry run reports without writing', async () => {
    const r = await run(new FolderSource(dir), { dryRun: true, copyAttachments: false });
    expect(r.dryRun).toBe(true);
    expect(r.counts.articles.created).toBe(5);
    const [{ n }] = await db().query('select (select count(*) from articles) + (select count(*) from users) + (select count(*) from zendesk_ids) as n');
    expect(Number(n)).toBe(0);
  });

  it('imports the folder like the API, with the malformed page as a warning', async () => {
    const r = await run(new FolderSource(dir), { copyAttachments: false });
    expect(r.counts.articles).toEqual({ created: 5, updated: 0, unchanged: 0, skipped: 1 });
    expect(r.counts.comments.created).toBe(5);
    expect(r.counts.users.skipped).toBe(1);
    expect(warned(r, F.MEMBERS[4]).join()).toMatch(/no email address/);
    expect(r.warnings.find((w) => w.zendeskId === `articles/${F.ART_RANGE}/comments/0002.json`)?.message).toMatch(/not a JSON page/);
    const [{ helpful, votes }] = await db().query('select helpful_count as helpful, vote_count as votes from articles where id = $1', [await atriumId('article', F.ART_CHARGE)]);
    expect([helpful, votes]).toEqual([3, 4]);
    const again = await run(new FolderSource(dir), { copyAttachments: false });
    expect(again.counts.articles.unchanged).toBe(5);
    expect(again.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 5, skipped: 0 });
  });
});
