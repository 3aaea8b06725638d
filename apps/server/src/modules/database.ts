import type { Config } from '../config.js';
import { openDatabaseWith, type Database, type OpenOptions } from '../db/data-source.js';
import { entities } from './entities.js';

export type { Database } from '../db/data-source.js';

/** Opens (and by default migrates) the app's database, with every module's entities. */
export function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPoolSize'>, opts: OpenOptions = {}): Promise<Database> {
  return openDatabaseWith(entities, config, opts);
}
