import { Foundation1764140000000 } from './1764140000000-Foundation.js';

/** Listed explicitly (no glob): the same list runs under tsx, vitest and a bundle. */
export const migrations = [Foundation1764140000000];
