import type { EntityManager } from 'typeorm';

/** `base`, or `base-2`, `base-3`, … : the first slug no row of `table` has (categories, sections, articles). */
export async function freeSlug(tx: Pick<EntityManager, 'query'>, table: 'categories' | 'sections' | 'articles', base: string): Promise<string> {
  const rows: Array<{ slug: string }> = await tx.query(`select slug from ${table} where slug = $1 or slug like $2`, [base, `${base}-%`]);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
