import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/data-source.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { SESSION_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { seedHelpCenter } from '../bench/lib.js';

export interface SoakUser {
  id: string;
  token: string;
}

export interface SoakComment {
  /** Global id. */
  id: string;
  articleId: string;
  authorId: string;
  depth: number;
}

export interface SoakArticle {
  /** Global id. */
  id: string;
  uuid: string;
  slug: string;
}

export interface SoakSeed {
  articles: SoakArticle[];
  members: SoakUser[];
  moderator: SoakUser;
  /** Published comments that existed before the load (never hidden by the soak). */
  comments: SoakComment[];
}

/**
 * A small help center: a few published articles with threads (bench/lib.ts seedHelpCenter),
 * `users` members with session tokens, one of them a moderator, and article votes whose
 * counters agree with the rows.
 */
export async function seedSoak(db: Database, opts: { articles: number; users: number }): Promise<SoakSeed> {
  const q = (sql: string, params?: unknown[]) => db.ds.query(sql, params);
  await seedHelpCenter(db, {
    articles: opts.articles,
    articlesPerSection: opts.articles,
    comments: 120 * opts.articles,
    mainComments: 200,
    levels: 4,
    users: opts.users,
    mainVotes: 1500,
    otherVotes: 500 * opts.articles,
  });
  // seedHelpCenter writes made-up article counters without rows: give them real votes and recount
  await q(
    `insert into article_votes (article_id, user_id, helpful)
     select a.id, u.id, (abs(hashtext(a.id::text || u.id::text)) % 3) > 0 from articles a cross join users u
     where abs(hashtext(u.id::text || a.id::text)) % 4 = 0`,
  );
  await q(
    `update articles a set
       helpful_count = (select count(*) from article_votes v where v.article_id = a.id and v.helpful),
       vote_count = (select count(*) from article_votes v where v.article_id = a.id)`,
  );
  const users: Array<{ id: string; handle: string }> = await q(`select id, handle from users order by handle`);
  const session = async (userId: string) => {
    const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
    await q(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [userId, tokenHash(token)]);
    return { id: userId, token };
  };
  const [mod] = users.splice(users.length - 1, 1);
  await q(`update users set role = 'MODERATOR' where id = $1`, [mod.id]);
  const moderator = await session(mod.id);
  const members: SoakUser[] = [];
  for (const u of users) members.push(await session(u.id));
  const articles: Array<{ id: string; slug: string }> = await q(`select id, slug from articles where status = 'PUBLISHED' order by slug`);
  const comments: Array<{ id: string; article_id: string; author_id: string; depth: number }> = await q(
    `select id, article_id, author_id, depth from comments where status = 'PUBLISHED'`,
  );
  return {
    articles: articles.map((a) => ({ id: toGlobalId('Article', a.id), uuid: a.id, slug: a.slug })),
    members,
    moderator,
    comments: comments.map((c) => ({ id: toGlobalId('Comment', c.id), articleId: toGlobalId('Article', c.article_id), authorId: c.author_id, depth: c.depth })),
  };
}
