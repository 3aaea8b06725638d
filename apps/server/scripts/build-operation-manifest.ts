/**
 * Writes the persisted-query allow-list (sha256 → operation text) from
 * packages/schema/operations/**.graphql. Usage:
 *   npm run build-manifest -w @atrium/server [-- <out.json>]
 * The server reads it with PERSISTED_QUERIES=allowlist (PERSISTED_QUERIES_MANIFEST, default
 * ./persisted-operations.json in the server's working directory).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildManifest, writeManifest } from '../src/http/persisted-queries.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const operations = path.resolve(here, '../../../packages/schema/operations');
const out = path.resolve(process.argv[2] ?? path.join(here, '../persisted-operations.json'));
const manifest = buildManifest(operations);
writeManifest(manifest, out);
console.log(`${manifest.size} operations → ${path.relative(process.cwd(), out)}`);
