import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode, type SelectionNode } from 'graphql';
import type { AnyDomainEvent } from '../events/catalog.js';
import type { Context } from '../modules/context.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { log } from '../lib/logger.js';
import { credentialsOf } from './auth.js';
import { EVERYTHING, etagMatches, etagOf, PageCache, tagsOfEvent, type CacheEntry, type Rendered } from '../lib/page-cache.js';
import { requestStorage, type RequestStore } from '../lib/request-context.js';
import { createTagVersions } from '../lib/tag-versions.js';
import { compress, COMPRESS_MIN_BYTES, pickEncoding, sendMaybeCompressed, varyOnEncoding } from './compression.js';

/**
 * The anonymous page cache over HTTP (lib/page-cache.ts holds the cache itself):
 * - who is cached: requests without an Authorization header and without the session cookie;
 *   answers that set a cookie, are not 200, or carry GraphQL errors are never stored;
 * - GET /graphql with a persisted-query hash (http/graphql-http.ts) and server-rendered pages
 *   (`serveCachedPage`), keyed by their URL (compressed copies inside the entry);
 * - every answer has a weak ETag and `Cache-Control: no-cache` (browsers revalidate: 304);
 * - invalidation: the domain event log's `onCommitted` bumps the tags of what each event
 *   changed (`tagsOfEvent`) and the request that wrote waits for those bumps before its
 *   response goes out (`pageCachePlugin`), so once a mutation has answered no instance serves
 *   what it changed. A mutation that committed without recording any event bumps `*`.
 */
export interface EventSource {
  onCommitted(handler: (event: AnyDomainEvent) => void): () => void;
}

interface WriteTrack {
  pending: Promise<void>[];
  events: number;
}
const tracks = new WeakMap<RequestStore, WriteTrack>();

function trackOf(store: RequestStore): WriteTrack {
  let t = tracks.get(store);
  if (!t) tracks.set(store, (t = { pending: [], events: 0 }));
  return t;
}

/** The database a cache shows (host, port and name; no credentials): instances of one help center share its tag versions. */
function namespaceOf(databaseUrl: string | null): string {
  if (!databaseUrl) return 'embedded';
  const u = new URL(databaseUrl);
  return createHash('sha256').update(`${u.hostname}:${u.port}${u.pathname}`).digest('base64url').slice(0, 16);
}

export function createPageCache(opts: { redisUrl: string | null; databaseUrl: string | null; maxBytes: number }, events?: EventSource): PageCache {
  const cache = new PageCache(createTagVersions(opts.redisUrl, namespaceOf(opts.databaseUrl)), { maxBytes: opts.maxBytes });
  events?.onCommitted((event) => {
    const tags = tagsOfEvent(event);
    const store = requestStorage.getStore();
    if (store) trackOf(store).events++;
    if (tags.length === 0) return;
    const bump = cache.invalidate(tags).catch((err: Error) => log().error({ err: err.message }, 'page cache: invalidation failed'));
    if (store) trackOf(store).pending.push(bump);
  });
  return cache;
}

/**
 * Mutations that change nothing an anonymous page or answer shows (sign-in, tokens, webhooks,
 * notification reads, the reader's view beacon, staff review queues): without an event they move
 * no tag. Any other mutation that records no event moves `*`.
 */
export const PRIVATE_MUTATIONS: ReadonlySet<string> = new Set([
  'assignAttentionItem', 'changeEmail', 'changePassword', 'createApiToken', 'createWebhookEndpoint', 'deleteWebhookEndpoint',
  'markArticleReviewed', 'markNotificationsRead', 'pingWebhookEndpoint', 'recordArticleView', 'recordSearchResultOpened',
  'redeliverWebhook', 'requestPasswordReset', 'resendVerificationEmail', 'resetPassword', 'retryMail', 'revokeApiToken',
  'revokeSession', 'rotateWebhookSecret', 'setArticleReview', 'signIn', 'signOut', 'signOutEverywhere', 'snoozeAttentionItem',
  'updateNotificationPreferences', 'updateWebhookEndpoint', 'verifyEmail',
]);

function changesNothingPublic(selections: readonly SelectionNode[]): boolean {
  return selections.every((s) => s.kind === Kind.FIELD && (s.name.value === '__typename' || PRIVATE_MUTATIONS.has(s.name.value)));
}

