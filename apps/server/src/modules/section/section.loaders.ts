import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import { SectionEntity } from './section.entity.js';

export function createSectionLoaders(db: Db, opts: LoaderOptions) {
  return {
    byId: createLoader<string, SectionEntity>(async (ids) => {
      const rows: SectionEntity[] = await db.query(
        `select ${selectColumns(db, SectionEntity, 's')} from sections s where s.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),
  };
}
