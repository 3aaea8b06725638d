import {
  ArticleInsightsDocument,
  AssignAttentionItemDocument,
  AttentionQueueDocument,
  HelpCenterInsightsDocument,
  MarkArticleReviewedDocument,
  RecordArticleViewDocument,
  RecordSearchResultOpenedDocument,
  SearchDocument,
  SetArticleReviewDocument,
  SnoozeAttentionItemDocument,
  UpdateArticleDocument,
  ViewerNotificationsDocument,
  VoteArticleDocument,
} from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle, buildComment, buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { loadConfig } from '../../config.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { encodeAttentionItemId } from './insights.keys.js';

// answers straight from the database (the cache has its own test: insights.cache.test.ts); the
// counts are written when a test flushes, not by the timer
useTestApp(() => ({ insights: { ...loadConfig({ NODE_ENV: 'test' }).insights, cacheSeconds: 0, flushMs: 600_000 } }));

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const DAY = 86_400_000;
const WEEK = 7 * DAY;

const clock = () => app().services.clock;
const flush = () => app().services.insights.collector.flush();
afterEach(() => clock().set(null));

const view = async (articleGid: string, ua: string, as: TestUser | null = null) =>
  (await gql(RecordArticleViewDocument, { input: { articleId: articleGid } }, { as, headers: { 'user-agent': ua } })).expectData().recordArticleView.counted;

async function queueOf(as: TestUser, reason?: 'HELPFULNESS_FELL' | 'OUTDATED' | 'UNANSWERED_QUESTIONS' | 'REVIEW_OVERDUE' | 'NO_RESULT_SEARCH') {
  return (await gql(AttentionQueueDocument, { first: 100, reason }, { as })).expectData().attentionQueue;
}
const itemOf = async (as: TestUser, articleGid: string) => (await queueOf(as)).nodes.find((n) => n.article?.id === articleGid) ?? null;

describe('article views', () => {
  it('one per reader, article and day; bots left out; no address stored; written in a batch', async () => {
    const a = await buildArticle();
    const member = await buildUser();
    clock().set(new Date('2026-03-02T10:00:00Z'));
    expect(await view(a.gid, BROWSER)).toBe(true);
    expect(await view(a.gid, BROWSER)).toBe(true); // same visitor, same day
    expect(await view(a.gid, PHONE)).toBe(true); // another visitor (user agent) on the same address
    expect(await view(a.gid, GOOGLEBOT)).toBe(false);
    expect(await view(a.gid, BROWSER, member)).toBe(true);
    expect(await view(a.gid, PHONE, member)).toBe(true); // the member on another device: still one reader
    // nothing is written per view: the counts wait in memory for the batch
    expect(await sql('select * from article_views_daily where article_id = $1', [a.id])).toHaveLength(0);
    await flush();
    expect(await sql('select day::text, views from article_views_daily where article_id = $1', [a.id])).toEqual([{ day: '2026-03-02', views: 3 }]);
    const readers = await sql<{ reader: string }>('select reader from article_view_readers where article_id = $1', [a.id]);
    expect(readers).toHaveLength(3);
    for (const r of readers) expect(r.reader).not.toMatch(/127\.0\.0\.1|::1|Mozilla|[0-9a-f]{8}-/);

    clock().set(new Date('2026-03-03T09:00:00Z')); // the next day counts again
    await view(a.gid, BROWSER);
    await view(a.gid, BROWSER, member);
    await flush();
    expect(await sql('select day::text, views from article_views_daily where article_id = $1 order by day', [a.id])).toEqual([
      { day: '2026-03-02', views: 3 },
      { day: '2026-03-03', views: 2 },
    ]);
  });

  it('a draft is NOT_FOUND for readers; forged and NUL ids are BAD_USER_INPUT', async () => {
    const draft = await buildArticle({ status: 'DRAFT' });
    (await gql(RecordArticleViewDocument, { input: { articleId: draft.gid } }, { headers: { 'user-agent': BROWSER } })).expectErrorCode('NOT_FOUND');
    (await gql(RecordArticleViewDocument, { input: { articleId: 'QXJ0aWNsZTpub3BlAA' } }, { headers: { 'user-agent': BROWSER } })).expectErrorCode('BAD_USER_INPUT');
    (await gql(RecordArticleViewDocument, { input: { articleId: 'x\u0000y' } })).expectErrorCode('BAD_USER_INPUT');
    const user = await buildUser();
    (await gql(RecordArticleViewDocument, { input: { articleId: toGlobalId('User', user.id) } })).expectErrorCode('BAD_USER_INPUT');
  });
});

