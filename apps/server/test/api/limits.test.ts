import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/modules/schema.js';
import { checkOperationLimits, measureOperation } from '../../src/graphql/limits.js';
import { largeFieldBytesOf, stringifyWithin } from '../../src/graphql/response-size.js';
import type { App } from '../../src/http/server.js';
import { buildArticle } from '../factories.js';
import { app, startTestApp, useTestApp } from '../harness.js';

useTestApp();

interface Answer {
  status: number;
  ms: number;
  headers: Headers;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; extensions?: Record<string, unknown> };
}

async function post(body: unknown, headers: Record<string, string> = {}, url = app().url): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  return { status: res.status, ms, headers: res.headers, body: JSON.parse(text) };
}

const timings: Record<string, string> = {};
function refused(name: string, a: Answer, code: string) {
  timings[name] = `${a.ms.toFixed(1)} ms (HTTP ${a.status})`;
  console.info(`refusal ${name}: ${timings[name]} ${code}`);
  expect(a.body.errors?.[0]?.extensions?.code, JSON.stringify(a.body)).toBe(code);
  expect(a.body.data ?? null).toBeNull();
  expect(a.ms).toBeLessThan(500);
  expect(JSON.stringify(a.body)).not.toMatch(/stacktrace|\.ts:\d+/);
}

describe('operation limits over HTTP', () => {
  it('depth bomb: QUERY_TOO_COMPLEX with maxDepth and the actual depth', async () => {
    const query = `{ categories { ${'sections { category { '.repeat(15)} id ${'} } '.repeat(15)} } }`;
    const a = await post({ query });
    refused('depth bomb (32 levels)', a, 'QUERY_TOO_COMPLEX');
    expect(a.status).toBe(400);
    expect(a.body.errors![0].extensions).toMatchObject({ limit: 'depth', maxDepth: 12 });
    expect(a.body.errors![0].extensions!.actual).toBeGreaterThan(12);
  });

  it('alias bomb: QUERY_TOO_COMPLEX with maxAliases', async () => {
    const query = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
    const a = await post({ query });
    refused('alias bomb (200 aliases)', a, 'QUERY_TOO_COMPLEX');
    expect(a.body.errors![0].extensions).toMatchObject({ limit: 'aliases', maxAliases: 30, actual: 200 });
  });

  it('node bomb: nested first: 100 beyond 500,000 nodes is QUERY_TOO_COMPLEX', async () => {
    const query = `{ articles(first: 100) { nodes { feedback(first: 100) { nodes { id } } revisions(first: 100) { nodes { id } } section { articles(first: 100) { nodes { revisions(first: 100) { nodes { id } } } } } } } }`;
    const a = await post({ query });
    refused('node bomb (1,020,200 nodes)', a, 'QUERY_TOO_COMPLEX');
    expect(a.body.errors![0].extensions).toMatchObject({ limit: 'nodes', maxNodes: 500_000 });
  });

  it('first: 100000 is BAD_USER_INPUT (literal and variable), before any SQL', async () => {
    const a = await post({ query: '{ articles(first: 100000) { nodes { id } } }' });
    refused('first: 100000', a, 'BAD_USER_INPUT');
    expect(a.body.errors![0].extensions).toMatchObject({ field: 'first' });
    expect(a.headers.get('x-sql-statements')).toBe('0');
    const v = await post({ query: 'query($n: Int) { articles(last: $n) { nodes { id } } }', variables: { n: 0 } });
    expect(v.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'last' });
  });

  it('fragment cycle: refused by validation (GRAPHQL_VALIDATION_FAILED), no endless recursion', async () => {
    const query = `{ articles { nodes { ...A } } } fragment A on Article { section { articles { nodes { ...B } } } } fragment B on Article { ...A }`;
    const a = await post({ query });
    refused('fragment cycle', a, 'GRAPHQL_VALIDATION_FAILED');
    expect(a.status).toBe(400);
  });

  it('token bomb: more than 5000 tokens is QUERY_TOO_COMPLEX (not a 500)', async () => {
    const query = `{ ${'__typename '.repeat(6000)} }`;
    const a = await post({ query });
    refused('token bomb (6000 tokens)', a, 'QUERY_TOO_COMPLEX');
    expect(a.status).toBe(400);
    expect(a.body.errors![0].extensions).toMatchObject({ limit: 'tokens', maxTokens: 5000 });
  });

  it('1 MB body: 413 with a JSON GraphQL error', async () => {
    const query = `{ __typename } # ${'x'.repeat(1024 * 1024)}`;
    const a = await post({ query });
    refused('1 MB body', a, 'BAD_USER_INPUT');
    expect(a.status).toBe(413);
    expect(a.headers.get('content-type')).toMatch(/json/);
  });

  it('reports the cost in extensions.cost on request (header or body extension)', async () => {
    const query = '{ articles(first: 10) { nodes { revisions(first: 5) { nodes { id } } } } }';
    const byHeader = await post({ query }, { 'x-atrium-cost': '1' });
    expect(byHeader.body.extensions?.cost).toMatchObject({ nodes: 60, maxNodes: 500_000, depth: 5, aliases: 0, rateLimitPoints: 1 });
    const byBody = await post({ query, extensions: { cost: true } });
    expect(byBody.body.extensions?.cost).toMatchObject({ nodes: 60 });
    const none = await post({ query });
    expect(none.body.extensions?.cost).toBeUndefined();
  });

  it('lets the standard introspection query through', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const a = await post({ query: getIntrospectionQuery() }, { 'x-atrium-cost': '1' });
    expect(a.body.errors).toBeUndefined();
    console.info('introspection cost', a.body.extensions?.cost);
  });
});

