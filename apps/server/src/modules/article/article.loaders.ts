import { readRows, type Db } from '../../db/data-source.js';
import { selectColumns, withAuthor } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import type { Viewer } from '../../lib/viewer.js';
import { ArticleRevisionEntity } from './article.entity.js';
import { articleVisibleSql } from './article.policy.js';
import { articleSelect, type ArticleRow } from './article.queries.js';

export function createArticleLoaders(db: Db, viewer: Viewer | null, opts: LoaderOptions) {
  /** The viewer's own helpful/not-helpful vote per article. */
  const viewerVote = createLoader<string, boolean>(async (ids) => {
    if (!viewer) return new Map();
    const rows: Array<{ articleId: string; helpful: boolean }> = await readRows(db, 
      `select article_id as "articleId", helpful from article_votes where user_id = $1 and article_id = any($2::uuid[])`,
      [viewer.id, ids],
    );
    return new Map(rows.map((r) => [r.articleId, r.helpful]));
  }, opts);

  /** Article rows with their authors, and the viewer's vote folded into the same statement (primed into viewerVote). */
  async function fetchArticles(column: 'id' | 'slug', keys: readonly string[]): Promise<ArticleRow[]> {
    const raw: Array<Record<string, unknown>> = await readRows(
      db,
      `${articleSelect(db).replace(/^select /, viewer ? 'select av.helpful as "_viewerHelpful", ' : 'select ')}
       ${viewer ? 'left join article_votes av on av.article_id = a.id and av.user_id = $2' : ''}
       where a.${column} = any($1::${column === 'id' ? 'uuid' : 'text'}[])`,
      viewer ? [keys, viewer.id] : [keys],
    );
    return raw.map((r) => {
      const row = withAuthor<ArticleRow>(r);
      if (viewer) viewerVote.prime(row.id, (r._viewerHelpful as boolean | null) ?? null);
      return row;
    });
  }

  return {
    /** Raw rows; callers apply the article policy. */
    byId: createLoader<string, ArticleRow>(async (ids) => indexBy(await fetchArticles('id', ids), (r) => r.id), opts),
    /** By current slug, else by an old one (article_slug_history): the row carries its current slug. */
    bySlug: createLoader<string, ArticleRow>(async (slugs) => {
      const found = indexBy(await fetchArticles('slug', slugs), (r) => r.slug);
      const old = slugs.filter((s) => !found.has(s));
      if (old.length === 0) return found;
      const moved: Array<{ slug: string; articleId: string }> = await readRows(
        db,
        `select slug, article_id as "articleId" from article_slug_history where slug = any($1::text[])`,
        [old],
      );
      if (moved.length === 0) return found;
      const byId = indexBy(await fetchArticles('id', moved.map((m) => m.articleId)), (r) => r.id);
      for (const m of moved) {
        const row = byId.get(m.articleId);
        if (row) found.set(m.slug, row);
      }
      return found;
    }, opts),
    viewerVote,
    /** Articles per section the viewer may read (Section.articleCount). */
    countBySection: createLoader<string, number>(async (sectionIds) => {
      const rows: Array<{ sectionId: string; count: number }> = await readRows(
        db,
        `select a.section_id as "sectionId", count(*)::int as count from articles a
         where a.section_id = any($1::uuid[]) and ${articleVisibleSql(viewer, 'a')} group by a.section_id`,
        [sectionIds],
      );
      return new Map(rows.map((r) => [r.sectionId, r.count]));
    }, opts, 0),
    /** Revision rows by id (ArticleRevision.restoredFrom); the resolver keeps them to staff like `revisions`. */
    revisionById: createLoader<string, ArticleRevisionEntity>(async (ids) => {
      const rows: ArticleRevisionEntity[] = await readRows(
        db,
        `select ${selectColumns(db, ArticleRevisionEntity, 'r')} from article_revisions r where r.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),
  };
}
