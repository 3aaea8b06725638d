import { randomUUID } from 'node:crypto';
import { renderMarkdown } from '../../lib/markdown.js';
import type { SeedComment } from '../../db/seed/content/types.js';

const STAFF = new Set(['admin', 'moderator', 'agent']);

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** Writes a demo thread (comments, replies, votes by the quiet readers) and its counters. */
export async function seedComments(
  q: Query,
  article: { id: string; comments: SeedComment[] },
  users: Map<string, string>,
  readers: string[],
): Promise<void> {
  const rows: Array<[string, string | null, string[], number, string, string, boolean, Date, number, number]> = [];
  const votes: Array<[string, string, number]> = [];
  let minute = 0;
  const walk = (c: SeedComment, parent: { id: string; path: string[]; depth: number } | null) => {
    const id = randomUUID();
    const path = [...(parent?.path ?? []), id];
    const authorId = users.get(c.author) ?? users.get('member')!;
    const staff = STAFF.has(c.author) || c.author.endsWith('-support');
    minute += 37;
    const up = Math.min(c.upvotes ?? 0, readers.length);
    const down = Math.min(c.downvotes ?? 0, readers.length - up);
    rows.push([id, parent?.id ?? null, path, parent ? parent.depth + 1 : 0, authorId, c.body, staff, new Date(Date.now() - 20 * 86_400_000 + minute * 60_000), up, down]);
    readers.slice(0, up).forEach((r) => votes.push([id, r, 1]));
    readers.slice(up, up + down).forEach((r) => votes.push([id, r, -1]));
    for (const reply of c.replies ?? []) walk(reply, { id, path, depth: parent ? parent.depth + 1 : 0 });
  };
  for (const c of article.comments) walk(c, null);
  await q(
    `insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, is_official, created_at, upvotes, downvotes)
     select id, $1, parent_id, string_to_array(path, ',')::uuid[], depth, author_id, body, html, official, created_at, up, down
     from unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::uuid[], $7::text[], $8::text[], $9::bool[], $10::timestamptz[], $11::int[], $12::int[])
       as t(id, parent_id, path, depth, author_id, body, html, official, created_at, up, down)`,
    [article.id, ...columns(rows)],
  );
  if (votes.length) {
    await q(
      `insert into comment_votes (comment_id, user_id, value) select * from unnest($1::uuid[], $2::uuid[], $3::smallint[])`,
      [votes.map((v) => v[0]), votes.map((v) => v[1]), votes.map((v) => v[2])],
    );
  }
  await q(RECOUNT_SQL, [article.id]);
}

function columns(rows: Array<[string, string | null, string[], number, string, string, boolean, Date, number, number]>) {
  return [
    rows.map((r) => r[0]),
    rows.map((r) => r[1]),
    rows.map((r) => r[2].join(',')),
    rows.map((r) => r[3]),
    rows.map((r) => r[4]),
    rows.map((r) => r[5]),
    rows.map((r) => renderMarkdown(r[5])),
    rows.map((r) => r[6]),
    rows.map((r) => r[7]),
    rows.map((r) => r[8]),
    rows.map((r) => r[9]),
  ];
}

/**
 * Which comments a reply or top-level counter counts, as SQL over alias `t` (comment.policy's
 * counterContribution in SQL): what anonymous readers see (published, and deleted ones kept as
 * tombstones, and hidden ones kept as placeholders), and what staff see (all but deleted ones without replies). RECOUNT_SQL and the
 * soak consistency checks share them.
 */
export const countedPublic = (t: string) => `(${t}.status = 'PUBLISHED' or (${t}.status in ('DELETED', 'HIDDEN') and ${t}.tombstone))`;
export const countedAll = (t: string) => `(${t}.status <> 'DELETED' or ${t}.tombstone)`;

/** Recomputes an article's comment counters from the rows (seeding, repair, soak checks). */
export const RECOUNT_SQL = `
  with counts as (
    select p.id,
      count(r.id) filter (where ${countedPublic('r')})::int as pub,
      count(r.id) filter (where ${countedAll('r')})::int as all_
    from comments p left join comments r on r.parent_id = p.id
    where p.article_id = $1 group by p.id
  )
  , upd as (update comments c set reply_count = counts.pub, reply_count_all = counts.all_ from counts where counts.id = c.id)
  update articles a set
    comment_count = (select count(*) from comments where article_id = $1 and status = 'PUBLISHED'),
    comment_count_all = (select count(*) from comments where article_id = $1 and status in ('PUBLISHED', 'PENDING', 'HIDDEN')),
    top_comment_count = (select count(*) from comments t where t.article_id = $1 and t.parent_id is null and ${countedPublic('t')}),
    top_comment_count_all = (select count(*) from comments t where t.article_id = $1 and t.parent_id is null and ${countedAll('t')})
  where a.id = $1`;