/** 30 aliases of `nodes(ids:)` with the same 100 ids, each selecting the article's text (issue #17). */
const AMPLIFICATION = `query Amplify($ids: [ID!]!) { ${Array.from({ length: 30 }, (_, i) => `a${i}: nodes(ids: $ids) { ... on Article { body bodyHtml } }`).join(' ')} }`;

describe('response size and lists by ids', () => {
  it('the amplification request (30 aliases x nodes(ids:) x 100 ids, body and bodyHtml) is QUERY_TOO_COMPLEX before it runs', async () => {
    const articles = await Promise.all([1, 2, 3].map(() => buildArticle({ body: `# Title\n\n${'Some helpful text. '.repeat(300)}` })));
    const ids = Array.from({ length: 100 }, (_, i) => articles[i % 3].gid);
    const a = await post({ query: AMPLIFICATION, variables: { ids } });
    // (without the body in the message: before the limit it was 35 MB)
    expect(a.body.errors?.[0]?.extensions?.code, `HTTP ${a.status}, ${JSON.stringify(a.body).length} characters`).toBe('QUERY_TOO_COMPLEX');
    refused('amplification (30 x 100 ids, body bodyHtml)', a, 'QUERY_TOO_COMPLEX');
    expect(a.status).toBe(400);
    expect(a.body.errors![0].extensions).toMatchObject({ limit: 'responseBytes', maxResponseBytes: 4 * 1024 * 1024 });
    expect(a.body.errors![0].extensions!.estimated).toBeGreaterThan(4 * 1024 * 1024);
    expect(a.headers.get('x-sql-statements')).toBe('0');
    // the same list once, without the large fields, runs
    const small = await post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } });
    expect(small.body.errors).toBeUndefined();
    expect((small.body.data as { nodes: unknown[] }).nodes).toHaveLength(100);
  });

  it('nodes(ids:) with N ids counts N nodes and N requests, from a literal or a variable', async () => {
    const article = await buildArticle();
    for (const n of [1, 7, 60]) {
      const ids = Array.from({ length: n }, () => article.gid);
      const literal = await post({ query: `{ nodes(ids: ${JSON.stringify(ids)}) { id } }` }, { 'x-atrium-cost': '1' });
      expect(literal.body.extensions?.cost).toMatchObject({ nodes: n, requests: n });
      const variable = await post({ query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } }, { 'x-atrium-cost': '1' });
      expect(variable.body.extensions?.cost).toMatchObject({ nodes: n, requests: n });
    }
  });

  describe('the serialization cap (MAX_RESPONSE_BYTES = 64 KiB)', () => {
    let small: App;
    beforeAll(async () => {
      small = await startTestApp({ maxResponseBytes: 64 * 1024 });
    });
    afterAll(async () => {
      await small?.close();
    });

    it('refuses a response that turns out larger than the cap with QUERY_TOO_COMPLEX, not a 500', async () => {
      // the introspection answer (~100+ KB) is estimated small: its lists count one item each
      const { getIntrospectionQuery } = await import('graphql');
      const a = await post({ query: getIntrospectionQuery() }, {}, small.url);
      expect(a.status).toBe(200);
      expect(a.body.data ?? null).toBeNull();
      expect(a.body.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes', maxResponseBytes: 64 * 1024 });
      // what fits goes through
      const ok = await post({ query: '{ __typename }' }, {}, small.url);
      expect(ok.body).toEqual({ data: { __typename: 'Query' } });
    });
  });
});

