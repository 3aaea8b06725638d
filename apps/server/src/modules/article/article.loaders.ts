import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import type { Viewer } from '../../lib/viewer.js';
import { ArticleEntity } from './article.entity.js';

export function createArticleLoaders(db: Db, viewer: Viewer | null, opts: LoaderOptions) {
  return {
    /** Raw rows; callers apply the article policy. */
    byId: createLoader<string, ArticleEntity>(async (ids) => {
      const rows: ArticleEntity[] = await db.query(
        `select ${selectColumns(db, ArticleEntity, 'a')} from articles a where a.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),
    bySlug: createLoader<string, ArticleEntity>(async (slugs) => {
      const rows: ArticleEntity[] = await db.query(
        `select ${selectColumns(db, ArticleEntity, 'a')} from articles a where a.slug = any($1::text[])`,
        [slugs],
      );
      return indexBy(rows, (r) => r.slug);
    }, opts),
    /** The viewer's own helpful/not-helpful vote per article. */
    viewerVote: createLoader<string, boolean>(async (ids) => {
      if (!viewer) return new Map();
      const rows: Array<{ articleId: string; helpful: boolean }> = await db.query(
        `select article_id as "articleId", helpful from article_votes where user_id = $1 and article_id = any($2::uuid[])`,
        [viewer.id, ids],
      );
      return new Map(rows.map((r) => [r.articleId, r.helpful]));
    }, opts),
  };
}
