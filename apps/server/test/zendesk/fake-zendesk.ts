import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fixture } from './fixture.js';

export interface FakeZendeskOptions {
  email: string;
  token: string;
  pageSize?: number;
  /** Request numbers (1-based, over the server's life) answered 429 with `Retry-After: 1`. */
  tooManyAt?: number[];
  /** Request numbers answered 500 once. */
  failAt?: number[];
  /** Paths (without the query) whose answer is not JSON. */
  malformed?: string[];
}

/**
 * A local Zendesk Help Center API over real HTTP, serving a fixture the way the real one
 * does: Basic auth with `email/token:T`, cursor pagination (`page[size]` and `page[after]`,
 * `meta.has_more`, `meta.after_cursor`, `links.next`), `users/show_many?ids=`, and 429s with
 * Retry-After and a 500 where a test asks for them.
 */
export async function startFakeZendesk(f: Fixture, opts: FakeZendeskOptions) {
  let requests = 0;
  const log: Array<{ n: number; path: string; status: number }> = [];
  const expected = `Basic ${Buffer.from(`${opts.email}/token:${opts.token}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const n = ++requests;
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log.push({ n, path: url.pathname + url.search, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (opts.tooManyAt?.includes(n)) return send(429, { error: 'APIRateLimitExceeded' }, { 'retry-after': '1' });
    // attachments: Zendesk answers with a redirect to its file host; here, to /files-host/… on the same server
    const file = /^\/hc\/article_attachments\/\d+\/[^/]+$/.test(url.pathname);
    if (file) {
      if (!f.files.has(url.pathname)) return send(404, { error: 'RecordNotFound' });
      log.push({ n, path: url.pathname, status: 302 });
      res.writeHead(302, { location: `/files-host${url.pathname}` });
      return res.end();
    }
    if (url.pathname.startsWith('/files-host/')) {
      const bytes = f.files.get(url.pathname.slice('/files-host'.length));
      if (!bytes) return send(404, { error: 'RecordNotFound' });
      log.push({ n, path: url.pathname, status: 200 });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length), 'x-had-authorization': String(!!req.headers.authorization) });
      return res.end(bytes);
    }
    if (req.headers.authorization !== expected) return send(401, { error: 'Couldn\'t authenticate you' });
    if (opts.failAt?.includes(n)) return send(500, { error: 'InternalError' });
    if (opts.malformed?.includes(url.pathname)) return send(200, '{"comments": [{"id": 1,');
    const origin = `http://${req.headers.host}`;
    const paged = (key: string, items: unknown[]) => {
      const size = Math.min(100, Number(url.searchParams.get('page[size]') ?? opts.pageSize ?? 100)) || 100;
      const after = url.searchParams.get('page[after]');
      const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
      const slice = items.slice(start, start + size);
      const hasMore = start + size < items.length;
      const cursor = hasMore ? Buffer.from(String(start + size)).toString('base64url') : null;
      const next = new URL(url.pathname, origin);
      next.searchParams.set('page[size]', String(size));
      if (cursor) next.searchParams.set('page[after]', cursor);
      send(200, { [key]: slice, meta: { has_more: hasMore, after_cursor: cursor, before_cursor: start ? Buffer.from(String(start)).toString('base64url') : null }, links: { first: null, last: null, next: hasMore ? next.toString() : null, prev: null } });
    };
    const p = url.pathname.replace(/\.json$/, '').replace(/^\/api\/v2\/help_center\/[a-z]{2}(-[a-z]{2})?\//, '/api/v2/help_center/');
    let m: RegExpExecArray | null;
    if (p === '/api/v2/users/show_many') {
      const ids = new Set((url.searchParams.get('ids') ?? '').split(',').map(Number));
      if (ids.size > 100) return send(400, { error: 'too many ids' });
      return send(200, { users: f.users.filter((u) => ids.has(u.id as number)) });
    }
    if (p === '/api/v2/help_center/categories') return paged('categories', f.categories);
    if (p === '/api/v2/help_center/sections') return paged('sections', f.sections);
    if (p === '/api/v2/help_center/articles') return paged('articles', f.articles);
    if ((m = /^\/api\/v2\/help_center\/articles\/(\d+)\/comments$/.exec(p))) return paged('comments', f.comments.get(Number(m[1])) ?? []);
    if ((m = /^\/api\/v2\/help_center\/articles\/(\d+)\/votes$/.exec(p))) return paged('votes', f.articleVotes.get(Number(m[1])) ?? []);
    if ((m = /^\/api\/v2\/help_center\/articles\/(\d+)\/attachments$/.exec(p))) return paged('article_attachments', f.attachments.get(Number(m[1])) ?? []);
    if ((m = /^\/api\/v2\/help_center\/articles\/(\d+)\/comments\/(\d+)\/votes$/.exec(p))) return paged('votes', f.commentVotes.get(Number(m[2])) ?? []);
    send(404, { error: 'RecordNotFound' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
