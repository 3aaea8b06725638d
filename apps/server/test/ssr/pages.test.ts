import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildArticle, buildComment, buildSection, buildUser, type TestUser } from '../factories.js';
import { sql, useTestApp } from '../harness.js';
import { webBuild } from './web-build.js';

/*
 * Server-rendered pages (#23): real HTML from the web app's own components, rendered by the
 * server with the Vite SSR build, as an anonymous reader (and a staff member) gets it.
 */
const dist = webBuild();
const app = useTestApp(() => ({ webDist: dist, pageCacheBytes: 0 } as never));

async function page(pathname: string, opts: { as?: TestUser } = {}) {
  const res = await fetch(`${app().url}${pathname}`, {
    headers: { accept: 'text/html', ...(opts.as ? { authorization: `Bearer ${opts.as.token}` } : {}) },
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The Apollo state the page carries, parsed as the browser does. */
function stateOf(html: string): { apollo: Record<string, unknown>; renderedAt: number } {
  const m = /<script type="application\/json" id="atrium-state">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no state in the page');
  return JSON.parse(m[1]);
}

function jsonLd(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

const HOSTILE = '</script><script>alert(1)</script> <!-- \u2028\u2029 $& $1 "quoted" & <b>bold</b>';

let staff: TestUser;
let section: Awaited<ReturnType<typeof buildSection>>;
let article: Awaited<ReturnType<typeof buildArticle>>;
let hostile: Awaited<ReturnType<typeof buildComment>>;
let question: Awaited<ReturnType<typeof buildComment>>;
let answer: Awaited<ReturnType<typeof buildComment>>;

beforeAll(async () => {
  staff = await buildUser({ role: 'ADMIN' });
  section = await buildSection({ name: 'Sign-in & security' });
  article = await buildArticle({ section, title: 'Resetting a lost password', body: 'When you **lose** your password, open the reset page.', labels: ['account'] });
  for (let i = 0; i < 3; i++) await buildComment({ article, body: `Visible comment number ${i}` });
  hostile = await buildComment({ article, body: HOSTILE });
  await buildComment({ article, body: 'SECRET hidden comment text', status: 'HIDDEN' });
  await buildComment({ article, body: 'SECRET pending comment text', status: 'PENDING' });
  question = await buildComment({ article, body: 'How do I reset my password without my phone?' });
  answer = await buildComment({ parent: question, author: staff, body: 'Use one of your **backup codes**.' });
  await sql('update comments set accepted_answer_id = $1 where id = $2', [answer.id, question.id]);
  await sql('update comments set accepted_by = $1, accepted_at = now() where id = $2', [staff.id, answer.id]);
});

describe('an article page', () => {
  test('arrives as complete HTML: title, body, comments, head tags, JSON-LD, the Apollo state', async () => {
    const { status, headers, html } = await page(`/articles/${article.slug}`);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^text\/html/);
    expect(headers.get('cache-control')).toBe('no-cache');
    // the body and the comments are in the HTML itself, inside #app
    const appHtml = html.slice(html.indexOf('<div id="app">'), html.indexOf('id="atrium-state"'));
    expect(appHtml).toMatch(/<h1 id="article-title" class="article__title"[^>]*>Resetting a lost password<\/h1>/);
    expect(appHtml).toContain('<strong>lose</strong> your password');
    for (let i = 0; i < 3; i++) expect(appHtml).toContain(`Visible comment number ${i}`);
    expect(appHtml).toContain('backup codes');
    // head
    const origin = app().config.publicUrl;
    const canonical = `${origin}/articles/${article.slug}`;
    expect(html).toContain('<title>Resetting a lost password · Help Center</title>');
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html).toContain('<meta name="description" content="When you lose your password, open the reset page.">');
    expect(html.match(/<meta name="description"/g)).toHaveLength(1);
    expect(html).toContain(`<link rel="canonical" href="${canonical}">`);
    expect(html).toContain(`<link rel="alternate" hreflang="en" href="${canonical}">`);
    expect(html).toContain(`<link rel="alternate" hreflang="x-default" href="${canonical}">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain('<meta property="og:title" content="Resetting a lost password">');
    expect(html).toContain(`<meta property="og:url" content="${canonical}">`);
    expect(html).toContain('<meta name="twitter:card" content="summary">');
    expect(html).not.toContain('name="robots"');
    // structured data
    const ld = jsonLd(html);
    const art = ld.find((o) => o['@type'] === 'Article')!;
    expect(art).toMatchObject({ headline: 'Resetting a lost password', mainEntityOfPage: canonical, keywords: 'account' });
    const crumbs = ld.find((o) => o['@type'] === 'BreadcrumbList')!;
    expect((crumbs.itemListElement as Array<{ name: string; item: string }>).map((c) => c.name)).toEqual([
      'Help Center', expect.any(String), 'Sign-in & security', 'Resetting a lost password',
    ]);
    const thread = ld.find((o) => o['@type'] === 'DiscussionForumPosting')!;
    expect(thread).toMatchObject({ text: 'How do I reset my password without my phone?', url: `${canonical}#comment-${question.gid}` });
    expect((thread.comment as Array<{ text: string }>)[0].text).toBe('Use one of your backup codes.');
    // breadcrumbs on the page
    expect(appHtml).toContain('aria-label="Breadcrumb"');
    // the state the browser hydrates from holds the article and its first page of comments
    const state = stateOf(html);
    expect(state.apollo[`Article:${article.gid}`]).toMatchObject({ title: 'Resetting a lost password' });
    expect(state.apollo[`Comment:${hostile.gid}`]).toMatchObject({ body: HOSTILE });
  });

  test('hostile comment text cannot leave its element: no raw </script>, <!--, U+2028/2029 in the state', async () => {
    const { html } = await page(`/articles/${article.slug}`);
    expect(html).not.toContain('<script>alert(1)');
    const state = /<script type="application\/json" id="atrium-state">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(state).not.toMatch(/[<>\u2028\u2029]/);
    // the rendered comment shows the text, escaped by the sanitizer/Vue
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // exactly one inline <script> element with content: the JSON state (JSON-LD are data too); no executable inline script
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, body] of scripts) {
      if (body.trim() === '') expect(attrs).toMatch(/src="/);
      else expect(attrs).toMatch(/type="application\/(json|ld\+json)"/);
    }
  });

  test('hidden and pending comments are not in the HTML or the state for anonymous readers', async () => {
    const { html } = await page(`/articles/${article.slug}`);
    expect(html).not.toContain('SECRET');
  });

  test('tags name what the page shows (for the page cache)', async () => {
    const { createPageRenderer } = await import('../../src/http/pages.js');
    expect(createPageRenderer).toBeTypeOf('function');
    const { pageTags } = await import('../../src/http/pages.js');
    expect(pageTags([`Article:${article.gid}`, 'article'])).toEqual([`article:${article.id}`, 'article']);
  });
});

describe('visibility: drafts and archived articles', () => {
  test('a draft is a 404 without its text for anonymous readers, the page for staff', async () => {
    const draft = await buildArticle({ section, status: 'DRAFT', title: 'Unreleased DRAFTTITLE', body: 'DRAFTBODY text' });
    const anon = await page(`/articles/${draft.slug}`);
    expect(anon.status).toBe(404);
    expect(anon.html).toContain('We can’t find that article');
    expect(anon.html).not.toMatch(/DRAFTTITLE|DRAFTBODY/);
    expect(anon.html).toContain('<meta name="robots" content="noindex">');
    const asStaff = await page(`/articles/${draft.slug}`, { as: staff });
    expect(asStaff.status).toBe(200);
    expect(asStaff.html).toContain('DRAFTBODY text');
    expect(asStaff.html).toContain('<meta name="robots" content="noindex">');
  });

  test('an archived article without a replacement is 410 "archived", without its text', async () => {
    const archived = await buildArticle({ section, status: 'ARCHIVED', title: 'Old ARCHTITLE', body: 'ARCHBODY text' });
    const anon = await page(`/articles/${archived.slug}`);
    expect(anon.status).toBe(410);
    expect(anon.html).toContain('This article was archived');
    expect(anon.html).not.toMatch(/ARCHTITLE|ARCHBODY/);
  });

  test('a section page lists published articles only', async () => {
    const draft = await buildArticle({ section, status: 'DRAFT', title: 'Section DRAFTONLY' });
    const { status, html } = await page(`/sections/${section.slug}`);
    expect(status).toBe(200);
    expect(html).toContain('Resetting a lost password');
    expect(html).not.toContain('DRAFTONLY');
    expect(html).toContain(`<link rel="canonical" href="${app().config.publicUrl}/sections/${section.slug}">`);
    const crumbs = jsonLd(html).find((o) => o['@type'] === 'BreadcrumbList')!;
    expect((crumbs.itemListElement as Array<{ name: string }>).map((c) => c.name)).toEqual(['Help Center', expect.any(String), 'Sign-in & security']);
    void draft;
  });
});

describe('status codes', () => {
  test.each([
    ['/articles/no-such-article', 'article'],
    ['/sections/no-such-section', 'section'],
    ['/categories/no-such-category', 'category'],
    ['/no/such/page', 'page'],
  ])('%s is a real 404 with the not-found page', async (pathname, what) => {
    const { status, html } = await page(pathname);
    expect(status).toBe(404);
    expect(html).toContain(`We can’t find that ${what}`);
    expect(html).toContain('<title>Not found · Help Center</title>');
  });

  test('hostile URLs: a NUL, a huge query, markup in the path never give a 500 or echo markup', async () => {
    const nul = await page('/search?q=%00abc');
    expect(nul.status).toBe(200);
    const huge = await page(`/search?q=${'a'.repeat(5000)}`);
    expect(huge.status).toBe(200);
    const markup = await page('/%3Cscript%3Ealert(1)%3C/script%3E');
    expect(markup.status).toBe(404);
    expect(markup.html).not.toContain('<script>alert(1)');
  });

  test('signed-in pages stay client-rendered: the shell, 200, no state', async () => {
    const { status, html } = await page('/account');
    expect(status).toBe(200);
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toContain('atrium-state');
  });

  test('home, category, search and a profile are rendered', async () => {
    const home = await page('/');
    expect(home.status).toBe(200);
    expect(home.html).toContain('atrium-state');
    const results = await page('/search?q=password');
    expect(results.status).toBe(200);
    expect(results.html).toContain('Search results for “password”');
    expect(results.html).toContain('Resetting a lost password');
    expect(results.html).toContain('<meta name="robots" content="noindex">');
    const profile = await page(`/users/${staff.handle}`);
    expect(profile.status).toBe(200);
    expect(profile.html).toContain(`User ${staff.handle}`);
  });
});

describe('a failing renderer', () => {
  test('falls back to the client shell with status 500 and a request id, never a blank page', async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-ssr-broken-'));
    fs.copyFileSync(path.join(dist, 'index.html'), path.join(broken, 'index.html'));
    fs.mkdirSync(path.join(broken, '.ssr'));
    fs.writeFileSync(path.join(broken, '.ssr/entry-server.mjs'), 'export async function render() { throw new Error("boom in a component"); }\n');
    const { createPageRenderer } = await import('../../src/http/pages.js');
    const renderer = createPageRenderer({
      webDist: broken,
      origin: () => 'http://example.test',
      apollo: null as never,
      context: () => Promise.reject(new Error('unused')),
      anonymousContext: () => null as never,
    })!;
    const page500 = await renderer.renderPage({ url: '/articles/x', headers: {} } as never, null as never);
    expect(page500.status).toBe(500);
    expect(page500.html).toContain('<div id="app"></div>');
    expect(page500.html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"><\/script>/);
    expect(page500.cacheable).toBe(false);
    fs.rmSync(broken, { recursive: true, force: true });
  });
});
