type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** The demo's failing article: its helpfulness falls from 80 % to 45 % and 11 readers say it is outdated. */
export const DEMO_FAILING_ARTICLE = 'calendar-sync-is-delayed-or-duplicated';

/**
 * Article-health signals for the demo help center (#22), in the seed's transaction: 90 days
 * of views, a history for the seeded votes, one article whose helpfulness fell (its votes
 * replaced by 40 readers' in two windows: 16 of 20 helpful six weeks ago, 9 of 20 last week,
 * 11 "outdated") with an overdue review, and 30 days of searches (some finding nothing, some
 * whose results nobody opened).
 */
export async function seedInsightsDemo(q: Query, readers: string[]): Promise<void> {
  const [failing] = await q(`select id, published_at from articles where slug = $1 and status = 'PUBLISHED'`, [DEMO_FAILING_ARTICLE]);
  if (failing) {
    // old enough for two four-week windows after its latest revision
    await q(`update articles set created_at = now() - interval '120 days', published_at = now() - interval '120 days' where id = $1`, [failing.id]);
    await q(`update article_revisions set created_at = now() - interval '120 days' where article_id = $1`, [failing.id]);
  }
  await q(
    `insert into article_views_daily (article_id, day, views)
     select a.id, d::date, 3 + abs(hashtext(a.id::text || d::text)) % 40 + case when a.slug = $1 then 90 else 0 end
       from articles a, generate_series(current_date - 89, current_date, interval '1 day') d
      where a.status = 'PUBLISHED' and d::date >= a.published_at::date`,
    [DEMO_FAILING_ARTICLE],
  );
  // the seeded votes, each cast on a day between publication and today
  await q(
    `insert into article_vote_changes (article_id, user_id, at, from_helpful, to_helpful, reason)
     select v.article_id, v.user_id,
            a.published_at + (abs(hashtext(v.user_id::text || a.id::text)) % greatest(1, extract(epoch from now() - a.published_at)::bigint)) * interval '1 second',
            null, v.helpful, v.reason
       from article_votes v join articles a on a.id = v.article_id
      where a.slug <> $1`,
    [DEMO_FAILING_ARTICLE],
  );
  if (failing && readers.length >= 40) {
    await q(`delete from article_votes where article_id = $1`, [failing.id]);
    const week = 7 * 86_400_000;
    const now = Date.now();
    const votes = readers.slice(0, 40).map((user, i) => {
      const earlier = i < 20;
      const helpful = earlier ? i < 16 : i - 20 < 9;
      return { user, helpful, reason: helpful ? null : earlier ? 'UNCLEAR' : 'OUTDATED', at: new Date(earlier ? now - 6 * week + i * 3_600_000 : now - week - (i - 20) * 3_600_000) };
    });
    await q(
      `insert into article_votes (article_id, user_id, helpful, reason, created_at, updated_at)
       select $1, u, h, r, t, t from unnest($2::uuid[], $3::boolean[], $4::text[], $5::timestamptz[]) as x(u, h, r, t)`,
      [failing.id, votes.map((v) => v.user), votes.map((v) => v.helpful), votes.map((v) => v.reason), votes.map((v) => v.at)],
    );
    await q(
      `insert into article_vote_changes (article_id, user_id, at, from_helpful, to_helpful, reason)
       select $1, u, t, null, h, r from unnest($2::uuid[], $3::boolean[], $4::text[], $5::timestamptz[]) as x(u, h, r, t)`,
      [failing.id, votes.map((v) => v.user), votes.map((v) => v.helpful), votes.map((v) => v.reason), votes.map((v) => v.at)],
    );
    await q(`update articles set helpful_count = $2, vote_count = 40 where id = $1`, [failing.id, votes.filter((v) => v.helpful).length]);
    await q(`insert into article_reviews (article_id, interval_days) values ($1, 90)`, [failing.id]);
  }
  // searches of the last 30 days: [query, per day, results, opened per day]
  const searches: Array<[string, number, number, number]> = [
    ['reset password sso', 2, 0, 0],
    ['calendar sync duplicate', 4, 1, 2],
    ['invoice', 6, 3, 4],
    ['two step verification', 3, 2, 2],
    ['export data', 2, 2, 1],
    ['api rate limit', 2, 3, 0],
    ['dark mode', 1, 0, 0],
    ['swap shift', 3, 1, 2],
  ];
  await q(
    `insert into search_queries_daily (query, day, searches, no_result_searches, opened, last_result_count)
     select s.query, d::date, s.per_day + (abs(hashtext(s.query || d::text)) % 2), case when s.results = 0 then s.per_day + (abs(hashtext(s.query || d::text)) % 2) else 0 end,
            s.opened, s.results
       from unnest($1::text[], $2::int[], $3::int[], $4::int[]) as s(query, per_day, results, opened),
            generate_series(current_date - 29, current_date, interval '1 day') d`,
    [searches.map((s) => s[0]), searches.map((s) => s[1]), searches.map((s) => s[2]), searches.map((s) => s[3])],
  );
}