describe('stringifyWithin (the serialization cap)', () => {
  it('writes what JSON.stringify writes', () => {
    const values: unknown[] = [
      { data: { __typename: 'Query' } },
      { errors: [{ message: 'x', extensions: { code: 'A' } }], data: null },
      { data: { a: [1, 'två', null, undefined, { b: undefined, c: [[], {}], d: 'é\u2028"\\' }], e: new Date(0), f: { toJSON: () => 'j' } } },
      { data: { nodes: Array.from({ length: 50 }, (_, i) => ({ id: `n${i}`, body: '😀'.repeat(i) })) }, extensions: { cost: { nodes: 3 } } },
    ];
    for (const v of values) expect(stringifyWithin(v, 1024 * 1024)).toBe(JSON.stringify(v));
  });

  it('stops after the first piece past the limit, counting UTF-8 bytes', () => {
    let read = 0;
    const item = () => ({ body: 'x'.repeat(1000) });
    const list = Array.from({ length: 1000 }, () => item());
    const counted = list.map((v) => new Proxy(v, { get: (t, k) => ((read += k === 'body' ? 1 : 0), t[k as 'body']) }));
    expect(stringifyWithin({ data: { a: counted } }, 10_000)).toBeNull();
    expect(read).toBeLessThan(1000);
    // 3,000 characters of 'é' are 6,000 bytes
    expect(stringifyWithin({ data: { s: 'é'.repeat(3000) } }, 5000)).toBeNull();
    expect(stringifyWithin({ data: { s: 'e'.repeat(3000) } }, 5000)).not.toBeNull();
  });
});

describe('checkOperationLimits (shared with graphql-ws onSubscribe)', () => {
  it('stops on a fragment cycle without recursing forever, even unvalidated', async () => {
    const schema = await buildSchema();
    const doc = parse('{ articles { nodes { ...A } } } fragment A on Article { ...B } fragment B on Article { ...A }');
    expect(() => checkOperationLimits(schema, doc, {})).toThrow(/spreads itself/);
  });

  it('walks reused fragments once per selection set (no exponential blow-up)', async () => {
    const schema = await buildSchema();
    const frags = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Article { id ...F${i + 1} ...F${i + 1} }`).join('\n');
    const doc = parse(`{ articles { nodes { ...F0 } } } ${frags} fragment F40 on Article { id }`);
    const started = performance.now();
    expect(measureOperation(schema, doc, {})).toMatchObject({ depth: 3, nodes: 20 });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('uses variables and their defaults for first/last', async () => {
    const schema = await buildSchema();
    const doc = parse('query($n: Int = 50) { articles(first: $n) { nodes { id } } }');
    expect(measureOperation(schema, doc, {}).nodes).toBe(50);
    expect(measureOperation(schema, doc, { n: 7 }).nodes).toBe(7);
    expect(measureOperation(schema, doc, { n: 30 }).nodes).toBe(30);
  });

  it('measures a document once when its cost does not depend on variables, per limits', async () => {
    const schema = await buildSchema();
    const fixed = parse('query($q: String) { articles(first: 10, query: $q) { nodes { id revisions(first: 5) { nodes { id } } } } }');
    const a = measureOperation(schema, fixed, { q: 'x' });
    expect(a).toMatchObject({ nodes: 60, depth: 5 });
    expect(measureOperation(schema, fixed, { q: 'y' })).toBe(a); // the same object: the walk did not run again
    const tight = { maxDepth: 3 };
    expect(measureOperation(schema, fixed, {}, { limits: tight })).not.toBe(a);
    // ids given by a variable make a list as long as the variable: measured per request
    const byIds = parse('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { revisions(first: 5) { nodes { id } } } } }');
    expect(measureOperation(schema, byIds, { ids: ['a', 'b'] }).nodes).toBe(12);
    expect(measureOperation(schema, byIds, { ids: ['a', 'b', 'c'] }).nodes).toBe(18);
  });

  it('estimates response bytes from lists by ids and large fields, per request when the ids are variables', async () => {
    const schema = await buildSchema();
    const limits = { largeFieldBytes: largeFieldBytesOf({ commentMaxLength: 10_000 }) };
    const doc = parse(AMPLIFICATION);
    const ids = Array.from({ length: 100 }, (_, i) => `id${i}`);
    const big = measureOperation(schema, doc, { ids }, { limits });
    expect(big).toMatchObject({ nodes: 3000, requests: 3000 });
    expect(big.bytes).toBeGreaterThan(3000 * 300_000);
    expect(() => checkOperationLimits(schema, doc, { ids }, { limits })).toThrow(/response could be about/);
    // a connection page counts one item: its fill is not known before it runs
    const page = parse('{ articles(first: 100) { nodes { body bodyHtml } } }');
    const p = measureOperation(schema, page, {}, { limits });
    expect(p.bytes).toBeGreaterThan(300_000);
    expect(p.bytes).toBeLessThan(301_000);
    expect(measureOperation(schema, doc, { ids: ids.slice(0, 2) }, { limits }).bytes).toBeLessThan(big.bytes / 40);
  });
});