describe('vote history', () => {
  it('keeps every change (who, when, from, to, reason), with the settable clock', async () => {
    const a = await buildArticle();
    const u = await buildUser();
    const vote = async (helpful: boolean | null, reason?: 'OUTDATED') =>
      (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful, reason } }, { as: u })).expectData();
    clock().set(new Date('2026-01-05T08:00:00Z'));
    await vote(true);
    clock().set(new Date('2026-01-06T08:00:00Z'));
    await vote(false, 'OUTDATED');
    await vote(false, 'OUTDATED'); // no change: no row
    clock().set(new Date('2026-01-07T08:00:00Z'));
    await vote(null);
    const rows = await sql('select user_id, at, from_helpful, to_helpful, reason from article_vote_changes where article_id = $1 order by id', [a.id]);
    expect(rows).toEqual([
      { user_id: u.id, at: new Date('2026-01-05T08:00:00Z'), from_helpful: null, to_helpful: true, reason: null },
      { user_id: u.id, at: new Date('2026-01-06T08:00:00Z'), from_helpful: true, to_helpful: false, reason: 'OUTDATED' },
      { user_id: u.id, at: new Date('2026-01-07T08:00:00Z'), from_helpful: false, to_helpful: null, reason: null },
    ]);
  });

  it('concurrent votes on one article: one change row per vote, counters exact', async () => {
    const a = await buildArticle();
    const users = await Promise.all(Array.from({ length: 24 }, () => buildUser()));
    await Promise.all(users.map((u, i) => gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: i % 3 !== 0 } }, { as: u }).then((r) => r.expectData())));
    const [counts] = await sql<{ vote_count: number; helpful_count: number }>('select vote_count, helpful_count from articles where id = $1', [a.id]);
    expect(counts).toEqual({ vote_count: 24, helpful_count: 16 });
    const [changes] = await sql<{ n: number; helpful: number }>(
      'select count(*)::int as n, count(*) filter (where to_helpful)::int as helpful from article_vote_changes where article_id = $1',
      [a.id],
    );
    expect(changes).toEqual({ n: 24, helpful: 16 });
  });
});

