import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildUser, TEST_PASSWORD } from '../factories.js';
import { app, useTestApp } from '../harness.js';

/**
 * POST/GET /graphql are answered by http/graphql-http.ts on Node's server; what it leaves
 * (compressed bodies, other charsets, preflights) goes through the Express stack. Both must
 * answer the same requests the same way: each case is sent plain (the direct path) and
 * gzip-compressed (Express' body-parser), and the answers compared.
 */
const ALLOWED = 'https://help.example.com';
useTestApp({ corsOrigins: [ALLOWED] });
const url = () => `${app().url}/graphql`;

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

async function send(body: string, opts: { gzip?: boolean; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.gzip ? { 'content-encoding': 'gzip' } : {}), ...opts.headers },
    body: opts.gzip ? gzipSync(body) : body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The same request on both paths: same status, same body, the same per-request headers. */
async function bothPaths(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const direct = await send(body, { headers });
  const viaExpress = await send(body, { headers, gzip: true });
  expect(direct.status).toBe(viaExpress.status);
  expect(JSON.parse(direct.text)).toEqual(JSON.parse(viaExpress.text));
  for (const answer of [direct, viaExpress]) {
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('x-request-id')).toMatch(/\S/);
    expect(answer.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
  }
  return direct;
}

describe('GraphQL over HTTP: the direct path and the Express path answer alike', () => {
  it('a query, with the SQL count, request id and rate-limit headers', async () => {
    const a = await bothPaths(JSON.stringify({ query: '{ categories { name } }' }));
    expect(a.status).toBe(200);
    expect(JSON.parse(a.text).data.categories).toBeInstanceOf(Array);
    expect(a.headers.get('x-sql-statements')).toMatch(/^\d+$/);
    expect(a.headers.get('ratelimit-limit')).toMatch(/^\d+$/);
    expect(Number(a.headers.get('content-length'))).toBe(Buffer.byteLength(a.text));
  });

  it('malformed JSON and JSON that is not an object: 400 BAD_USER_INPUT', async () => {
    for (const body of ['{"query": "{ __typename }"', '"just a string"', '42']) {
      const a = await bothPaths(body);
      expect(a.status, body).toBe(400);
      expect(JSON.parse(a.text).errors[0].extensions.code, body).toBe('BAD_USER_INPUT');
    }
  });

  it('an empty body and a body without a query: 400 with a GraphQL error', async () => {
    for (const body of ['', '{}']) {
      const a = await bothPaths(body);
      expect(a.status, body).toBe(400);
      expect(JSON.parse(a.text).errors[0].message, body).toMatch(/body|query/i);
    }
  });

  it('a body over 1 MB: 413, whether or not content-length announces it', async () => {
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1024 * 1024)}` });
    const announced = await send(big);
    expect(announced.status).toBe(413);
    expect(JSON.parse(announced.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // streamed without a length (chunked): cut while reading
    const chunked = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 17; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(64 * 1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('signIn sets an httpOnly, SameSite=Lax session cookie on both paths; signOut expires it', async () => {
    const u = await buildUser();
    const signIn = JSON.stringify({ query: 'mutation($i: SignInInput!) { signIn(input: $i) { user { handle } } }', variables: { i: { login: u.handle, password: TEST_PASSWORD } } });
    for (const gzip of [false, true]) {
      const a = await send(signIn, { gzip });
      expect(JSON.parse(a.text).data.signIn.user.handle).toBe(u.handle);
      const cookie = a.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^atrium_session=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
      const session = cookie.split(';')[0];
      const out = await send(JSON.stringify({ query: 'mutation { signOut }' }), { gzip, headers: { cookie: session } });
      expect(JSON.parse(out.text).data.signOut).toBe(true);
      expect(out.headers.get('set-cookie')).toMatch(/^atrium_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
    }
  });

  it('CORS: credentials for a configured origin, `*` for others, Vary: Origin', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const allowed = await bothPaths(body, { origin: ALLOWED });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('vary')).toMatch(/origin/i);
    const other = await send(body, { headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBe('*');
    expect(other.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('the session cookie without a preflight is refused (CSRF) on both paths', async () => {
    const u = await buildUser();
    const cookie = `atrium_session=${u.token}`;
    for (const gzip of [false, true]) {
      const res = await fetch(url(), {
        method: 'POST',
        headers: { 'content-type': 'text/plain', cookie, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
        body: gzip ? gzipSync('{"query":"{ viewer { handle } }"}') : '{"query":"{ viewer { handle } }"}',
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { errors: Array<{ extensions: { reason: string } }> }).errors[0].extensions.reason).toBe('CSRF_PREFLIGHT_REQUIRED');
    }
    // a JSON POST with the cookie is a preflighted request: allowed
    const ok = await send(JSON.stringify({ query: '{ viewer { handle } }' }), { headers: { cookie } });
    expect(JSON.parse(ok.text).data.viewer.handle).toBe(u.handle);
  });

  it('a JSON body in another charset goes to Express and is still read', async () => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(JSON.stringify({ query: '{ __typename }' }), 'utf16le'),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('GET with a query string works from curl', async () => {
    const res = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
