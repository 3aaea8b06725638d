import { CommentEventsDocument } from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { toGlobalId } from '../../src/graphql/global-id.js';
import type { App } from '../../src/http/server.js';
import { createPubSub } from '../../src/pubsub/index.js';
import { startTestApp } from '../harness.js';
import { connect, wsUrl } from './ws-client.js';

/** Rows for an app of our own (the harness' factories write to the shared test app). */
async function seedArticle(a: App) {
  const q = (text: string, params: unknown[] = []) => a.database.ds.query(text, params);
  const [user] = await q(`insert into users (handle, display_name, email, password_hash) values ('shutdown_author', 'Author', 'sa@test.example', 'x') returning id`);
  const [cat] = await q(`insert into categories (slug, name) values ('c-shutdown', 'C') returning id`);
  const [sec] = await q(`insert into sections (category_id, slug, name) values ($1, 's-shutdown', 'S') returning id`, [cat.id]);
  const [art] = await q(
    `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at)
     values ($1, $2, 'a-shutdown', 'A', 'b', '<p>b</p>', 'b', 'PUBLISHED', now()) returning id`,
    [sec.id, user.id],
  );
  const viewer = { id: user.id as string, handle: 'shutdown_author', role: 'MEMBER' as const, status: 'ACTIVE' as const, suspendedUntil: null, credential: { kind: 'session' as const, id: 'x' } };
  return { articleGid: toGlobalId('Article', art.id), viewer };
}

describe('App.close() with open subscriptions', () => {
  it('delivers the event in flight, then closes every socket with 1001', async () => {
    const a = await startTestApp();
    const { articleGid, viewer } = await seedArticle(a);
    const c = connect({ url: wsUrl(a.url) });
    const sub = c.subscribe(CommentEventsDocument, { articleId: articleGid });
    const until = Date.now() + 5000;
    while (a.services.pubsub.subscriptions < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    const added = await a.services.comments.add(viewer, { articleId: articleGid, body: 'last words' });
    const closing = a.close(); // right after commit: the event is still on its way
    const ev = (await sub.next()).commentEvents;
    expect(ev).toMatchObject({ kind: 'ADDED', comment: { id: toGlobalId('Comment', added.id), body: 'last words' } });
    expect((await c.closed).code).toBe(1001);
    await closing;
    await c.dispose();
  });
});

describe('pubsub', () => {
  it('in-process: delivers to local subscribers', async () => {
    const ps = createPubSub({ redisUrl: null });
    const got = new Promise((r) => ps.subscribe('T', r));
    ps.publish('T', { a: 1 });
    expect(await got).toEqual({ a: 1 });
    await ps.close();
  });

  it('with Redis unreachable: subscribers on this instance still get every event', async () => {
    const ps = createPubSub({ redisUrl: 'redis://127.0.0.1:1' });
    expect(ps.mode).toBe('redis');
    const got = new Promise((r) => ps.subscribe('T', r));
    ps.publish('T', { b: 2 });
    expect(await got).toEqual({ b: 2 });
    await ps.close();
  });

  it('with Redis: events cross instances, and an instance does not get its own twice', async () => {
    const a = createPubSub({ redisUrl: 'redis://127.0.0.1:6379' });
    const b = createPubSub({ redisUrl: 'redis://127.0.0.1:6379' });
    const onA: unknown[] = [];
    a.subscribe('T', (p) => void onA.push(p));
    const onB = new Promise((r) => b.subscribe('T', r));
    // b's SUBSCRIBE may still be on its way: publish until it answers
    let received: unknown = null;
    for (let i = 0; i < 50 && !received; i++) {
      a.publish('T', { n: i });
      received = await Promise.race([onB, new Promise((r) => setTimeout(() => r(null), 100))]);
    }
    expect(received).toMatchObject({ n: expect.any(Number) });
    const sent = onA.length;
    expect(onA).toEqual(Array.from({ length: sent }, (_, i) => ({ n: i })));
    await Promise.all([a.close(), b.close()]);
  });
});
