import { randomBytes } from 'node:crypto';
import { excerptOf, renderMarkdown } from '../src/lib/markdown.js';
import { hashPassword, tokenHash, SESSION_PREFIX } from '../src/modules/auth/auth.service.js';
import type { Role, UserStatus } from '../src/modules/user/user.entity.js';
import { toGlobalId, type NodeType } from '../src/graphql/global-id.js';
import { sql } from './harness.js';

/** Factories write rows directly and create what is missing (a section for an article, ...). */

export const TEST_PASSWORD = 'correct horse battery';
let passwordHash: Promise<string> | null = null;
let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

export interface TestUser {
  id: string;
  gid: string;
  handle: string;
  email: string;
  role: Role;
  /** A session bearer token for this user. */
  token: string;
}

/** Users count as having verified their address unless `emailVerified: false`. */
export async function buildUser(opts: { role?: Role; status?: UserStatus; suspendedUntil?: Date; handle?: string; emailVerified?: boolean } = {}): Promise<TestUser> {
  const handle = opts.handle ?? `u_${uniq()}`.slice(0, 30);
  const email = `${handle}@test.example`;
  const [row] = await sql<{ id: string }>(
    `insert into users (handle, display_name, email, password_hash, role, status, suspended_until, email_verified_at)
     values ($1, $2, $3, $4, $5, $6, $7, case when $8 then now() end) returning id`,
    [handle, `User ${handle}`, email, await (passwordHash ??= hashPassword(TEST_PASSWORD)), opts.role ?? 'MEMBER', opts.status ?? 'ACTIVE',
      opts.suspendedUntil ?? (opts.status === 'SUSPENDED' ? new Date(Date.now() + 86_400_000) : null), opts.emailVerified ?? true],
  );
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  await sql(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [row.id, tokenHash(token)]);
  return { id: row.id, gid: toGlobalId('User', row.id), handle, email, role: opts.role ?? 'MEMBER', token };
}

export interface Row {
  id: string;
  gid: string;
}

function row(type: NodeType, id: string): Row {
  return { id, gid: toGlobalId(type, id) };
}

export async function buildCategory(opts: { name?: string } = {}): Promise<Row> {
  const slug = `cat-${uniq()}`;
  const [r] = await sql<{ id: string }>(`insert into categories (slug, name) values ($1, $2) returning id`, [slug, opts.name ?? `Category ${slug}`]);
  return row('Category', r.id);
}

export async function buildSection(opts: { category?: Row; name?: string } = {}): Promise<Row & { slug: string }> {
  const category = opts.category ?? (await buildCategory());
  const slug = `sec-${uniq()}`;
  const [r] = await sql<{ id: string }>(`insert into sections (category_id, slug, name) values ($1, $2, $3) returning id`, [
    category.id, slug, opts.name ?? `Section ${slug}`,
  ]);
  return { ...row('Section', r.id), slug };
}

export async function buildArticle(
  opts: { section?: Row; author?: TestUser; status?: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'; title?: string; body?: string; labels?: string[]; position?: number; publishedAt?: Date; locked?: boolean } = {},
): Promise<Row & { slug: string }> {
  const section = opts.section ?? (await buildSection());
  const author = opts.author ?? (await buildUser({ role: 'AGENT' }));
  const slug = `art-${uniq()}`;
  const body = opts.body ?? `Some **helpful** text about ${slug}.`;
  const status = opts.status ?? 'PUBLISHED';
  const [r] = await sql<{ id: string }>(
    `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, labels, position, published_at, comments_locked)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning id`,
    [section.id, author.id, slug, opts.title ?? `Article ${slug}`, body, renderMarkdown(body, { images: 'embed' }), excerptOf(body), status, opts.labels ?? [],
      opts.position ?? 0, status === 'PUBLISHED' ? (opts.publishedAt ?? new Date()) : null, opts.locked ?? false],
  );
  return { ...row('Article', r.id), slug };
}

export async function recountComments(articleId: string) {
  const { RECOUNT_SQL } = await import('../src/modules/comment/comment.seed.js');
  await sql(RECOUNT_SQL, [articleId]);
}

/** A comment written straight to the table (with a path), counters recomputed. */
export async function buildComment(
  opts: { article?: Row; parent?: Row & { path?: string[]; depth?: number }; author?: TestUser; status?: 'PUBLISHED' | 'PENDING' | 'HIDDEN'; body?: string; createdAt?: Date; upvotes?: number; downvotes?: number } = {},
): Promise<Row & { path: string[]; depth: number; articleId: string }> {
  let articleId = opts.article?.id;
  let parentPath: string[] = [];
  let depth = 0;
  if (opts.parent) {
    const [p] = await sql<{ article_id: string; path: string[]; depth: number }>('select article_id, path, depth from comments where id = $1', [opts.parent.id]);
    articleId = p.article_id;
    parentPath = p.path;
    depth = p.depth + 1;
  }
  articleId ??= (await buildArticle()).id;
  const author = opts.author ?? (await buildUser());
  const id = crypto.randomUUID();
  const body = opts.body ?? `Comment ${uniq()}`;
  await sql(
    `insert into comments (id, article_id, parent_id, path, depth, author_id, body, body_html, status, created_at, upvotes, downvotes)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [id, articleId, opts.parent?.id ?? null, [...parentPath, id], depth, author.id, body, renderMarkdown(body), opts.status ?? 'PUBLISHED',
      opts.createdAt ?? new Date(), opts.upvotes ?? 0, opts.downvotes ?? 0],
  );
  await recountComments(articleId);
  return { ...row('Comment', id), path: [...parentPath, id], depth, articleId };
}
