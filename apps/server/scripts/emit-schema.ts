import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from '../src/modules/schema.js';

/** Writes packages/schema/schema.graphql from the server's type-graphql schema (no database, no listen). */
export const SCHEMA_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/schema/schema.graphql');

export async function printCurrentSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildSchema()))}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sdl = await printCurrentSchema();
  fs.writeFileSync(SCHEMA_PATH, sdl);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)} (${sdl.split('\n').length} lines)`);
}
