import type { RequestHandler } from 'express';
import type { Db } from '../db/data-source.js';
import { currentSlugOf, type SlugKind } from '../lib/slug-history.js';
import { isStaff } from '../lib/viewer.js';
import { archivedArticleBySlug } from '../modules/article/article.redirects.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { credentialsOf, resolveViewer } from './auth.js';

const KINDS: Record<string, SlugKind> = { categories: 'category', sections: 'section', articles: 'article' };
const PATH = /^\/(categories|sections|articles)\/([a-z0-9-]{1,80})(\/[^?]*)?$/;

/**
 * Old URLs keep working (GET /categories|sections|articles/<slug>[/...]): an old slug answers
 * 301 to the current one, and an archived article with a redirect target answers 301 to the
 * target (except to staff, who may still open it). Everything else goes on to the web app.
 */
export function slugRedirects(db: Db, auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const match = PATH.exec(req.path);
    if (!match) return next();
    const [, collection, slug, rest = ''] = match;
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const kind = KINDS[collection];
    // 301 (moved), but revalidated: an old slug can be given to a new item, a redirect removed
    const redirect = (to: string) => res.setHeader('cache-control', 'no-cache').redirect(301, to);
    void (async () => {
      if (kind === 'article' && rest === '') {
        const archived = await archivedArticleBySlug(db, slug);
        if (archived?.redirectToId && !(await viewerIsStaff(auth, req.headers))) {
          const [target]: Array<{ slug: string }> = await db.query('select slug from articles where id = $1', [archived.redirectToId]);
          if (target) return redirect(`/articles/${target.slug}${query}`);
        }
      }
      const current = await currentSlugOf(db, kind, slug);
      if (current) return redirect(`/${collection}/${current}${rest}${query}`);
      next();
    })().catch(next);
  };
}

async function viewerIsStaff(auth: AuthService, headers: Parameters<typeof credentialsOf>[0]): Promise<boolean> {
  try {
    return isStaff(await resolveViewer(auth, credentialsOf(headers)));
  } catch {
    return false; // a bad credential reads as a reader here; the API answers it properly
  }
}
