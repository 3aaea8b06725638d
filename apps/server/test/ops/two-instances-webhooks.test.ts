import { AddCommentDocument, ChangesDocument, CreateWebhookEndpointDocument } from '@atrium/schema';
import { print } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanUpChildServers, startChildServer, type ChildServer } from '../child-server.js';
import { buildArticle, buildUser, type TestUser } from '../factories.js';
import { app, gql, sql, useTestApp } from '../harness.js';
import { useWebhookReceiver } from '../webhook-receiver.js';

/**
 * Webhooks with TWO server processes (test/child-server.ts) on one PostgreSQL database and
 * Redis: comments written on both, every event delivered exactly once to each endpoint (one
 * instance at a time turns events into deliveries; deliveries are claimed with skip locked), and
 * a change-feed cursor from one instance continues on the other.
 */
const onPostgres = !!process.env.DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const COMMENTS = 60;

cleanUpChildServers();

async function post(base: string, doc: Parameters<typeof print>[0], variables: unknown, as: TestUser) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${as.token}` },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  return (await res.json()) as { data?: Record<string, any> | null; errors?: unknown[] };
}

describe.skipIf(!onPostgres)('two server processes deliver each webhook once (skipped on PGlite: one embedded database cannot be shared by two processes)', () => {
  useTestApp({ webhookAllowPrivate: true });
  const receiver = useWebhookReceiver();
  let a: ChildServer;
  let b: ChildServer;

  beforeAll(async () => {
    // the in-process app only writes fixtures and asserts: its consumer and worker stay out of it
    await app().services.webhooks.close();
    const env = {
      DATABASE_URL: app().config.databaseUrl!,
      REDIS_URL,
      SEED_DEMO: 'false',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WRITE_LIMIT_COMMENTS: '100000',
      RATE_LIMIT_USER_POINTS: '100000',
    };
    [a, b] = await Promise.all([startChildServer(env), startChildServer(env)]);
  }, 90_000);

  it(`${COMMENTS} comments written on A and B reach each of two endpoints exactly once, with distinct stable webhook-ids`, async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    for (const path of ['/one', '/two']) {
      (await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}${path}`, events: ['COMMENT_PUBLISHED'] } }, { as: admin })).expectData();
    }
    const article = await buildArticle({ status: 'PUBLISHED' });
    const writers = await Promise.all(Array.from({ length: 6 }, () => buildUser()));
    // six writers at a time, alternating between the instances
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let i = 0; i < COMMENTS; i += writers.length) {
      answers.push(
        ...(await Promise.all(
          writers.map((w, k) => post((i + k) % 2 ? b.url : a.url, AddCommentDocument, { input: { articleId: article.gid, body: `two instances ${i + k}` } }, w)),
        )),
      );
    }
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const ids = answers.map((x) => x.data!.addComment.comment.id as string);
    await receiver().waitFor(() => receiver().for('/one').length >= COMMENTS && receiver().for('/two').length >= COMMENTS, 60_000, 'every delivery');
    // every delivery row recorded as SUCCEEDED with one attempt, then a moment for a duplicate to show up
    await expect
      .poll(async () => (await sql<{ n: number }>(`select count(*)::int as n from webhook_deliveries where status = 'SUCCEEDED' and attempts = 1`))[0].n, { timeout: 20_000 })
      .toBe(2 * COMMENTS);
    await new Promise((r) => setTimeout(r, 1500));
    for (const path of ['/one', '/two']) {
      const got = receiver().for(path);
      expect(got).toHaveLength(COMMENTS);
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(COMMENTS);
      expect(new Set(got.map((r) => JSON.parse(r.body).data.comment.id as string))).toEqual(new Set(ids));
    }
    // the same event has the same webhook-id on both endpoints
    const byComment = (path: string) => new Map(receiver().for(path).map((r) => [JSON.parse(r.body).data.comment.id as string, r.headers['webhook-id']]));
    const one = byComment('/one');
    const two = byComment('/two');
    for (const id of ids) expect(one.get(id)).toBe(two.get(id));
  }, 120_000);

  it('a change-feed cursor from instance A continues on instance B (cursors come from the database)', async () => {
    const reader = await buildUser();
    const first = await post(a.url, ChangesDocument, { first: 10 }, reader);
    const cursor = first.data!.changes.edges[4].cursor as string;
    const onA = await post(a.url, ChangesDocument, { first: 10, after: cursor }, reader);
    const onB = await post(b.url, ChangesDocument, { first: 10, after: cursor }, reader);
    expect(onB.data!.changes.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(onA.data!.changes.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(onB.data!.changes.edges).toHaveLength(10);
  });
});
