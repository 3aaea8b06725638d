import { AddCommentDocument, ArticleDocument, CommentEventsDocument } from '@atrium/schema';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/server.js';
import { buildArticle, buildUser } from '../factories.js';
import { app, startTestApp, useTestApp } from '../harness.js';
import { startTcpProxy, viaProxy } from '../tcp-proxy.js';
import { connect, wsUrl } from '../ws/ws-client.js';

/**
 * Faults survived: PostgreSQL or Redis going away (a TCP proxy in front of each is cut and
 * restored) while the same app keeps running. During the outage every request answers fast
 * with a code; afterwards the app recovers by itself, without a restart.
 */

const onPostgres = !!process.env.DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// this file's app reaches Redis through a proxy the Redis test cuts
const redisProxy = await startTcpProxy({ host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) });
afterAll(() => redisProxy.close());
useTestApp({ redisUrl: viaProxy(REDIS_URL, redisProxy), rateLimitIpPoints: 100_000 });

/** How long any answer may take during an outage (the pool's connect timeout is 3 s). */
const ANSWER_WITHIN_MS = 5000;

type Body<T> = ExecutionResult<T> & { errors?: GraphQLFormattedError[] };

async function post<TData, TVars>(base: string, doc: TypedDocumentNode<TData, TVars>, variables: TVars, token?: string) {
  const started = Date.now();
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(doc), variables }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Body<TData>, ms: Date.now() - started };
}

async function readyz(base: string) {
  const started = Date.now();
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, ms: Date.now() - started };
}

/** Retries `attempt` until it returns true (recovery is asynchronous); fails after `ms`. */
async function eventually(what: string, attempt: () => Promise<boolean>, ms = 15_000): Promise<number> {
  const started = Date.now();
  while (!(await attempt().catch(() => false))) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - started;
}

describe('PostgreSQL going away', () => {
  it.skipIf(!onPostgres)(
    'requests answer fast with a code and /readyz is 503 during the outage; the same app recovers by itself (skipped on PGlite: PGlite is in-process, nothing to cut)',
    async () => {
      const direct = new URL(app().config.databaseUrl!);
      const pgProxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      // a second app on the same database, through the proxy; the factories write directly
      let faulty: App | null = null;
      try {
        faulty = await startTestApp({ databaseUrl: viaProxy(direct.toString(), pgProxy) });
        const article = await buildArticle();
        const read = () => post(faulty!.url, ArticleDocument, { id: article.gid });
        expect((await read()).body.data?.article?.id).toBe(article.gid);
        expect((await readyz(faulty.url)).status).toBe(200);

        // PostgreSQL restarts: open connections die, new ones are refused
        pgProxy.cut('reset');
        for (let i = 0; i < 3; i++) {
          const res = await read();
          expect(res.ms).toBeLessThan(ANSWER_WITHIN_MS);
          expect(res.body.data?.article ?? null).toBeNull();
          const error = res.body.errors?.[0];
          expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
          expect(error?.extensions?.requestId).toBe(res.headers.get('x-request-id'));
          expect(JSON.stringify(res.body)).not.toMatch(/ECONN|terminated|5432|stack/i);
        }
        const notReady = await readyz(faulty.url);
        expect(notReady.status).toBe(503);
        expect(notReady.ms).toBeLessThan(ANSWER_WITHIN_MS);

        // a network partition: connections are accepted and never answered; the connect timeout bounds the wait
        pgProxy.cut('blackhole');
        const [partitioned, partitionedReady] = await Promise.all([read(), readyz(faulty.url)]);
        expect(partitioned.ms).toBeLessThan(ANSWER_WITHIN_MS);
        expect(partitioned.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(partitionedReady.status).toBe(503);

        // back: the same process serves again, with new connections
        pgProxy.restore();
        await eventually('a query succeeds after the outage', async () => (await read()).body.data?.article?.id === article.gid, 10_000);
        expect((await readyz(faulty.url)).status).toBe(200);
        // the pool is whole again: a burst of parallel reads all succeed
        const burst = await Promise.all(Array.from({ length: 12 }, () => read()));
        expect(burst.map((r) => r.body.errors ?? null)).toEqual(burst.map(() => null));
      } finally {
        await faulty?.close();
        await pgProxy.close();
      }
    },
    60_000,
  );
});

describe('Redis going away', () => {
  it('rate limits fall back to in-process and local subscriptions keep working; Redis comes back by itself and events cross instances again', async () => {
    const a = app();
    const article = await buildArticle();
    const writer = await buildUser();
    // a second instance on the same Redis, not through the proxy
    const b = await startTestApp({ redisUrl: REDIS_URL });
    const c = connect({ url: wsUrl(a.url) });
    try {
      await Promise.all([a.services.pubsub, b.services.pubsub].map((p) => p.drain()));
      const sub = c.subscribe(CommentEventsDocument, { articleId: article.gid });
      await eventually('the subscription is registered', async () => a.services.pubsub.subscriptions >= 1, 5000);

      redisProxy.cut('reset');
      // rate limits (Redis-backed) answer from the in-process fallback, with their headers
      const limited = await post(a.url, ArticleDocument, { id: article.gid });
      expect(limited.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(limited.body.errors).toBeUndefined();
      expect(limited.body.data?.article?.id).toBe(article.gid);
      expect(limited.headers.get('ratelimit-limit')).toBe('100000');
      expect(Number(limited.headers.get('ratelimit-remaining'))).toBeLessThan(100_000);

      // a write (its write limit is Redis-backed too) and its live event on the same instance
      const added = await post(a.url, AddCommentDocument, { input: { articleId: article.gid, body: 'while Redis is away' } }, writer.token);
      expect(added.ms).toBeLessThan(ANSWER_WITHIN_MS);
      expect(added.body.errors).toBeUndefined();
      const event = await sub.next(5000);
      expect(event.commentEvents.kind).toBe('ADDED');
      expect(event.commentEvents.comment.id).toBe(added.body.data!.addComment.comment.id);

      // Redis back: both of A's clients (publisher, subscriber) reconnect; events cross instances both ways
      redisProxy.restore();
      const topic = `test:faults:${Date.now()}`;
      const seenOnA: unknown[] = [];
      const seenOnB: unknown[] = [];
      const stopA = a.services.pubsub.subscribe(topic, (p) => void seenOnA.push(p));
      const stopB = b.services.pubsub.subscribe(topic, (p) => void seenOnB.push(p));
      try {
        let n = 0;
        await eventually('an event published on B reaches A', async () => {
          b.services.pubsub.publish(topic, { from: 'B', n: n++ });
          await new Promise((r) => setTimeout(r, 100));
          return seenOnA.some((p) => (p as { from: string }).from === 'B');
        });
        await eventually('an event published on A reaches B', async () => {
          a.services.pubsub.publish(topic, { from: 'A', n: n++ });
          await new Promise((r) => setTimeout(r, 100));
          return seenOnB.some((p) => (p as { from: string }).from === 'A');
        });
      } finally {
        stopA();
        stopB();
      }
    } finally {
      await c.dispose();
      await b.close();
    }
  }, 60_000);
});
