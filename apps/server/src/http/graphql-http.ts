import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import type { Context } from '../modules/context.js';
import { log } from '../lib/logger.js';
import type { PageCache } from '../lib/page-cache.js';
import { sendMaybeCompressed } from './compression.js';
import { csrfBlocked, CSRF_ERROR_BODY } from './csrf.js';
import { isAnonymousRequest, sendEntry, tagsOfGraphqlBody } from './page-cache-http.js';

/**
 * POST and GET /graphql straight on Node's HTTP server, in front of Express: the same steps
 * as the Express stack it replaces for these requests (request id, CORS, the CSRF rule, a
 * JSON body of at most `bodyLimit` bytes, Apollo's `executeHTTPGraphQLRequest`), without the
 * router, body-parser and response helpers, which cost about as much CPU per request as a
 * small query does.
 *
 * Only plain requests take this path: a body that is compressed or not UTF-8 JSON, a GET
 * that accepts HTML (the IDE), and every other method (OPTIONS preflights, HEAD) go on to the
 * Express stack (`handle` returns false), which answers them as before.
 */
export interface GraphqlHttpOptions {
  apollo: ApolloServer<Context>;
  context(req: IncomingMessage, res: ServerResponse): Promise<Context>;
  corsOrigins: ReadonlySet<string>;
  bodyLimit: number;
  /** Runs `fn` with a fresh per-request store (request id, SQL count); sets x-request-id and the security headers. */
  withRequestStore(req: IncomingMessage, res: ServerResponse, fn: () => void): void;
  /** Compress answers above COMPRESS_MIN_BYTES for clients that accept br/gzip (http/compression.ts). */
  compress?: boolean;
  /** The anonymous page cache for GET persisted queries; null: none. */
  pageCache?: PageCache | null;
}

export const EXPOSED_HEADERS = ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'x-request-id'];
const EXPOSED = EXPOSED_HEADERS.join(',');

/** The 413 message of both paths. */
export function bodyTooLargeMessage(limitBytes: number): string {
  return `Request body is larger than ${limitBytes / 1024 / 1024}mb.`;
}

function errorBody(message: string, code: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

function sendJson(res: ServerResponse, status: number, body: string) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

/** `application/json`, with no charset or a UTF-8 one: what this path parses itself. */
function isPlainJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type !== 'application/json') return false;
  if (semi < 0) return true;
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType.slice(semi))?.[1]?.toLowerCase();
  return charset === undefined || charset === 'utf-8' || charset === 'utf8';
}

export function graphqlHttpHandler(opts: GraphqlHttpOptions) {
  const { apollo, corsOrigins, bodyLimit } = opts;
  const compressAnswers = opts.compress ?? true;

  function cors(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    // credentials only for configured origins; bearer-token requests work from anywhere
    if (origin && corsOrigins.has(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
    } else {
      res.setHeader('access-control-allow-origin', '*');
    }
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', EXPOSED);
  }

  async function readBody(req: IncomingMessage): Promise<{ status: number; message: string } | { body: unknown }> {
    const declared = Number(req.headers['content-length']);
    if (declared > bodyLimit) return { status: 413, message: bodyTooLargeMessage(bodyLimit) };
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > bodyLimit) {
        req.resume(); // the rest is read and dropped, so the answer can still be sent
        return { status: 413, message: bodyTooLargeMessage(bodyLimit) };
      }
      chunks.push(chunk);
    }
    const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8');
    if (text.trim() === '') return { body: {} };
    // body-parser's strict mode: a JSON object or array, nothing else
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return { status: 400, message: 'Malformed request body: send JSON.' };
    try {
      return { body: JSON.parse(text) };
    } catch {
      return { status: 400, message: 'Malformed request body: send JSON.' };
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    cors(req, res);
    if (csrfBlocked(req.method ?? '', req.headers)) return sendJson(res, 403, CSRF_ERROR_BODY);
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readBody(req);
      if ('status' in read) return sendJson(res, read.status, errorBody(read.message, 'BAD_USER_INPUT'));
      body = read.body;
    }
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method!, headers, search: q < 0 ? '' : url.slice(q), body },
        context: () => opts.context(req, res),
      });
    const cache = opts.pageCache;
    // the anonymous page cache: GET persisted queries of readers who are not signed in (http/page-cache-http.ts)
    if (cache && req.method === 'GET' && q >= 0 && url.includes('persistedQuery', q) && isAnonymousRequest(req)) {
      // the answer's media type follows Accept (application/graphql-response+json or application/json)
      const key = `gql:${req.headers.accept?.includes('application/graphql-response+json') ? 'gr' : 'j'}:${url}`;
      const hit = await cache.get(key);
      if (hit) return sendEntry(req, res, cache, key, hit, 'HIT');
      let response: HTTPGraphQLResponse | null = null;
      const { entry } = await cache.render(key, async () => {
        response = await execute();
        const r: HTTPGraphQLResponse = response;
        if (r.body.kind !== 'complete' || r.headers.has('set-cookie')) return null;
        const text = r.body.string;
        if (text.includes('"errors":[')) return null;
        return { status: r.status ?? 200, contentType: r.headers.get('content-type') ?? 'application/json; charset=utf-8', body: text, tags: tagsOfGraphqlBody(text) };
      });
      if (entry) {
        // the executing request's own headers (rate limits, SQL count) are not part of the entry
        for (const [key, value] of (response as HTTPGraphQLResponse | null)?.headers ?? []) res.setHeader(key, value);
        return sendEntry(req, res, cache, key, entry, 'MISS');
      }
      return write(req, res, response!);
    }
    return write(req, res, await execute());
  }

  async function write(req: IncomingMessage, res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (!compressAnswers) {
        res.setHeader('content-length', Buffer.byteLength(response.body.string));
        res.end(response.body.string);
        return;
      }
      return sendMaybeCompressed(req, res, response.body.string);
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** Answers the request and returns true, or returns false for Express to handle it. */
  return function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url ?? '';
    const path = url.length === 8 ? url : url.split('?', 1)[0];
    if (path !== '/graphql') return false;
    if (req.method === 'POST') {
      if (!isPlainJson(req.headers['content-type'])) return false;
      const encoding = req.headers['content-encoding'];
      if (encoding && encoding.toLowerCase() !== 'identity') return false;
    } else if (req.method === 'GET') {
      // a browser asking for a page may get the IDE (http/graphiql.ts, on Express)
      if (req.headers.accept?.includes('text/html')) return false;
    } else return false;
    opts.withRequestStore(req, res, () => {
      serve(req, res).catch((err) => {
        // a client that went away mid-request is not a server error
        if (req.destroyed || res.destroyed) return log().debug({ err }, 'request aborted');
        log().error({ err }, 'http error');
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
      });
    });
    return true;
  };
}
