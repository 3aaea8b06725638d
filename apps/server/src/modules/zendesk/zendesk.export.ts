import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/data-source.js';
import { zendeskIds, type MappedKind } from './zendesk.ids.js';

const ROLE: Record<string, string> = { MEMBER: 'end-user', MODERATOR: 'end-user', AGENT: 'agent', ADMIN: 'admin' };

export interface ExportCounts {
  users: number;
  categories: number;
  sections: number;
  articles: number;
  comments: number;
  articleVotes: number;
  commentVotes: number;
}

/**
 * `npm run export -- zendesk --to <dir>`: the help center as Help Center API pages in the
 * folder layout the importer reads (see FolderSource), one page in memory at a time.
 * Items imported from Zendesk keep their Zendesk ids; the others get a stable id made from
 * their Atrium id. Bodies are the sanitized HTML Atrium renders.
 */
export async function exportZendesk(db: Db, dir: string, { pageSize = 100, origin = 'http://localhost' } = {}): Promise<ExportCounts> {
  const ids = new Map<MappedKind, Map<string, number>>();
  for (const kind of ['user', 'category', 'section', 'article', 'comment'] as MappedKind[]) ids.set(kind, await zendeskIds.zendeskIdsOf(db, kind));
  const zid = (kind: MappedKind, uuid: string) => ids.get(kind)!.get(uuid) ?? synthetic(uuid);
  const counts: ExportCounts = { users: 0, categories: 0, sections: 0, articles: 0, comments: 0, articleVotes: 0, commentVotes: 0 };
  const iso = (d: Date | string | null) => (d ? new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

  /** Writes `rows` of a keyset-paginated query as numbered page files under `sub`. */
  async function pages<R extends { id: string }>(sub: string, key: string, sql: string, params: unknown[], shape: (r: R) => Record<string, unknown>, onRow?: (r: R) => Promise<void>): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let n = 0;
    let total = 0;
    for (;;) {
      const rows: R[] = await db.query(`${sql} and x.id > $${params.length + 1} order by x.id limit ${pageSize}`, [...params, after]);
      if (!rows.length && n > 0) break;
      if (!rows.length && n === 0) return 0;
      n++;
      total += rows.length;
      after = rows[rows.length - 1].id;
      const hasMore = rows.length === pageSize;
      await fs.mkdir(path.join(dir, sub), { recursive: true });
      const page = { [key]: rows.map(shape), meta: { has_more: hasMore, after_cursor: hasMore ? after : null, before_cursor: null }, links: { next: null, prev: null } };
      await fs.writeFile(path.join(dir, sub, `${String(n).padStart(6, '0')}.json`), JSON.stringify(page));
      if (onRow) for (const r of rows) await onRow(r);
      if (!hasMore) break;
    }
    return total;
  }

  counts.users = await pages<{ id: string; name: string; email: string | null; role: string; createdAt: Date; updatedAt: Date }>(
    'users', 'users',
    `select x.id, x.display_name as name, coalesce(x.email, x.unconfirmed_email) as email, x.role, x.created_at as "createdAt", x.updated_at as "updatedAt" from users x where true`,
    [],
    (u) => ({ id: zid('user', u.id), name: u.name, email: u.email, role: ROLE[u.role], created_at: iso(u.createdAt), updated_at: iso(u.updatedAt) }),
  );
  counts.categories = await pages<{ id: string; name: string; description: string | null; position: number; createdAt: Date }>(
    'categories', 'categories',
    `select x.id, x.name, x.description, x.position, x.created_at as "createdAt" from categories x where true`,
    [],
    (c) => ({ id: zid('category', c.id), name: c.name, description: c.description ?? '', position: c.position, locale: 'en-us', created_at: iso(c.createdAt), updated_at: iso(c.createdAt) }),
  );
  counts.sections = await pages<{ id: string; categoryId: string; name: string; description: string | null; position: number; createdAt: Date }>(
    'sections', 'sections',
    `select x.id, x.category_id as "categoryId", x.name, x.description, x.position, x.created_at as "createdAt" from sections x where true`,
    [],
    (s) => ({ id: zid('section', s.id), category_id: zid('category', s.categoryId), parent_section_id: null, name: s.name, description: s.description ?? '', position: s.position, locale: 'en-us', created_at: iso(s.createdAt), updated_at: iso(s.createdAt) }),
  );
  type ArticleRow = { id: string; sectionId: string; authorId: string; title: string; bodyHtml: string; status: string; labels: string[]; promoted: boolean; position: number; commentsLocked: boolean; helpful: number; votes: number; createdAt: Date; updatedAt: Date };
  counts.articles = await pages<ArticleRow>(
    'articles', 'articles',
    `select x.id, x.section_id as "sectionId", x.author_id as "authorId", x.title, x.body_html as "bodyHtml", x.status, x.labels, x.promoted, x.position,
       x.comments_locked as "commentsLocked", x.helpful_count as helpful, x.vote_count as votes, x.created_at as "createdAt", x.updated_at as "updatedAt"
     from articles x where x.status <> 'ARCHIVED'`,
    [],
    (a) => {
      const id = zid('article', a.id);
      return {
        id, title: a.title, name: a.title, body: a.bodyHtml, section_id: zid('section', a.sectionId), author_id: zid('user', a.authorId), draft: a.status === 'DRAFT',
        promoted: a.promoted, position: a.position, label_names: a.labels, comments_disabled: a.commentsLocked, vote_sum: 2 * a.helpful - a.votes, vote_count: a.votes,
        locale: 'en-us', html_url: `${origin}/hc/en-us/articles/${id}`, created_at: iso(a.createdAt), updated_at: iso(a.updatedAt), edited_at: iso(a.updatedAt),
      };
    },
    async (a) => {
      const articleZid = zid('article', a.id);
      counts.comments += await pages<{ id: string; authorId: string; bodyHtml: string; up: number; down: number; createdAt: Date; updatedAt: Date }>(
        `articles/${articleZid}/comments`, 'comments',
        `select x.id, x.author_id as "authorId", x.body_html as "bodyHtml", x.upvotes as up, x.downvotes as down, x.created_at as "createdAt", x.updated_at as "updatedAt"
         from comments x where x.article_id = $1 and x.status = 'PUBLISHED'`,
        [a.id],
        (c) => ({ id: zid('comment', c.id), body: c.bodyHtml, author_id: zid('user', c.authorId), source_id: articleZid, source_type: 'Article', locale: 'en-us', vote_sum: c.up - c.down, vote_count: c.up + c.down, created_at: iso(c.createdAt), updated_at: iso(c.updatedAt) }),
        async (c) => {
          const commentZid = zid('comment', c.id);
          counts.commentVotes += await pages<{ id: string; userId: string; value: number; createdAt: Date; updatedAt: Date }>(
            `articles/${articleZid}/comments/${commentZid}/votes`, 'votes',
            `select x.id, x.user_id as "userId", x.value, x.created_at as "createdAt", x.updated_at as "updatedAt" from comment_votes x where x.comment_id = $1`,
            [c.id],
            (v) => ({ id: synthetic(v.id), user_id: zid('user', v.userId), value: v.value, item_id: commentZid, item_type: 'Comment', created_at: iso(v.createdAt), updated_at: iso(v.updatedAt) }),
          );
        },
      );
      counts.articleVotes += await pages<{ id: string; userId: string; helpful: boolean; createdAt: Date; updatedAt: Date }>(
        `articles/${articleZid}/votes`, 'votes',
        `select x.id, x.user_id as "userId", x.helpful, x.created_at as "createdAt", x.updated_at as "updatedAt" from article_votes x where x.article_id = $1`,
        [a.id],
        (v) => ({ id: synthetic(v.id), user_id: zid('user', v.userId), value: v.helpful ? 1 : -1, item_id: articleZid, item_type: 'Article', created_at: iso(v.createdAt), updated_at: iso(v.updatedAt) }),
      );
    },
  );
  return counts;
}

/** A stable positive id (48 bits) for a row that did not come from Zendesk. */
function synthetic(uuid: string): number {
  return parseInt(uuid.replace(/-/g, '').slice(0, 12), 16) || 1;
}
