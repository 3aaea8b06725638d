import { readRows, type Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import { FlagEntity } from './moderation.entity.js';

export function createModerationLoaders(db: Db, opts: LoaderOptions) {
  return {
    /** Flags by id (the targets of ACCEPT_FLAG / DISMISS_FLAG log entries): one statement per log page. */
    flagById: createLoader<string, FlagEntity>(async (ids) => {
      const rows: FlagEntity[] = await readRows(db, `select ${selectColumns(db, FlagEntity, 'f')} from flags f where f.id = any($1::uuid[])`, [ids]);
      return indexBy(rows, (r) => r.id);
    }, opts),
  };
}