describe('the attention queue', () => {
  it('helpfulness fell from 80 % to 45 % over 4 weeks; "outdated" votes; publishing a revision clears both and starts a new window', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const a = await buildArticle({ title: 'Reset your password' });
    await sql(`update articles set created_at = now() - interval '20 weeks', published_at = now() - interval '20 weeks' where id = $1`, [a.id]);
    await sql(`insert into article_reviews (article_id, interval_days) values ($1, 3650)`, [a.id]);
    const voters = await Promise.all(Array.from({ length: 40 }, () => buildUser()));
    const now = Date.now();
    clock().set(new Date(now - 6 * WEEK)); // the earlier window: 16 of 20 helpful
    for (const [i, u] of voters.slice(0, 20).entries()) {
      (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: i < 16 } }, { as: u })).expectData();
    }
    clock().set(new Date(now - WEEK)); // the latest: 9 of 20, the 11 others say it is outdated
    for (const [i, u] of voters.slice(20).entries()) {
      (await gql(VoteArticleDocument, { input: { articleId: a.gid, helpful: i < 9, reason: i < 9 ? null : 'OUTDATED' } }, { as: u })).expectData();
    }
    clock().set(new Date(now + 60_000));
    const item = await itemOf(lead, a.gid);
    expect(item?.reasons).toEqual([
      { kind: 'HELPFULNESS_FELL', message: 'Helpfulness fell from 80 % to 45 % over 4 weeks (40 votes)', count: 40, fromPercent: 80, toPercent: 45, weeks: 4 },
      { kind: 'OUTDATED', message: '11 readers said it is outdated', count: 11, fromPercent: null, toPercent: null, weeks: null },
    ]);
    expect((await queueOf(lead, 'HELPFULNESS_FELL')).nodes.map((n) => n.article?.id)).toContain(a.gid);
    expect((await queueOf(lead, 'REVIEW_OVERDUE')).nodes.map((n) => n.article?.id)).not.toContain(a.gid);

    // an earlier clock: the latest votes are not cast yet, so there is nothing to compare
    clock().set(new Date(now - 2 * WEEK));
    expect(await itemOf(lead, a.gid)).toBeNull();

    clock().set(null);
    (await gql(UpdateArticleDocument, { input: { articleId: a.gid, body: 'Updated for the new sign-in page.' } }, { as: lead })).expectData();
    clock().set(new Date(Date.now() + 60_000));
    expect(await itemOf(lead, a.gid)).toBeNull();
    const insights = (await gql(ArticleInsightsDocument, { articleId: a.gid, period: { from: new Date(now - 8 * WEEK).toISOString().slice(0, 10), to: new Date(now + DAY).toISOString().slice(0, 10) } }, { as: lead })).expectData().articleInsights;
    expect(insights).toMatchObject({ votes: 40, helpfulVotes: 25, attention: null });
    expect(insights.votesByReason).toEqual([{ reason: 'OUTDATED', count: 11 }]);
    expect(insights.helpfulnessByWeek.map((w) => w.votes).reduce((x, y) => x + y, 0)).toBe(40);
  });

  it('unanswered questions: a member asks, nobody on staff answers for 48 hours; a staff reply clears it', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const a = await buildArticle();
    const member = await buildUser();
    const question = await buildComment({ article: a, author: member });
    await buildComment({ parent: question, author: await buildUser() }); // a member's reply is no answer
    await buildComment({ article: a, author: lead }); // staff's own top-level comment is no question
    clock().set(new Date(Date.now() + 47 * 3_600_000));
    expect((await itemOf(lead, a.gid))?.reasons.map((r) => r.kind) ?? []).not.toContain('UNANSWERED_QUESTIONS');
    clock().set(new Date(Date.now() + 49 * 3_600_000));
    const item = await itemOf(lead, a.gid);
    expect(item?.reasons.find((r) => r.kind === 'UNANSWERED_QUESTIONS')).toMatchObject({ count: 1, message: '1 unanswered question' });
    const dash = (await gql(HelpCenterInsightsDocument, {}, { as: lead })).expectData().helpCenterInsights;
    expect(dash.unansweredQuestions.map((q) => q.commentId)).toContain(question.gid);
    await buildComment({ parent: question, author: lead });
    expect(await itemOf(lead, a.gid)).toBeNull();
  });

  it('review overdue by N days; mark reviewed records who and when and clears it; owner and interval', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const owner = await buildUser({ role: 'AGENT' });
    const a = await buildArticle({ publishedAt: new Date(Date.now() - 220 * DAY) });
    const item = await itemOf(lead, a.gid);
    expect(item?.reasons).toEqual([expect.objectContaining({ kind: 'REVIEW_OVERDUE', count: 40, message: 'Review overdue by 40 days' })]);
    clock().set(new Date(Date.now() + 5 * DAY));
    const reviewed = (await gql(MarkArticleReviewedDocument, { input: { articleId: a.gid } }, { as: lead })).expectData().markArticleReviewed.insights;
    expect(reviewed.reviewedBy?.id).toBe(lead.gid);
    expect(new Date(reviewed.reviewedAt!).getTime()).toBe(clock().now().getTime());
    expect(new Date(reviewed.reviewDueAt).getTime()).toBe(clock().now().getTime() + 180 * DAY);
    expect(reviewed.attention).toBeNull();
    const set = (await gql(SetArticleReviewDocument, { input: { articleId: a.gid, ownerId: owner.gid, reviewIntervalDays: 2 } }, { as: lead })).expectData().setArticleReview.insights;
    expect(set).toMatchObject({ owner: { id: owner.gid }, reviewIntervalDays: 2 });
    clock().set(new Date(clock().now().getTime() + 3 * DAY));
    expect((await itemOf(lead, a.gid))?.reasons.map((r) => r.message)).toEqual(['Review overdue by 1 day']);
    (await gql(SetArticleReviewDocument, { input: { articleId: a.gid, reviewIntervalDays: 0 } }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
    (await gql(SetArticleReviewDocument, { input: { articleId: a.gid, ownerId: (await buildUser()).gid } }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
  });

  it('searches: no-result queries enter the queue, opened results are counted; snooze and assign', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const found = await buildArticle({ title: 'Billing invoices explained', body: 'Invoices and billing.' });
    for (let i = 0; i < 5; i++) (await gql(SearchDocument, { query: i % 2 ? 'Zqxv  Frobnicate SSO' : 'zqxv frobnicate sso' })).expectData();
    (await gql(SearchDocument, { query: 'billing invoices' })).expectData();
    (await gql(SearchDocument, { query: 'billing invoices' })).expectData();
    (await gql(RecordSearchResultOpenedDocument, { input: { query: 'Billing invoices', articleId: found.gid } })).expectData();
    (await gql(RecordSearchResultOpenedDocument, { input: { query: 'x'.repeat(201), articleId: found.gid } })).expectErrorCode('BAD_USER_INPUT');
    await flush();
    const dash = (await gql(HelpCenterInsightsDocument, {}, { as: lead })).expectData().helpCenterInsights;
    expect(dash.noResultSearches).toContainEqual({ query: 'zqxv frobnicate sso', searches: 5, noResultSearches: 5, opened: 0, lastResultCount: 0 });
    expect(dash.topSearches).toContainEqual(expect.objectContaining({ query: 'billing invoices', searches: 2, opened: 1 }));

    const queue = await queueOf(lead, 'NO_RESULT_SEARCH');
    const item = queue.nodes.find((n) => n.query === 'zqxv frobnicate sso')!;
    expect(item).toMatchObject({ kind: 'SEARCH', readersAffected: 5, reasons: [{ kind: 'NO_RESULT_SEARCH', message: '"zqxv frobnicate sso" searched 5 times with no result', count: 5 }] });

    const assigned = (await gql(AssignAttentionItemDocument, { input: { itemId: item.id, assigneeId: lead.gid } }, { as: lead })).expectData().assignAttentionItem;
    expect(assigned.item?.assignee?.id).toBe(lead.gid);
    const member = await buildUser();
    (await gql(AssignAttentionItemDocument, { input: { itemId: item.id, assigneeId: member.gid } }, { as: lead })).expectErrorCode('BAD_USER_INPUT');

    const until = new Date(Date.now() + 7 * DAY).toISOString();
    expect((await gql(SnoozeAttentionItemDocument, { input: { itemId: item.id, until } }, { as: lead })).expectData().snoozeAttentionItem.item).toBeNull();
    expect((await queueOf(lead)).nodes.map((n) => n.query)).not.toContain('zqxv frobnicate sso');
    clock().set(new Date(Date.now() + 8 * DAY));
    expect((await queueOf(lead)).nodes.map((n) => n.query)).toContain('zqxv frobnicate sso');
    (await gql(SnoozeAttentionItemDocument, { input: { itemId: item.id, until: new Date(Date.now() - DAY).toISOString() } }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
  });

  it('pages through the queue with first/after, most readers affected first', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const old = new Date(Date.now() - 400 * DAY);
    const articles = [];
    for (let i = 0; i < 3; i++) articles.push(await buildArticle({ publishedAt: old }));
    for (const [i, a] of articles.entries()) {
      await sql(`insert into article_views_daily (article_id, day, views) values ($1, current_date, $2)`, [a.id, 1000 + i]);
    }
    const first = (await gql(AttentionQueueDocument, { first: 2 }, { as: lead })).expectData().attentionQueue;
    expect(first.nodes.slice(0, 2).map((n) => n.readersAffected)).toEqual([1002, 1001]);
    const next = (await gql(AttentionQueueDocument, { first: 1, after: first.pageInfo.endCursor }, { as: lead })).expectData().attentionQueue;
    expect(next.nodes.map((n) => n.readersAffected)).toEqual([1000]);
    (await gql(AttentionQueueDocument, { first: 1, after: 'bm9wZQ' }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
    (await gql(AttentionQueueDocument, { first: 1000 }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
  });
});

describe('the dashboard', () => {
  it('views, votes and reasons per section and for the whole help center over a period', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const section = await buildSection();
    const inSection = await buildArticle({ section });
    const elsewhere = await buildArticle();
    await sql(`insert into article_views_daily (article_id, day, views) values ($1, '2025-02-10', 7), ($1, '2025-02-12', 5), ($2, '2025-02-10', 100), ($1, '2025-03-01', 1000)`, [inSection.id, elsewhere.id]);
    const voter = await buildUser();
    clock().set(new Date('2025-02-11T12:00:00Z'));
    (await gql(VoteArticleDocument, { input: { articleId: inSection.gid, helpful: false, reason: 'UNCLEAR' } }, { as: voter })).expectData();
    const period = { from: '2025-02-09', to: '2025-02-15' };
    const s = (await gql(HelpCenterInsightsDocument, { period, sectionId: section.gid }, { as: lead })).expectData().helpCenterInsights;
    expect(s).toMatchObject({ views: 12, votes: 1, helpfulVotes: 0, helpfulRatio: 0, sectionId: section.gid, votesByReason: [{ reason: 'UNCLEAR', count: 1 }] });
    expect(s.viewsByDay).toHaveLength(7);
    expect(s.viewsByDay.find((d) => d.day === '2025-02-10')?.count).toBe(7);
    expect(s.topArticles).toEqual([{ views: 12, votes: 1, helpful: 0, article: expect.objectContaining({ id: inSection.gid }) }]);
    const all = (await gql(HelpCenterInsightsDocument, { period }, { as: lead })).expectData().helpCenterInsights;
    expect(all.views).toBeGreaterThanOrEqual(112);
    expect(all.topArticles[0].article?.id).toBe(elsewhere.gid);

    // the per-section daily rollups follow an added view count (as the flush's upsert does) and a changed vote
    await sql(`insert into article_views_daily (article_id, day, views) values ($1, '2025-02-12', 3) on conflict (article_id, day) do update set views = article_views_daily.views + excluded.views`, [inSection.id]);
    (await gql(VoteArticleDocument, { input: { articleId: inSection.gid, helpful: true } }, { as: voter })).expectData();
    const s2 = (await gql(HelpCenterInsightsDocument, { period, sectionId: section.gid }, { as: lead })).expectData().helpCenterInsights;
    expect(s2).toMatchObject({ views: 15, votes: 2, helpfulVotes: 1, votesByReason: [{ reason: 'UNCLEAR', count: 1 }] });
    // and equal what the raw tables say, for every section and day
    const differ = (a: string, b: string) => sql(`(${a} except ${b}) union all (${b} except ${a})`);
    expect(
      await differ(
        `select section_id, day, views::int from insights_section_views_daily where views <> 0`,
        `select a.section_id, v.day, sum(v.views)::int from article_views_daily v join articles a on a.id = v.article_id group by 1, 2 having sum(v.views) <> 0`,
      ),
    ).toEqual([]);
    expect(
      await differ(
        `select section_id, day, reason, votes::int, helpful::int from insights_section_votes_daily`,
        `select a.section_id, (c.at at time zone 'UTC')::date, coalesce(c.reason, ''), count(*)::int, (count(*) filter (where c.to_helpful))::int
           from article_vote_changes c join articles a on a.id = c.article_id where c.to_helpful is not null group by 1, 2, 3`,
      ),
    ).toEqual([]);
  });

  it('bad input: NUL, a huge or reversed period, malformed days, forged ids; members FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const lead = await buildUser({ role: 'AGENT' });
    const member = await buildUser();
    const a = await buildArticle();
    const bad = [
      { from: '2025-01-01\u0000', to: '2025-01-02' },
      { from: '2020-01-01', to: '2025-01-01' },
      { from: '2025-02-01', to: '2025-01-01' },
      { from: '2025-02-30', to: '2025-03-01' },
      { from: 'x'.repeat(100_000), to: '2025-01-01' },
    ];
    for (const period of bad) {
      (await gql(HelpCenterInsightsDocument, { period }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
      (await gql(ArticleInsightsDocument, { articleId: a.gid, period }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
    }
    (await gql(HelpCenterInsightsDocument, { sectionId: a.gid }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
    (await gql(ArticleInsightsDocument, { articleId: 'forged' }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
    (await gql(ArticleInsightsDocument, { articleId: toGlobalId('Article', crypto.randomUUID()) }, { as: lead })).expectErrorCode('NOT_FOUND');
    for (const itemId of ['forged', encodeAttentionItemId('article:not-a-uuid'), encodeAttentionItemId('search:'), 'A'.repeat(5000)]) {
      (await gql(SnoozeAttentionItemDocument, { input: { itemId, until: null } }, { as: lead })).expectErrorCode('BAD_USER_INPUT');
    }
    (await gql(AssignAttentionItemDocument, { input: { itemId: encodeAttentionItemId(`article:${crypto.randomUUID()}`) } }, { as: lead })).expectErrorCode('NOT_FOUND');

    (await gql(HelpCenterInsightsDocument, {}, { as: member })).expectErrorCode('FORBIDDEN');
    (await gql(ArticleInsightsDocument, { articleId: a.gid }, { as: member })).expectErrorCode('FORBIDDEN');
    (await gql(AttentionQueueDocument, {}, { as: member })).expectErrorCode('FORBIDDEN');
    (await gql(MarkArticleReviewedDocument, { input: { articleId: a.gid } }, { as: member })).expectErrorCode('FORBIDDEN');
    (await gql(HelpCenterInsightsDocument, {})).expectErrorCode('UNAUTHENTICATED');
    (await gql(AttentionQueueDocument, {})).expectErrorCode('UNAUTHENTICATED');
    expect(await sql('select 1 from article_reviews where article_id = $1', [a.id])).toHaveLength(0);
  });
});

describe('weekly owner summary', () => {
  it('one mail and one in-app notification per owner and week, even when two runs race; the next week again', async () => {
    const owner = await buildUser({ role: 'AGENT' });
    const bystander = await buildUser({ role: 'AGENT' }); // owns nothing in the queue
    const a = await buildArticle({ author: owner, publishedAt: new Date(Date.now() - 365 * DAY), title: 'Old article of the owner' });
    clock().set(new Date(Date.now() + DAY));
    const insights = app().services.insights;
    const sent = await Promise.all([insights.sendWeeklySummaries(), insights.sendWeeklySummaries()]);
    expect(sent.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(1);
    const mails = await sql<{ subject: string; text: string }>(`select subject, text from mails where kind = 'INSIGHTS_SUMMARY' and user_id = $1`, [owner.id]);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain('Old article of the owner: Review overdue by');
    // the same run's in-app notification: one, whichever run claimed the week, in the owner's list
    const notices = await sql<{ detail: string }>(`select detail from notifications where kind = 'WEEKLY_ARTICLE_SUMMARY' and recipient_id = $1`, [owner.id]);
    expect(notices).toHaveLength(1);
    expect(notices[0].detail).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const mine = (await gql(ViewerNotificationsDocument, { first: 10 }, { as: owner })).expectData().viewer!;
    expect(mine.unreadNotificationCount).toBe(1);
    expect(mine.notifications.edges.map((e) => e.node.kind)).toEqual(['WEEKLY_ARTICLE_SUMMARY']);
    expect(mine.notifications.edges[0].node.article).toBeNull();
    expect(await insights.sendWeeklySummaries()).toBe(0);
    clock().set(new Date(Date.now() + 8 * DAY));
    await insights.sendWeeklySummaries();
    expect(await sql(`select 1 from mails where kind = 'INSIGHTS_SUMMARY' and user_id = $1`, [owner.id])).toHaveLength(2);
    expect(await sql(`select 1 from notifications where kind = 'WEEKLY_ARTICLE_SUMMARY' and recipient_id = $1`, [owner.id])).toHaveLength(2);
    // an agent who owns nothing in the queue gets none
    expect(await sql(`select 1 from notifications where recipient_id = $1`, [bystander.id])).toHaveLength(0);
    void a;
  });
});

describe('the demo help center', () => {
  it('seeds a failing article the queue puts first, with its reasons, and a no-result search', async () => {
    const { seedDemo } = await import('../seed/demo.js');
    await sql('delete from article_views_daily');
    expect(await seedDemo(app().database.ds, { password: 'demo-password-1' })).toBe(true);
    const [agent] = await sql<{ id: string }>(`select id from users where handle = 'agent'`);
    const { tokenHash, SESSION_PREFIX } = await import('../auth/auth.service.js');
    const token = `${SESSION_PREFIX}${crypto.randomUUID()}${crypto.randomUUID()}`;
    await sql(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [agent.id, tokenHash(token)]);
    const queue = (await gql(AttentionQueueDocument, { first: 100 }, { token })).expectData().attentionQueue;
    const first = queue.nodes[0];
    expect(first.article?.slug).toBe('calendar-sync-is-delayed-or-duplicated');
    expect(first.reasons.map((r) => r.message)).toEqual(
      expect.arrayContaining(['Helpfulness fell from 80 % to 45 % over 4 weeks (40 votes)', '11 readers said it is outdated', 'Review overdue by 30 days']),
    );
    expect(queue.nodes.find((n) => n.query === 'reset password sso')?.reasons[0].kind).toBe('NO_RESULT_SEARCH');
    const dash = (await gql(HelpCenterInsightsDocument, {}, { token })).expectData().helpCenterInsights;
    expect(dash.views).toBeGreaterThan(1000);
    expect(dash.topSearches[0].query).toBe('invoice');
  });
});
