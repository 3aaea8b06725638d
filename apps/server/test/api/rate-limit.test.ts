import { randomBytes } from 'node:crypto';
import { CreateApiTokenDocument, ViewerDocument } from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { readJson } from './http.js';
import { createRateLimiter } from '../../src/lib/rate-limit.js';
import { buildUser } from '../factories.js';
import { app, gql, useTestApp } from '../harness.js';

// tiny budgets so the test needs no clock tricks: 3 points per IP, 5 per user, 4 per API token
useTestApp({ rateLimitIpPoints: 3, rateLimitUserPoints: 5, rateLimitTokenPoints: 4, rateLimitWindowSeconds: 600 });

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function anonymous(ip: string) {
  return fetch(`${app().url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'x-forwarded-for': ip } });
}

describe('API rate limits', () => {
  it('counts anonymous requests per IP, with RateLimit-* headers and then RATE_LIMITED + Retry-After (429)', async () => {
    const seen: Array<[number, string | null]> = [];
    for (let i = 0; i < 3; i++) {
      const res = await anonymous('ignored');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      seen.push([res.status, res.headers.get('ratelimit-remaining')]);
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    expect(seen.map(([, r]) => r)).toEqual(['2', '1', '0']);
    const res = await anonymous('ignored');
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    const body = await readJson(res);
    expect(body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfter });
    expect(body.data).toBeUndefined();
  });

  it('gives each signed-in user and each API token a budget of its own', async () => {
    const user = await buildUser();
    const other = await buildUser();
    for (let i = 0; i < 5; i++) (await gql(ViewerDocument, {}, { as: user })).expectData();
    const limited = await gql(ViewerDocument, {}, { as: user });
    limited.expectErrorCode('RATE_LIMITED');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit-limit')).toBe('5');
    // another user is not affected by the first one's use
    (await gql(ViewerDocument, {}, { as: other })).expectData();
    const created = await gql(CreateApiTokenDocument, { input: { name: 'ci bot' } }, { as: other });
    const token = created.expectData().createApiToken.token;
    for (let i = 0; i < 4; i++) {
      const r = await gql(ViewerDocument, {}, { token });
      r.expectData();
      expect(r.headers.get('ratelimit-limit')).toBe('4');
    }
    (await gql(ViewerDocument, {}, { token })).expectErrorCode('RATE_LIMITED');
  });

  it('charges big operations more: one point per 100 connection pages fetched', async () => {
    const user = await buildUser();
    const res = await gql(ViewerDocument, {}, { as: user });
    expect(res.headers.get('ratelimit-remaining')).toBe('4');
    const big = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, 'x-atrium-cost': '1' },
      body: JSON.stringify({ query: '{ articles(first: 100) { nodes { revisions(first: 3) { nodes { id } } } } }' }),
    });
    const body = await readJson(big);
    expect(body.extensions.cost).toMatchObject({ nodes: 400, requests: 101, rateLimitPoints: 2 });
    expect(big.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('charges a list by ids one request per id: 3 aliases x 100 ids are 300 nodes and 3 points, not 1', async () => {
    const user = await buildUser();
    const ids = Array.from({ length: 100 }, () => user.gid);
    const big = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}`, 'x-atrium-cost': '1' },
      body: JSON.stringify({ query: 'query($ids: [ID!]!) { a: nodes(ids: $ids) { id } b: nodes(ids: $ids) { id } c: nodes(ids: $ids) { id } }', variables: { ids } }),
    });
    const body = await readJson(big);
    expect(body.data.a).toHaveLength(100);
    expect(body.extensions.cost).toMatchObject({ nodes: 300, requests: 300, rateLimitPoints: 3 });
    expect(big.headers.get('ratelimit-remaining')).toBe('2');
  });
});

describe('createRateLimiter (lib/rate-limit.ts, reusable for write limits)', () => {
  it('shares one budget through Redis across limiter instances (server processes)', async () => {
    const keyPrefix = `atrium:test:${randomBytes(4).toString('hex')}`;
    const a = createRateLimiter({ redisUrl: REDIS_URL, points: 3, durationSeconds: 60, keyPrefix });
    const b = createRateLimiter({ redisUrl: REDIS_URL, points: 3, durationSeconds: 60, keyPrefix });
    try {
      await Promise.all([a.ready(), b.ready()]);
      expect((await a.consume('user-1', 2)).remaining).toBe(1);
      expect(await b.consume('user-1')).toMatchObject({ allowed: true, remaining: 0 });
      const refused = await a.consume('user-1');
      expect(refused).toMatchObject({ allowed: false, limit: 3, remaining: 0 });
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect((await b.consume('user-2')).allowed).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('falls back to an in-memory budget while Redis is unreachable', async () => {
    const limiter = createRateLimiter({ redisUrl: 'redis://127.0.0.1:1', points: 2, durationSeconds: 60, keyPrefix: 'atrium:test:down' });
    try {
      const started = performance.now();
      expect((await limiter.consume('k')).allowed).toBe(true);
      expect((await limiter.consume('k')).allowed).toBe(true);
      expect((await limiter.consume('k')).allowed).toBe(false);
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      await limiter.close();
    }
  });
});
