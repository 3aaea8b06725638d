import { readRows, type Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { createLoader, indexBy, type LoaderOptions } from '../../graphql/loaders.js';
import { UserEntity } from './user.entity.js';

export function createUserLoaders(db: Db, opts: LoaderOptions) {
  return {
    byId: createLoader<string, UserEntity>(async (ids) => {
      const rows: UserEntity[] = await readRows(db, 
        `select ${selectColumns(db, UserEntity, 'u')} from users u where u.id = any($1::uuid[])`,
        [ids],
      );
      return indexBy(rows, (r) => r.id);
    }, opts),
    /** By handle (handles are stored lowercase). */
    byHandle: createLoader<string, UserEntity>(async (handles) => {
      const rows: UserEntity[] = await readRows(db,
        `select ${selectColumns(db, UserEntity, 'u')} from users u where u.handle = any($1::text[])`,
        [handles],
      );
      return indexBy(rows, (r) => r.handle);
    }, opts),
  };
}
