import { beforeAll, describe, expect, test } from 'vitest';
import { buildArticle, buildSection } from '../factories.js';
import { sql, useTestApp } from '../harness.js';

/* /sitemap.xml and /robots.txt (#23): published articles, sections and categories; split past the limit. */
const LIMIT = 4;
const app = useTestApp({ sitemapMaxUrls: LIMIT, webDist: '/nonexistent-web-dist' } as never);

async function get(pathname: string) {
  const res = await fetch(`${app().url}${pathname}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

let published: string[] = [];
let hidden: string[] = [];

beforeAll(async () => {
  const section = await buildSection();
  published = [];
  for (let i = 0; i < 5; i++) published.push((await buildArticle({ section })).slug);
  hidden = [(await buildArticle({ section, status: 'DRAFT' })).slug, (await buildArticle({ section, status: 'ARCHIVED' })).slug];
  await sql(`update articles set updated_at = '2026-01-02T03:04:05Z' where slug = $1`, [published[0]]);
});

describe('sitemap', () => {
  test(`past ${LIMIT} URLs, /sitemap.xml is an index of parts that together list every public URL once`, async () => {
    const index = await get('/sitemap.xml');
    expect(index.status).toBe(200);
    expect(index.type).toMatch(/^application\/xml/);
    expect(index.text).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    const parts = locs(index.text);
    const [{ n }] = await sql<{ n: string }>(
      `select 1 + (select count(*) from categories) + (select count(*) from sections) + (select count(*) from articles where status = 'PUBLISHED') as n`,
    );
    expect(parts).toHaveLength(Math.ceil(Number(n) / LIMIT));
    const all: string[] = [];
    for (const part of parts) {
      const res = await get(new URL(part).pathname);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
      const urls = locs(res.text);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.length).toBeLessThanOrEqual(LIMIT);
      all.push(...urls);
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(Number(n));
    const origin = app().config.publicUrl;
    expect(all).toContain(`${origin}/`);
    for (const slug of published) expect(all).toContain(`${origin}/articles/${slug}`);
    for (const slug of hidden) expect(all.join('\n')).not.toContain(slug);
    const part = (await Promise.all(parts.map((p) => get(new URL(p).pathname)))).map((r) => r.text).join('\n');
    expect(part).toContain(`<loc>${origin}/articles/${published[0]}</loc><lastmod>2026-01-02T03:04:05.000Z</lastmod>`);
  });

  test('a part past the last is a 404', async () => {
    expect((await get('/sitemap-999.xml')).status).toBe(404);
    expect((await get('/sitemap-0.xml')).status).toBe(404);
  });

  test('robots.txt points at the sitemap and keeps crawlers off the API and staff pages', async () => {
    const res = await get('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/plain/);
    expect(res.text).toContain(`Sitemap: ${app().config.publicUrl}/sitemap.xml`);
    expect(res.text).toContain('Disallow: /graphql');
    expect(res.text).toContain('Disallow: /moderation');
  });
});
