import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { createLoader, groupBy, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import { SectionEntity } from '../section/section.entity.js';
import { CategoryEntity } from './category.entity.js';

export function createCategoryLoaders(db: Db, opts: LoaderOptions) {
  return {
    byId: createLoader<string, CategoryEntity>(async (ids) => {
      const rows: CategoryEntity[] = await db.query(
        `select ${selectColumns(db, CategoryEntity, 'c')} from categories c where c.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),
    sections: createLoader<string, SectionEntity[]>(
      async (ids) => {
        const rows: SectionEntity[] = await db.query(
          `select ${selectColumns(db, SectionEntity, 's')} from sections s
           where s.category_id = any($1::uuid[]) order by s.position, s.name, s.id`,
          [ids],
        );
        return groupBy(rows, (r) => r.categoryId);
      },
      opts,
      [],
    ),
  };
}
