import { ArticleWithThreadDocument, HideCommentDocument } from '@atrium/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/global-id.js';
import { buildArticle, buildComment, buildUser } from '../factories.js';
import { app, gql, useTestApp } from '../harness.js';
import { startTcpProxy, viaProxy } from '../tcp-proxy.js';
import { persisted, raw } from './cache-client.js';

/**
 * The page cache when Redis (where the tag versions live) goes away and comes back: pages are
 * rendered instead of served from the cache, a write still answers, and no entry from before
 * the outage is served afterwards (a bump lost in the outage cannot make it look current).
 * Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379), reached through a proxy this test cuts.
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisProxy = await startTcpProxy({ host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) });
afterAll(() => redisProxy.close());
useTestApp({ redisUrl: viaProxy(REDIS_URL, redisProxy) });

describe('page cache with Redis going away', () => {
  it('renders during the outage, a hide still answers, and nothing from before it is served afterwards', async () => {
    const thread = persisted(ArticleWithThreadDocument);
    const article = await buildArticle();
    const secret = `Before the outage ${Date.now()}`;
    const comment = await buildComment({ article, body: secret });
    const moderator = await buildUser({ role: 'MODERATOR' });
    const vars = { slug: article.slug };
    const url = () => thread.url(app().url, vars);
    await thread.register(app().url, vars);
    await raw(url());
    const warm = await raw(url());
    expect(warm.headers['x-cache']).toBe('HIT');
    expect(warm.text).toContain(secret);

    redisProxy.cut('reset');
    const during = await raw(url());
    expect(during.status).toBe(200);
    expect(during.headers['x-cache']).not.toBe('HIT');
    expect(during.text).toContain(secret);
    // the tag bump cannot reach Redis: retried, then the answer goes out anyway
    const hide = await gql(HideCommentDocument, { input: { commentId: toGlobalId('Comment', comment.id), reason: 'ABUSE' } }, { as: moderator });
    hide.expectData();
    for (let i = 0; i < 3; i++) expect((await raw(url())).text).not.toContain(secret);

    redisProxy.restore();
    // until the cache serves again, and after: never the hidden text
    let hits = 0;
    for (let i = 0; i < 200 && hits < 3; i++) {
      const res = await raw(url(), { headers: { 'if-none-match': warm.headers.etag! } });
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(secret);
      if (res.headers['x-cache'] === 'HIT') hits++;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(hits).toBe(3);
  }, 60_000);
});