/** Waits, before a mutation's response is sent, for the tag bumps of the events it committed. */
export function pageCachePlugin(cache: PageCache): ApolloServerPlugin<Context> {
  // one hooks object for every request (nothing allocated per query)
  const hooks = {
    async willSendResponse({ operation }: { operation?: OperationDefinitionNode | null }) {
      if (operation?.operation !== 'mutation') return;
      const store = requestStorage.getStore();
      const track = store ? tracks.get(store) : undefined;
      if (!track || track.events === 0) {
        if (changesNothingPublic(operation.selectionSet.selections)) return;
        // no event recorded (a write the log does not describe yet, or nothing written): be safe
        await cache.invalidate([EVERYTHING]).catch((err: Error) => log().error({ err: err.message }, 'page cache: invalidation failed'));
        return;
      }
      await Promise.all(track.pending);
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}

/** No Authorization header and no session cookie (a stale cookie still counts: never cached). */
export function isAnonymousRequest(req: IncomingMessage): boolean {
  return !req.headers.authorization && credentialsOf(req.headers).cookie === null;
}

const ID_FIELD = /"id":"([A-Za-z0-9_-]{8,100})"/g;

/** The tags of a GraphQL answer: every global id in it (`article:<uuid>`, `comment:<uuid>`, …). */
export function tagsOfGraphqlBody(body: string): string[] {
  const tags = new Set<string>();
  for (const m of body.matchAll(ID_FIELD)) {
    const id = parseGlobalId(m[1]);
    if (id) tags.add(`${id.type.toLowerCase()}:${id.uuid}`);
  }
  return [...tags];
}

/** Sends a cached entry: 304 when If-None-Match names it, else its body (a compressed copy when accepted). */
export async function sendEntry(req: IncomingMessage, res: ServerResponse, cache: PageCache, key: string, entry: CacheEntry, state: 'HIT' | 'MISS'): Promise<void> {
  for (const name in entry.headers) res.setHeader(name, entry.headers[name]);
  res.setHeader('etag', entry.etag);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-cache', state);
  varyOnEncoding(res);
  if (etagMatches(req.headers['if-none-match'], entry.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = entry.status;
  res.setHeader('content-type', entry.contentType);
  const encoding = entry.body.length >= COMPRESS_MIN_BYTES ? pickEncoding(req.headers['accept-encoding']) : null;
  let body = entry.body;
  if (encoding) {
    let variant = entry.variants.get(encoding);
    if (!variant) {
      variant = await compress(entry.body, encoding);
      entry.variants.set(encoding, variant);
      cache.resize(key, entry);
    }
    body = variant;
    res.setHeader('content-encoding', encoding);
  }
  res.setHeader('content-length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Serves anonymous page hits before anything else looks at the request (the slug redirects read
 * the database for every article URL): only URLs the page route stored are ever found, and an
 * entry whose article moved or was archived is stale by then (its events bumped its tags).
 */
export function pageCacheHits(cache: PageCache) {
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isAnonymousRequest(req)) return next();
    const key = `html:${req.url ?? '/'}`;
    cache
      .get(key)
      .then((hit) => (hit ? sendEntry(req, res, cache, key, hit, 'HIT') : next()))
      .catch(next);
  };
}

/** What a page renderer returns (the server-rendering part's `renderPage`). */
export interface RenderedPage {
  status: number;
  html: string;
  headers?: Record<string, string>;
  /** What the page shows, e.g. `article:<uuid>`, `section:<uuid>`; null or absent: never cached. */
  tags?: readonly string[] | null;
}

/**
 * Answers a page request through the cache: anonymous GET/HEAD are served from it or rendered
 * and stored; everyone else is rendered every time. Pages are `Cache-Control: no-cache`
 * (browsers revalidate with the ETag), compressed when accepted.
 */
export async function serveCachedPage(req: IncomingMessage, res: ServerResponse, cache: PageCache | null, render: () => Promise<RenderedPage>): Promise<void> {
  const cacheable = cache !== null && (req.method === 'GET' || req.method === 'HEAD') && isAnonymousRequest(req);
  const key = `html:${req.url ?? '/'}`;
  if (cacheable) {
    const hit = await cache.get(key);
    if (hit) return sendEntry(req, res, cache, key, hit, 'HIT');
  }
  let page: RenderedPage | null = null;
  const toRendered = (p: RenderedPage): Rendered | null => {
    const setsCookie = Object.keys(p.headers ?? {}).some((h) => h.toLowerCase() === 'set-cookie') || res.hasHeader('set-cookie');
    if (!p.tags || setsCookie) return null;
    return { status: p.status, contentType: 'text/html; charset=utf-8', headers: p.headers, body: p.html, tags: p.tags };
  };
  let entry: CacheEntry | null = null;
  if (cacheable) {
    ({ entry } = await cache.render(key, async () => {
      page = await render();
      return toRendered(page);
    }));
  } else {
    page = await render();
  }
  const p = page as RenderedPage | null;
  if (!p) throw new Error('renderer returned nothing');
  for (const [name, value] of Object.entries(p.headers ?? {})) res.setHeader(name, value);
  if (entry) return sendEntry(req, res, cache!, key, entry, 'MISS');
  res.statusCode = p.status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  if (p.status === 200 && !res.hasHeader('etag')) {
    const etag = etagOf(p.html);
    res.setHeader('etag', etag);
    if (cacheable && etagMatches(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      varyOnEncoding(res);
      res.end();
      return;
    }
  }
  await sendMaybeCompressed(req, res, p.html);
}
