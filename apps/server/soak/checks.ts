import type { Database } from '../src/db/data-source.js';
import { countedAll, countedPublic } from '../src/modules/comment/comment.seed.js';

export interface ConsistencyCheck {
  name: string;
  checked: number;
  mismatches: number;
  examples: unknown[];
}

/**
 * Every counter against its rows, read-only. The comment counters follow RECOUNT_SQL
 * (src/modules/comment/comment.seed.ts): the same filters (countedPublic/countedAll), computed here without updating.
 */
const CHECKS: Array<{ name: string; total: string; mismatches: string }> = [
  {
    name: 'articles.helpful_count / vote_count = article_votes',
    total: 'select count(*)::int as n from articles',
    mismatches: `
      select a.slug, a.helpful_count, a.vote_count, coalesce(v.h, 0) as rows_helpful, coalesce(v.n, 0) as rows_votes
      from articles a
      left join (select article_id, count(*) filter (where helpful)::int as h, count(*)::int as n from article_votes group by article_id) v on v.article_id = a.id
      where a.helpful_count <> coalesce(v.h, 0) or a.vote_count <> coalesce(v.n, 0)`,
  },
  {
    name: 'comments.upvotes / downvotes = comment_votes',
    total: 'select count(*)::int as n from comments',
    mismatches: `
      select c.id, c.upvotes, c.downvotes, coalesce(v.up, 0) as rows_up, coalesce(v.down, 0) as rows_down
      from comments c
      left join (select comment_id, count(*) filter (where value = 1)::int as up, count(*) filter (where value = -1)::int as down from comment_votes group by comment_id) v on v.comment_id = c.id
      where c.upvotes <> coalesce(v.up, 0) or c.downvotes <> coalesce(v.down, 0)`,
  },
  {
    name: 'comments.reply_count / reply_count_all = RECOUNT_SQL',
    total: 'select count(*)::int as n from comments',
    mismatches: `
      select p.id, p.reply_count, p.reply_count_all,
        count(r.id) filter (where ${countedPublic('r')})::int as rows_pub,
        count(r.id) filter (where ${countedAll('r')})::int as rows_all
      from comments p left join comments r on r.parent_id = p.id
      group by p.id
      having p.reply_count <> count(r.id) filter (where ${countedPublic('r')})
          or p.reply_count_all <> count(r.id) filter (where ${countedAll('r')})`,
  },
  {
    name: 'articles.comment_count / comment_count_all / top_comment_count / top_comment_count_all = RECOUNT_SQL',
    total: 'select count(*)::int as n from articles',
    mismatches: `
      select * from (
        select a.slug, a.comment_count, a.comment_count_all, a.top_comment_count, a.top_comment_count_all,
          (select count(*) from comments where article_id = a.id and status = 'PUBLISHED')::int as rows_pub,
          (select count(*) from comments where article_id = a.id and status in ('PUBLISHED', 'PENDING', 'HIDDEN'))::int as rows_all,
          (select count(*) from comments t where t.article_id = a.id and t.parent_id is null and ${countedPublic('t')})::int as rows_top,
          (select count(*) from comments t where t.article_id = a.id and t.parent_id is null and ${countedAll('t')})::int as rows_top_all
        from articles a
      ) t where comment_count <> rows_pub or comment_count_all <> rows_all or top_comment_count <> rows_top or top_comment_count_all <> rows_top_all`,
  },
];

export async function checkConsistency(db: Database): Promise<ConsistencyCheck[]> {
  const out: ConsistencyCheck[] = [];
  for (const c of CHECKS) {
    const [{ n }] = await db.ds.query(c.total);
    const rows: unknown[] = await db.ds.query(c.mismatches);
    out.push({ name: c.name, checked: n, mismatches: rows.length, examples: rows.slice(0, 3) });
  }
  return out;
}
