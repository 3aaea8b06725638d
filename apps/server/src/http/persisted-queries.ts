import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Context } from '../modules/context.js';
import { ForbiddenError } from '../graphql/errors.js';

/**
 * Persisted queries.
 * - `apq`: Apollo's automatic persisted queries, in a bounded in-memory LRU cache.
 * - `allowlist`: only operations in the manifest (sha256 → text) run; a client may send the
 *   text or just `extensions.persistedQuery.sha256Hash`; nothing new can be registered.
 *
 * The manifest holds every named operation of packages/schema/operations/** with the fragments
 * it uses, in a canonical print (see canonicalText): the same operation matches whatever order
 * or spacing a client prints it in, and Apollo Client's added `__typename` fields are ignored.
 */

export type Manifest = Map<string, string>;

/** APQ's cache: bounded (about 4 MiB of query text). */
export function createApqCache(): KeyValueCache<string> {
  return new InMemoryLRUCache<string>({ maxSize: 4 * 1024 * 1024 });
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const dropTypename = (doc: DocumentNode): DocumentNode =>
  visit(doc, { Field: (node) => (node.name.value === '__typename' && !node.alias ? null : undefined) });

/** One operation and the fragments it uses, printed canonically: operation first, fragments by name. */
export function canonicalText(doc: DocumentNode): string {
  const clean = dropTypename(doc);
  const ops = clean.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const frags = clean.definitions
    .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
    .sort((a, b) => a.name.value.localeCompare(b.name.value));
  return print({ kind: Kind.DOCUMENT, definitions: [...ops, ...frags] });
}

function graphqlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? graphqlFiles(path.join(dir, e.name)) : e.name.endsWith('.graphql') ? [path.join(dir, e.name)] : []))
    .sort();
}

/** Builds the allow-list from a folder of .graphql files (one operation or fragment per file). */
export function buildManifest(operationsDir: string): Manifest {
  const definitions: DefinitionNode[] = graphqlFiles(operationsDir).flatMap((f) => parse(fs.readFileSync(f, 'utf8')).definitions);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const manifest: Manifest = new Map();
  for (const op of definitions) {
    if (op.kind !== Kind.OPERATION_DEFINITION) continue;
    const used = new Map<string, FragmentDefinitionNode>();
    const pending: DefinitionNode[] = [op];
    while (pending.length) {
      visit(pending.pop()!, {
        FragmentSpread(node) {
          const f = fragments.get(node.name.value);
          if (f && !used.has(f.name.value)) {
            used.set(f.name.value, f);
            pending.push(f);
          }
        },
      });
    }
    const text = canonicalText({ kind: Kind.DOCUMENT, definitions: [op, ...used.values()] });
    manifest.set(sha256(text), text);
  }
  return manifest;
}

export function writeManifest(manifest: Manifest, file: string): void {
  const sorted = Object.fromEntries([...manifest.entries()].sort(([a], [b]) => a.localeCompare(b)));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
}

export function readManifest(file: string): Manifest {
  if (!fs.existsSync(file)) {
    throw new Error(`PERSISTED_QUERIES=allowlist but the manifest ${file} does not exist: run \`npm run build-manifest -w @atrium/server\`.`);
  }
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!raw || typeof raw !== 'object') throw new Error(`${file} is not a persisted-operations manifest`);
  return new Map(Object.entries(raw as Record<string, string>).filter(([, v]) => typeof v === 'string'));
}

/** APQ's cache in allow-list mode: answers from the manifest, registers nothing. */
export function manifestCache(manifest: Manifest): KeyValueCache<string> {
  return {
    async get(key: string) {
      return manifest.get(key.replace(/^apq:/, ''));
    },
    async set() {},
    async delete() {
      return false;
    },
  };
}

/** In allow-list mode, refuses any operation whose text (raw or canonical) is not in the manifest. */
export function allowlistPlugin(manifest: Manifest): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (rc.queryHash && manifest.has(rc.queryHash)) return;
          if (manifest.has(sha256(canonicalText(rc.document)))) return;
          rc.response.http.status = 403;
          throw new ForbiddenError('This server only runs registered operations (persisted-query allow-list).', {
            reason: 'PERSISTED_QUERY_NOT_IN_ALLOWLIST',
          });
        },
      };
    },
  };
}
