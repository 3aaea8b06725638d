import { AttentionQueueDocument, MarkArticleReviewedDocument, UpdateArticleDocument } from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle, buildUser, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';

// the default INSIGHTS_CACHE_SECONDS (30)
useTestApp();

const DAY = 86_400_000;
const clock = () => app().services.clock;
afterEach(() => clock().set(null));
const queued = async (as: TestUser) => (await gql(AttentionQueueDocument, { first: 100 }, { as })).expectData().attentionQueue.nodes.map((n) => n.article?.id);

describe('the dashboard and queue cache', () => {
  it('answers from the cache for INSIGHTS_CACHE_SECONDS; a queue action or an article change reads again', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const [a, b, c] = [await buildArticle({ publishedAt: new Date(Date.now() - 400 * DAY) }), await buildArticle({ publishedAt: new Date(Date.now() - 400 * DAY) }), await buildArticle()];
    clock().set(new Date());
    expect(await queued(lead)).toEqual(expect.arrayContaining([a.gid, b.gid]));

    // a change behind the service's back: not seen while the answer is fresh
    await sql(`update articles set published_at = now() where id = $1`, [a.id]);
    expect(await queued(lead)).toContain(a.gid);
    clock().set(new Date(clock().now().getTime() + 31_000));
    expect(await queued(lead)).not.toContain(a.gid);

    // a queue action on this instance reads again at once
    await sql(`update articles set published_at = now() where id = $1`, [b.id]);
    expect(await queued(lead)).toContain(b.gid);
    (await gql(MarkArticleReviewedDocument, { input: { articleId: c.gid } }, { as: lead })).expectData();
    expect(await queued(lead)).not.toContain(b.gid);

    // so does an article change (its committed domain event)
    const d = await buildArticle({ publishedAt: new Date(Date.now() - 400 * DAY) });
    expect(await queued(lead)).not.toContain(d.gid); // cached before d existed
    (await gql(UpdateArticleDocument, { input: { articleId: c.gid, body: 'Revised.' } }, { as: lead })).expectData();
    expect(await queued(lead)).toContain(d.gid);
  });
});
