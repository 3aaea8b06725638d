import { readRows, type Db } from '../../db/data-source.js';
import { withAuthor } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import type { Viewer } from '../../lib/viewer.js';
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
    bySlug: createLoader<string, ArticleRow>(async (slugs) => indexBy(await fetchArticles('slug', slugs), (r) => r.slug), opts),
    viewerVote,
  };
}
