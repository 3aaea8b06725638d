import { auditServer } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { readJson } from './http.js';
import { app, useTestApp } from '../harness.js';

useTestApp();

describe('GraphQL over HTTP (graphql-http audit)', () => {
  it('passes every MUST audit', async () => {
    const results = await auditServer({ url: `${app().url}/graphql` });
    const musts = results.filter((r) => r.name.startsWith('MUST'));
    const failed = results.filter((r) => r.status !== 'ok');
    const line = (r: (typeof results)[number]) => `${r.status.padEnd(6)} ${r.name}${r.status === 'ok' ? '' : ` — ${r.reason}`}`;
    console.info(
      `graphql-http audit: ${results.length - failed.length}/${results.length} passed; ` +
        `MUST ${musts.filter((r) => r.status === 'ok').length}/${musts.length}\n` +
        failed.map(line).join('\n'),
    );
    expect(musts.filter((r) => r.status !== 'ok').map(line)).toEqual([]);
  });

  it('answers application/graphql-response+json when accepted, application/json otherwise', async () => {
    const q = encodeURIComponent('{ __typename }');
    const modern = await fetch(`${app().url}/graphql?query=${q}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(modern.status).toBe(200);
    expect(modern.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const legacy = await fetch(`${app().url}/graphql?query=${q}`, { headers: { accept: 'application/json' } });
    expect(legacy.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await readJson(legacy)).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuses a mutation over GET with 405 and Allow: POST', async () => {
    const q = encodeURIComponent('mutation { signOut }');
    const res = await fetch(`${app().url}/graphql?query=${q}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    const body = await readJson(res);
    expect(body.errors[0].message).toMatch(/GET requests only support query/);
  });

  it('answers a malformed JSON body with 400 and a GraphQL error, never HTML', async () => {
    const res = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{"query": "{ __typename }"',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/json/);
    const body = await readJson(res);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers other methods with 405', async () => {
    const res = await fetch(`${app().url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(405);
    expect((await readJson(res)).errors).toHaveLength(1);
  });
});
