#!/usr/bin/env node
// After graphql-codegen: moves each typed document (one `export const …Document = {…}` line)
// into a module of its own under src/generated/documents/, re-exported from graphql.ts.
//
// Why: a bundler never splits one module across chunks. With every document in graphql.ts,
// that module is shared by every page, so it lands whole in the entry chunk: each new
// operation of any page (staff pages included) grew every reader's first download. One module
// per document lets each page's chunk carry only its own documents.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, isAbstractType } from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generated = path.join(root, 'src/generated');
const file = path.join(generated, 'graphql.ts');
const docsDir = path.join(generated, 'documents');
const DOCUMENT = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<(.+)>;$/;

const lines = fs.readFileSync(file, 'utf8').split('\n');
fs.rmSync(docsDir, { recursive: true, force: true });
fs.mkdirSync(docsDir);

const kept = [];
const reexports = [];
for (const line of lines) {
  const m = DOCUMENT.exec(line);
  if (!m) {
    kept.push(line);
    continue;
  }
  const [, name, ast, typeArgs] = m;
  const types = [...new Set(typeArgs.match(/\b[A-Z]\w*\b/g) ?? [])];
  const source = ["import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';"];
  if (types.length) source.push(`import type { ${types.join(', ')} } from '../graphql.js';`);
  source.push(`export const ${name} = ${ast} as unknown as DocumentNode<${typeArgs}>;`, '');
  fs.writeFileSync(path.join(docsDir, `${name}.ts`), source.join('\n'));
  reexports.push(`export { ${name} } from './documents/${name}.js';`);
}
if (reexports.length === 0) throw new Error(`split-documents: no typed document found in ${file}`);
// Apollo's cache needs the members of each interface and union to match fragments on them
// (`target { ... on Comment }` under `Node`); without them it warns "Data might be lost".
const schema = buildSchema(fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
const possibleTypes = {};
for (const type of Object.values(schema.getTypeMap())) {
  if (isAbstractType(type) && !type.name.startsWith('__')) possibleTypes[type.name] = schema.getPossibleTypes(type).map((t) => t.name).sort();
}
reexports.push(`/** The members of each interface and union (Apollo's InMemoryCache possibleTypes). */`);
reexports.push(`export const possibleTypes: Record<string, string[]> = ${JSON.stringify(possibleTypes)};`);
fs.writeFileSync(file, [...kept, ...reexports, ''].join('\n'));
console.log(`split-documents: ${reexports.length} documents, one module each`);
