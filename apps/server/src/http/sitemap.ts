import type { Db } from '../db/data-source.js';

/**
 * /sitemap.xml and /robots.txt (#23). The sitemap lists what an anonymous reader can open: the
 * home page, every category and section, every PUBLISHED article (never drafts or archived
 * ones), each with its lastmod (an article's updated_at; a section's and a category's newest
 * published article, else when it was created). Past `maxUrls` URLs (the protocol allows 50,000
 * per file), /sitemap.xml is a sitemap index of /sitemap-1.xml, /sitemap-2.xml, ...
 */
export interface SitemapEntry {
  path: string;
  lastmod: Date | null;
}

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Every URL, in a stable order (home, categories, sections, articles), `offset`..`offset + limit`. */
async function entries(db: Db, offset: number, limit: number): Promise<SitemapEntry[]> {
  const rows: Array<{ path: string; lastmod: Date | string | null }> = await db.query(
    `with urls as (
       select 0 as kind, 0 as pos, '' as key, '/' as path,
              (select max(updated_at) from articles where status = 'PUBLISHED') as lastmod
       union all
       select 1, c.position, c.id::text, '/categories/' || c.slug,
              coalesce((select max(a.updated_at) from articles a join sections s on s.id = a.section_id
                         where s.category_id = c.id and a.status = 'PUBLISHED'), c.created_at)
         from categories c
       union all
       select 2, s.position, s.id::text, '/sections/' || s.slug,
              coalesce((select max(a.updated_at) from articles a where a.section_id = s.id and a.status = 'PUBLISHED'), s.created_at)
         from sections s
       union all
       select 3, 0, a.id::text, '/articles/' || a.slug, a.updated_at
         from articles a where a.status = 'PUBLISHED'
     )
     select path, lastmod from urls order by kind, pos, key offset $1 limit $2`,
    [offset, limit],
  );
  return rows.map((r) => ({ path: r.path, lastmod: r.lastmod === null ? null : new Date(r.lastmod) }));
}

async function countUrls(db: Db): Promise<number> {
  const [row]: Array<{ n: string | number }> = await db.query(
    `select 1 + (select count(*) from categories) + (select count(*) from sections)
              + (select count(*) from articles where status = 'PUBLISHED') as n`,
  );
  return Number(row.n);
}

function urlset(origin: string, list: SitemapEntry[]): string {
  const urls = list.map((e) => {
    const lastmod = iso(e.lastmod);
    return `  <url><loc>${escapeXml(origin + e.path)}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/**
 * The sitemap file at `path` ('/sitemap.xml' or '/sitemap-<n>.xml'), or null when there is no
 * such file (a part number past the last, or parts while everything fits in one file).
 */
export async function sitemapXml(db: Db, opts: { origin: string; maxUrls: number; path: string }): Promise<string | null> {
  const total = await countUrls(db);
  const parts = Math.max(1, Math.ceil(total / opts.maxUrls));
  if (opts.path === '/sitemap.xml') {
    if (parts === 1) return urlset(opts.origin, await entries(db, 0, opts.maxUrls));
    const newest = iso((await entries(db, 0, 1))[0]?.lastmod ?? null);
    const items = Array.from({ length: parts }, (_, i) => {
      return `  <sitemap><loc>${escapeXml(`${opts.origin}/sitemap-${i + 1}.xml`)}</loc>${newest ? `<lastmod>${newest}</lastmod>` : ''}</sitemap>`;
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</sitemapindex>\n`;
  }
  const match = /^\/sitemap-([1-9][0-9]{0,5})\.xml$/.exec(opts.path);
  if (!match || parts === 1) return null;
  const n = Number(match[1]);
  if (n > parts) return null;
  return urlset(opts.origin, await entries(db, (n - 1) * opts.maxUrls, opts.maxUrls));
}

/** robots.txt: everything readable may be crawled except the signed-in and staff pages and the API. */
export function robotsTxt(origin: string): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /graphql',
    'Disallow: /account',
    'Disallow: /moderation',
    'Disallow: /structure',
    'Disallow: /outbox',
    'Disallow: /new',
    'Disallow: /signin',
    'Disallow: /signup',
    'Disallow: /search',
    'Disallow: /auth/',
    'Disallow: /*/edit$',
    'Disallow: /*/history$',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}
