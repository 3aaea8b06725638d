import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArticlesDocument, ViewerDocument } from '@atrium/schema';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readJson } from './http.js';
import { buildManifest, sha256, writeManifest } from '../../src/http/persisted-queries.js';
import { app, gql, useTestApp } from '../harness.js';

const operations = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../packages/schema/operations');
const manifestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-manifest-')), 'persisted-operations.json');
const manifest = buildManifest(operations);
writeManifest(manifest, manifestFile);

useTestApp({ persistedQueries: 'allowlist', persistedQueriesManifest: manifestFile });

describe('persisted-query allow-list (PERSISTED_QUERIES=allowlist)', () => {
  it('builds a manifest of every operation in packages/schema/operations', () => {
    const texts = [...manifest.values()];
    expect(texts.some((t) => t.startsWith('query Articles('))).toBe(true);
    expect(texts.find((t) => t.startsWith('query Articles('))).toMatch(/fragment ArticleFields on Article/);
    for (const [hash, text] of manifest) expect(sha256(text)).toBe(hash);
  });

  it('runs registered operations, as printed by codegen or by hash only', async () => {
    (await gql(ViewerDocument, {})).expectData();
    (await gql(ArticlesDocument, { first: 2 })).expectData();
    const [hash] = [...manifest].find(([, t]) => t.startsWith('query Viewer'))!;
    const ext = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    const res = await fetch(`${app().url}/graphql?extensions=${ext}`);
    expect(await readJson(res)).toEqual({ data: { viewer: null } });
  });

  it('refuses any other operation and registers nothing', async () => {
    const query = '{ articles(first: 1) { nodes { id } } }';
    const res = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } }),
    });
    expect(res.status).toBe(403);
    expect((await readJson(res)).errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PERSISTED_QUERY_NOT_IN_ALLOWLIST' });
    const ext = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(query) } }));
    const again = await fetch(`${app().url}/graphql?extensions=${ext}`);
    expect((await readJson(again)).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(print(ViewerDocument)).toBeTruthy();
  });
});
