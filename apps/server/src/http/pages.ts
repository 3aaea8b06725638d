import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApolloServer } from '@apollo/server';
import type { Express } from 'express';
import type { DocumentNode } from 'graphql';
import type { Config } from '../config.js';
import type { Db } from '../db/data-source.js';
import type { Context } from '../modules/context.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { log } from '../lib/logger.js';
import { requestStorage } from '../lib/request-context.js';
import { credentialsOf } from './auth.js';
import { robotsTxt, sitemapXml } from './sitemap.js';

/**
 * Server-rendered pages (#23): the web app's own components rendered by Vue's server renderer
 * (the Vite SSR build in `<WEB_DIST>/.ssr/entry-server.mjs`), their GraphQL run in-process as
 * the reader, the Apollo cache state put into the page for hydration. See
 * /work/notes/23-ssr-api.md for the page cache's side of this interface.
 */
export interface RenderedPage {
  /** 200; 404 (the not-found page: unknown path, missing article/section/category/user); 410 (archived article); 500 (the renderer failed: the client shell). */
  status: number;
  /** The whole document, uncompressed. */
  html: string;
  headers: Record<string, string>;
  /** What the page shows: 'article:<uuid>', 'section:<uuid>', 'category:<uuid>', 'comment:<uuid>', 'user:<uuid>' (database ids) and the route's name ('home', 'article', …). */
  tags: string[];
  /** Only an anonymous request's rendered page (not the shell, not a failure) may be shared by a cache. */
  cacheable: boolean;
}

interface ExecuteRequest {
  query: DocumentNode;
  variables: Record<string, unknown>;
  operationName?: string;
}

/** The part of apps/web/src/entry-server.ts the server uses. */
interface Renderer {
  render(opts: {
    url: string;
    origin: string;
    locale?: string;
    execute(req: ExecuteRequest): Promise<{ data?: Record<string, unknown> | null; errors?: ReadonlyArray<{ message: string }> }>;
  }): Promise<{ kind: 'page' | 'shell'; status: number; appHtml: string; headHtml: string; stateHtml: string; modules: string[]; tags: string[] }>;
}

export interface PageRendererOptions {
  webDist: string;
  origin: () => string;
  apollo: ApolloServer<Context>;
  /** The GraphQL context of a request (its viewer from the cookie or bearer token). */
  context(req: IncomingMessage, res: ServerResponse): Promise<Context>;
  /** The same context for an anonymous reader (a credential that does not resolve reads as anonymous here). */
  anonymousContext(req: IncomingMessage, res: ServerResponse): Context;
}

export interface PageRenderer {
  renderPage(req: IncomingMessage, res: ServerResponse): Promise<RenderedPage>;
}

/** The renderer's tags ('Article:<globalId>', 'home') as 'article:<uuid>', 'home'. */
export function pageTags(tags: string[]): string[] {
  return tags.map((tag) => {
    const colon = tag.indexOf(':');
    if (colon < 0) return tag;
    const id = parseGlobalId(tag.slice(colon + 1));
    return id ? `${id.type.toLowerCase()}:${id.uuid}` : tag.toLowerCase();
  });
}

const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', vary: 'Cookie, Authorization' };

/** A request with a session cookie or an Authorization header is a signed-in reader's. */
export function hasCredentials(req: IncomingMessage): boolean {
  const c = credentialsOf(req.headers);
  return c.bearer !== null || c.cookie !== null || c.malformed;
}

/** Re-reads a build file when a new build replaced it (the server keeps running across `vite build`). */
function fileWatcher<T>(file: string, load: (file: string, mtimeMs: number) => T): () => T | null {
  let cached: { mtimeMs: number; value: T } | null = null;
  return () => {
    const mtimeMs = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs === undefined) return cached?.value ?? null;
    if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, value: load(file, mtimeMs) };
    return cached.value;
  };
}

/** The CSS files and JS chunks of what was rendered, from Vite's SSR manifest (module id -> files). */
function preloadLinks(modules: string[], manifest: Record<string, string[]>, already: string): string {
  const seen = new Set<string>();
  const links: string[] = [];
  for (const id of modules) {
    for (const file of manifest[id] ?? []) {
      if (seen.has(file) || already.includes(`"${file}"`)) continue;
      seen.add(file);
      if (file.endsWith('.css')) links.push(`<link rel="stylesheet" crossorigin href="${file}">`);
      else if (file.endsWith('.js')) links.push(`<link rel="modulepreload" crossorigin href="${file}">`);
    }
  }
  return links.join('\n    ');
}

