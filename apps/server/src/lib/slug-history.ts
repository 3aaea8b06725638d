import type { EntityManager } from 'typeorm';
import type { Db } from '../db/data-source.js';

/**
 * Old slugs of categories, sections and articles (one table per kind, migration
 * 1764250000000): a changed slug keeps answering for its item. A current slug always wins
 * over history, so a slug given to a new item is that item's.
 */
export type SlugKind = 'category' | 'section' | 'article';

const TABLES: Record<SlugKind, { items: string; history: string; fk: string }> = {
  category: { items: 'categories', history: 'category_slug_history', fk: 'category_id' },
  section: { items: 'sections', history: 'section_slug_history', fk: 'section_id' },
  article: { items: 'articles', history: 'article_slug_history', fk: 'article_id' },
};

/** After an item's slug changed from `oldSlug` to `newSlug` (in the same transaction). */
export async function rememberOldSlug(tx: EntityManager, kind: SlugKind, id: string, oldSlug: string, newSlug: string): Promise<void> {
  if (oldSlug === newSlug) return;
  const t = TABLES[kind];
  await tx.query(`delete from ${t.history} where slug = $1`, [newSlug]);
  await tx.query(
    `insert into ${t.history} (slug, ${t.fk}) values ($1, $2)
     on conflict (slug) do update set ${t.fk} = excluded.${t.fk}, created_at = now()`,
    [oldSlug, id],
  );
}

/** Before deleting `fromId` whose contents moved to `toId`: its slug and old slugs now lead there. */
export async function handOverSlugs(tx: EntityManager, kind: SlugKind, fromId: string, fromSlug: string, toId: string): Promise<void> {
  const t = TABLES[kind];
  await tx.query(`update ${t.history} set ${t.fk} = $2 where ${t.fk} = $1`, [fromId, toId]);
  await tx.query(
    `insert into ${t.history} (slug, ${t.fk}) values ($1, $2)
     on conflict (slug) do update set ${t.fk} = excluded.${t.fk}, created_at = now()`,
    [fromSlug, toId],
  );
}

/**
 * An SQL condition on `alias` (a row of the kind's table) that finds it by `$param`: its
 * current slug, else an old one no current item holds.
 */
export function slugMatchSql(kind: SlugKind, alias: string, param: string): string {
  const t = TABLES[kind];
  return `(${alias}.slug = ${param} or (${alias}.id = (select h.${t.fk} from ${t.history} h where h.slug = ${param})
    and not exists (select 1 from ${t.items} cur where cur.slug = ${param})))`;
}

/** The current slug of the item an old slug names; null when the slug is current or unknown. */
export async function currentSlugOf(db: Db, kind: SlugKind, oldSlug: string): Promise<string | null> {
  const t = TABLES[kind];
  const [row]: Array<{ slug: string }> = await db.query(
    `select x.slug from ${t.history} h join ${t.items} x on x.id = h.${t.fk}
     where h.slug = $1 and not exists (select 1 from ${t.items} cur where cur.slug = $1)`,
    [oldSlug],
  );
  return row?.slug ?? null;
}
