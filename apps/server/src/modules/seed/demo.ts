import type { DataSource, EntityManager } from 'typeorm';
import { categories, communityUsers, type SeedRole } from '../../db/seed/content/index.js';
import { excerptOf, renderMarkdown } from '../../lib/markdown.js';
import { log } from '../../lib/logger.js';
import { hashPassword } from '../auth/auth.service.js';
import { seedComments } from '../comment/comment.seed.js';
import { seedInsightsDemo } from '../insights/insights.seed.js';

const DEMO_USERS: Array<{ handle: string; displayName: string; role: SeedRole }> = [
  { handle: 'admin', displayName: 'Avery Admin', role: 'ADMIN' },
  { handle: 'moderator', displayName: 'Morgan Moderator', role: 'MODERATOR' },
  { handle: 'agent', displayName: 'Alex Agent (Support)', role: 'AGENT' },
  { handle: 'member', displayName: 'Mel Member', role: 'MEMBER' },
];

/** Quiet readers who cast the demo's feedback and comment votes. */
const READERS = 40;

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface SeedOptions {
  password: string;
}

/**
 * Fills an empty database with the demo help center (the content is data in db/seed/content/;
 * users, comment threads and article-health signals are written by their modules' seeders).
 * Returns false when it already had users.
 */
export async function seedDemo(ds: DataSource, opts: SeedOptions): Promise<boolean> {
  const [{ seeded }] = await ds.query(`select exists (select 1 from users where handle = 'admin') as seeded`);
  if (seeded) return false;
  const started = Date.now();
  const passwordHash = await hashPassword(opts.password);
  await ds.transaction(async (tx: EntityManager) => {
    const q: Query = (sql, params) => tx.query(sql, params);
    const people = [
      ...DEMO_USERS,
      ...communityUsers,
      ...Array.from({ length: READERS }, (_, i) => ({
        handle: `reader${String(i + 1).padStart(2, '0')}`,
        displayName: `Reader ${i + 1}`,
        role: 'MEMBER' as SeedRole,
      })),
    ];
    const userRows = await q(
      `insert into users (handle, display_name, email, password_hash, role)
       select h, d, h || '@demo.atrium.example', $4, r from unnest($1::text[], $2::text[], $3::text[]) as t(h, d, r)
       returning id, handle`,
      [people.map((p) => p.handle), people.map((p) => p.displayName), people.map((p) => p.role), passwordHash],
    );
    const users = new Map(userRows.map((r) => [r.handle as string, r.id as string]));
    const readers = people.filter((p) => p.handle.startsWith('reader')).map((p) => users.get(p.handle)!);
    const staffAuthors = ['agent', ...communityUsers.filter((u) => u.role === 'AGENT').map((u) => u.handle)];

    let articleIndex = 0;
    const day = 86_400_000;
    for (const [ci, cat] of categories.entries()) {
      const [c] = await q('insert into categories (slug, name, description, position) values ($1, $2, $3, $4) returning id', [
        cat.slug, cat.name, cat.description, ci,
      ]);
      for (const [si, sec] of cat.sections.entries()) {
        const [s] = await q('insert into sections (category_id, slug, name, description, position) values ($1, $2, $3, $4, $5) returning id', [
          c.id, sec.slug, sec.name, sec.description, si,
        ]);
        for (const [ai, art] of sec.articles.entries()) {
          articleIndex++;
          const status = art.status ?? 'PUBLISHED';
          const author = users.get(staffAuthors[articleIndex % staffAuthors.length])!;
          // spread publication dates over the past months so "newest" means something
          const publishedAt = new Date(Date.now() - (articleIndex * 3 + 1) * day);
          const [a] = await q(
            `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, labels, promoted, position,
                                   created_at, updated_at, published_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) returning id`,
            [s.id, author, art.slug, art.title, art.body, renderMarkdown(art.body, { images: 'embed' }), excerptOf(art.body), status, art.labels,
              art.promoted ?? false, ai, publishedAt, status === 'PUBLISHED' ? publishedAt : null],
          );
          await q('insert into article_revisions (article_id, author_id, title, body, created_at) values ($1, $2, $3, $4, $5)', [
            a.id, author, art.title, art.body, publishedAt,
          ]);
          if (status === 'PUBLISHED') {
            const votes = Math.min(art.helpful + art.notHelpful, readers.length);
            const helpful = Math.min(art.helpful, votes);
            if (votes > 0) {
              await q(
                `insert into article_votes (article_id, user_id, helpful, reason)
                 select $1, u, i <= $3, case when i > $3 and i % 3 = 0 then 'UNCLEAR' when i > $3 and i % 3 = 1 then 'MISSING_INFORMATION' end
                 from unnest($2::uuid[]) with ordinality as t(u, i)`,
                [a.id, readers.slice(0, votes), helpful],
              );
              await q('update articles set helpful_count = $2, vote_count = $3 where id = $1', [a.id, helpful, votes]);
            }
            if (art.comments?.length) {
              await seedComments(q, { id: a.id as string, comments: art.comments }, users, readers);
            }
          }
        }
      }
    }
    // article health (#22): views, vote history, a failing article, searches
    await seedInsightsDemo(q, readers);
  });
  log().info({ ms: Date.now() - started }, 'demo content seeded');
  return true;
}