/** The shell with the rendered head, body and state put in. */
export function composePage(template: string, parts: { headHtml: string; appHtml: string; stateHtml: string; links: string }): string {
  const head = template
    .replace(/<title>[\s\S]*?<\/title>\s*/, '')
    .replace(/<meta name="description"[^>]*>\s*/, '')
    .replace('</head>', `  ${parts.headHtml}\n    ${parts.links}\n  </head>`);
  const i = head.indexOf('<div id="app"></div>');
  if (i < 0) throw new Error('index.html has no <div id="app"></div>');
  // split/join, not String.replace: the page's text may hold "$&" and other replacement patterns
  return `${head.slice(0, i)}<div id="app">${parts.appHtml}</div>${parts.stateHtml}${head.slice(i + '<div id="app"></div>'.length)}`;
}

/** Null when WEB_DIST has no index.html (the API alone). */
export function createPageRenderer(opts: PageRendererOptions): PageRenderer | null {
  const indexFile = path.join(opts.webDist, 'index.html');
  if (!fs.existsSync(indexFile)) return null;
  const template = fileWatcher(indexFile, (f) => fs.readFileSync(f, 'utf8'));
  const manifest = fileWatcher(path.join(opts.webDist, '.vite/ssr-manifest.json'), (f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, string[]>);
  // a new build is a new URL (the query), so import() loads it instead of its module cache
  const renderer = fileWatcher(path.join(opts.webDist, '.ssr/entry-server.mjs'), (f, mtimeMs) =>
    import(`${pathToFileURL(f).href}?v=${Math.round(mtimeMs)}`) as Promise<Renderer>,
  );

  const shell = (status: number, cacheable = false): RenderedPage => ({
    status,
    html: template() ?? '',
    headers: { ...HTML_HEADERS },
    tags: [],
    cacheable,
  });

  return {
    async renderPage(req, res) {
      const loading = renderer();
      if (!loading) return shell(200); // a build without the renderer: the client renders
      const anonymous = !hasCredentials(req);
      try {
        const { render } = await loading;
        let context: Context | null = null;
        const contextOf = async () => {
          if (context) return context;
          try {
            context = anonymous ? opts.anonymousContext(req, res) : await opts.context(req, res);
          } catch {
            context = opts.anonymousContext(req, res); // a stale or bad credential: the page as anyone sees it
          }
          return context;
        };
        const result = await render({
          url: req.url ?? '/',
          origin: opts.origin(),
          async execute({ query, variables, operationName }) {
            const response = await opts.apollo.executeOperation({ query, variables, operationName }, { contextValue: await contextOf() });
            if (response.body.kind !== 'single') throw new Error('incremental delivery is not used by pages');
            return response.body.singleResult as { data?: Record<string, unknown> | null; errors?: ReadonlyArray<{ message: string }> };
          },
        });
        if (result.kind === 'shell') return shell(200);
        const tpl = template() ?? '';
        const html = composePage(tpl, { ...result, links: preloadLinks(result.modules, manifest() ?? {}, tpl) });
        return { status: result.status, html, headers: { ...HTML_HEADERS }, tags: pageTags(result.tags), cacheable: anonymous };
      } catch (err) {
        // never a blank page: the client shell renders it in the browser; the log has the request id
        log().error({ err, url: req.url, requestId: requestStorage.getStore()?.requestId }, 'server rendering failed: sent the client shell');
        return shell(500);
      }
    },
  };
}

/** Paths answered by the web app (pages or the client shell): everything but the API and the probes. */
export const PAGE_ROUTE = /^\/(?!graphql(?:\/|$)|healthz$|readyz$|metrics$).*/;

/** GET /robots.txt and /sitemap.xml (+ /sitemap-<n>.xml parts past `sitemapMaxUrls`). */
export function mountSeoFiles(app: Express, deps: { db: Db; config: Pick<Config, 'publicUrl' | 'sitemapMaxUrls'> }): void {
  app.get('/robots.txt', (_req, res) => {
    res.type('text/plain').setHeader('cache-control', 'public, max-age=3600');
    res.send(robotsTxt(deps.config.publicUrl));
  });
  app.get(/^\/sitemap(-[0-9]+)?\.xml$/, (req, res, next) => {
    sitemapXml(deps.db, { origin: deps.config.publicUrl, maxUrls: deps.config.sitemapMaxUrls, path: req.path })
      .then((xml) => {
        if (xml === null) return next(); // no such part: the pages' 404
        res.type('application/xml').setHeader('cache-control', 'public, max-age=600');
        res.send(xml);
      })
      .catch(next);
  });
}
