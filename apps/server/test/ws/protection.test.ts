import { CommentEventsDocument } from '@atrium/schema';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildArticle } from '../factories.js';
import { app, useTestApp } from '../harness.js';
import { connect, subscribed, unsubscribedAll, wsUrl, type TestClient } from './ws-client.js';

useTestApp({ wsMaxSubscriptionsPerConnection: 3, wsMaxConnectionsPerIp: 6, wsConnectionInitTimeoutMs: 300, corsOrigins: ['https://help.example'] });

const open: TestClient[] = [];
const raw: WebSocket[] = [];
function client(opts: Parameters<typeof connect>[0] = {}) {
  const c = connect(opts);
  open.push(c);
  return c;
}
afterEach(async () => {
  for (const s of raw.splice(0)) s.terminate();
  await Promise.all(open.splice(0).map((c) => c.dispose()));
  await unsubscribedAll();
});

/** A bare socket speaking graphql-transport-ws, for protocol-level checks. */
function rawSocket(headers: { origin?: string } = {}): WebSocket {
  const s = new WebSocket(wsUrl(), 'graphql-transport-ws', headers.origin ? { origin: headers.origin } : {});
  raw.push(s);
  return s;
}
const opened = (s: WebSocket) =>
  new Promise<'open' | number>((resolve) => {
    s.once('open', () => resolve('open'));
    s.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    s.once('error', () => {});
  });
const closeOf = (s: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => s.once('close', (code, reason) => resolve({ code, reason: String(reason) })));

const codeOf = async (c: TestClient, query: string, variables?: Record<string, unknown>) => {
  const errors = await c.subscribeText(query, variables).errors();
  expect(JSON.stringify(errors)).not.toContain('INTERNAL_SERVER_ERROR');
  return errors[0];
};

describe('graphql-ws: what the socket accepts', () => {
  it('answers a syntax error with GRAPHQL_PARSE_FAILED and keeps the socket open', async () => {
    const c = client();
    const err = await codeOf(c, 'subscription { commentEvents(articleId: "x" { kind }');
    expect(err.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(err.message).toMatch(/Syntax Error/);
    // the same socket still works
    const article = await buildArticle();
    c.subscribe(CommentEventsDocument, { articleId: article.gid });
    await subscribed(1);
  });

  it('validates: an unknown field is GRAPHQL_VALIDATION_FAILED', async () => {
    const err = await codeOf(client(), 'subscription { commentEvents(articleId: "x") { nope } }');
    expect(err.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['query', '{ __typename }', /send queries over HTTP/],
    ['mutation', 'mutation { signOut }', /send mutations over HTTP/],
  ])('refuses a %s with BAD_USER_INPUT (HTTP is for those)', async (_kind, query, message) => {
    const err = await codeOf(client(), query);
    expect(err.extensions?.code).toBe('BAD_USER_INPUT');
    expect(err.message).toMatch(message);
  });

  it('applies the depth limit (QUERY_TOO_COMPLEX)', async () => {
    const deep = `subscription($a: ID!) { commentEvents(articleId: $a) { comment { ${'parent { '.repeat(14)}id${' }'.repeat(14)} } } }`;
    const err = await codeOf(client(), deep, { a: 'x' });
    expect(err.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it('applies the token limit (QUERY_TOO_COMPLEX)', async () => {
    const many = `subscription($a: ID!) { commentEvents(articleId: $a) { ${'kind '.repeat(6000)} } }`;
    const err = await codeOf(client(), many, { a: 'x' });
    expect(err.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
  });

  it('caps subscriptions per connection', async () => {
    const article = await buildArticle();
    const c = client();
    for (let i = 0; i < 3; i++) c.subscribe(CommentEventsDocument, { articleId: article.gid });
    await subscribed(3);
    const err = (await c.subscribe(CommentEventsDocument, { articleId: article.gid }).errors())[0];
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'subscriptions', maxSubscriptions: 3 });
  });
});

describe('graphql-ws: the upgrade and the protocol', () => {
  it('caps connections per IP address (429 on the upgrade)', async () => {
    const sockets = Array.from({ length: 6 }, () => rawSocket());
    expect(await Promise.all(sockets.map(opened))).toEqual(Array(6).fill('open'));
    expect(await opened(rawSocket())).toBe(429);
    // a closed one frees its place
    const closed = closeOf(sockets[0]);
    sockets[0].close();
    await closed;
    let status: 'open' | number = 429;
    for (let i = 0; i < 50 && status !== 'open'; i++) status = await opened(rawSocket());
    expect(status).toBe('open');
  });

  it('allows CORS_ORIGINS, the same origin and no Origin; refuses other origins (403)', async () => {
    expect(await opened(rawSocket({ origin: 'https://evil.example' }))).toBe(403);
    expect(await opened(rawSocket({ origin: 'https://help.example' }))).toBe('open');
    expect(await opened(rawSocket({ origin: app().url }))).toBe('open');
    expect(await opened(rawSocket())).toBe('open');
  });

  it('refuses other paths (404)', async () => {
    const s = new WebSocket(`${app().url.replace('http', 'ws')}/elsewhere`, 'graphql-transport-ws');
    raw.push(s);
    expect(await opened(s)).toBe(404);
  });

  it('closes with 4408 when connection_init does not come in time', async () => {
    const s = rawSocket();
    const closed = closeOf(s);
    await opened(s);
    expect((await closed).code).toBe(4408);
  });

  it('closes with 4401 on a subscribe before connection_init, 4429 on a second init', async () => {
    const a = rawSocket();
    await opened(a);
    const closedA = closeOf(a);
    a.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { __typename }' } }));
    expect((await closedA).code).toBe(4401);

    const b = rawSocket();
    await opened(b);
    const closedB = closeOf(b);
    const acked = new Promise((r) => b.once('message', r));
    b.send(JSON.stringify({ type: 'connection_init' }));
    await acked;
    b.send(JSON.stringify({ type: 'connection_init' }));
    expect((await closedB).code).toBe(4429);
  });

  it('closes with 1009 on a message over 1 MiB', async () => {
    const s = rawSocket();
    await opened(s);
    const closed = closeOf(s);
    s.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(1024 * 1024) } }));
    expect((await closed).code).toBe(1009);
  });
});
