import type { EntityManager } from 'typeorm';

/** `base`, or `base-2`, `base-3`, … : the first slug no row of `table` has (categories, sections, articles). */
export async function freeSlug(tx: Pick<EntityManager, 'query'>, table: 'categories' | 'sections' | 'articles', base: string): Promise<string> {
  // the unique index answers the common case; only a taken slug looks at its numbered siblings
  const [exact] = await tx.query(`select 1 from ${table} where slug = $1`, [base]);
  if (!exact) return base;
  const rows: Array<{ slug: string }> = await tx.query(`select slug from ${table} where slug like $1`, [`${base}-%`]);
  const taken = new Set(rows.map((r) => r.slug));
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
