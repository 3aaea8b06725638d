import type { RequestHandler } from 'express';
import type { Db } from '../db/data-source.js';
import { zendeskIds, type MappedKind } from '../modules/zendesk/zendesk.ids.js';

/** `/hc/<locale>/articles/<zendesk id>[-slug]` (any locale, or none), sections and categories likewise. */
export const ZENDESK_PATH = /^\/hc\/(?:[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?\/)?(articles|sections|categories)\/([0-9]{1,18})(?:-[^/]*)?\/?$/;

const KIND: Record<string, { kind: MappedKind; table: 'articles' | 'sections' | 'categories' }> = {
  articles: { kind: 'article', table: 'articles' },
  sections: { kind: 'section', table: 'sections' },
  categories: { kind: 'category', table: 'categories' },
};

/**
 * Old Zendesk Guide links keep working after an import (#19): an imported item's old URL
 * answers 301 to its page here, found through the importer's id map; anything else goes on
 * to the web app, whose unknown paths are 404 with the normal not-found page.
 */
export function zendeskRedirects(db: Db): RequestHandler {
  return (req, res, next) => {
    const match = ZENDESK_PATH.exec(req.path);
    if (!match) return next();
    const { kind, table } = KIND[match[1]];
    void (async () => {
      const id = await zendeskIds.find(db, kind, match[2]);
      const [row]: Array<{ slug: string }> = id ? await db.query(`select slug from ${table} where id = $1`, [id]) : [];
      if (!row) return next();
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      // permanent, but revalidated: a later import or a slug change may move the target
      res.setHeader('cache-control', 'no-cache').redirect(301, `/${table}/${row.slug}${query}`);
    })().catch(next);
  };
}
