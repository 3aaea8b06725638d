import { readRows, type Db } from '../../db/data-source.js';

/** How many archived articles a redirect may pass through before it gives up (chains stay short: targets must be published when set). */
const MAX_HOPS = 5;

export interface ArchivedArticleRow {
  id: string;
  slug: string;
  /** The published article at the end of its redirect chain, if any. */
  redirectToId: string | null;
}

/**
 * An ARCHIVED article by its current or old slug, with the published article its readers go
 * to (following archived targets that redirect in turn); null for any other status.
 */
export async function archivedArticleBySlug(db: Db, slug: string): Promise<ArchivedArticleRow | null> {
  const [row]: ArchivedArticleRow[] = await readRows(
    db,
    `with recursive start as (
       select a.id, a.slug from articles a where a.slug = $1 and a.status = 'ARCHIVED'
       union all
       select a.id, a.slug from article_slug_history h join articles a on a.id = h.article_id
       where h.slug = $1 and a.status = 'ARCHIVED' and not exists (select 1 from articles cur where cur.slug = $1)
     ),
     chain (id, redirect_to_id, status, hops) as (
       select a.id, a.redirect_to_id, a.status, 0 from articles a where a.id = (select id from start limit 1)
       union all
       select n.id, n.redirect_to_id, n.status, c.hops + 1 from chain c join articles n on n.id = c.redirect_to_id
       where c.status = 'ARCHIVED' and c.hops < ${MAX_HOPS}
     )
     select s.id, s.slug,
       (select c.id from chain c where c.hops > 0 and c.status = 'PUBLISHED' order by c.hops limit 1) as "redirectToId"
     from start s limit 1`,
    [slug],
  );
  return row ?? null;
}
