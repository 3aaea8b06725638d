import { createHash } from 'node:crypto';
import { ViewerDocument } from '@atrium/schema';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readJson } from './http.js';
import { buildUser } from '../factories.js';
import { app, useTestApp } from '../harness.js';

const ALLOWED = 'https://help.example.com';
useTestApp({ corsOrigins: [ALLOWED] });

const url = () => `${app().url}/graphql`;
const viewerQuery = encodeURIComponent('{ viewer { handle } }');
const cookieOf = (token: string) => `atrium_session=${token}`;

describe('CORS', () => {
  it('allows credentials only for configured origins', async () => {
    const res = await fetch(`${url()}?query=${viewerQuery}`, { headers: { origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ratelimit-remaining/i);
  });

  it('lets any origin use bearer tokens, without credentials', async () => {
    const user = await buildUser();
    const pre = await fetch(url(), {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const res = await fetch(url(), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ query: '{ viewer { handle } }' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await readJson(res)).data.viewer.handle).toBe(user.handle);
  });
});

describe('CSRF (cookie sessions)', () => {
  it('refuses a cookie-carrying simple GET without a preflight header', async () => {
    const user = await buildUser();
    const res = await fetch(`${url()}?query=${viewerQuery}`, { headers: { cookie: cookieOf(user.token) } });
    expect(res.status).toBe(403);
    const body = await readJson(res);
    expect(body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CSRF_PREFLIGHT_REQUIRED' });
  });

  it('refuses a cookie-carrying form POST', async () => {
    const user = await buildUser();
    const res = await fetch(url(), {
      method: 'POST',
      headers: { cookie: cookieOf(user.token), 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${viewerQuery}`,
    });
    expect(res.status).toBe(403);
    expect((await readJson(res)).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('accepts the cookie on a JSON POST or with apollo-require-preflight', async () => {
    const user = await buildUser();
    const post = await fetch(url(), {
      method: 'POST',
      headers: { cookie: cookieOf(user.token), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { handle } }' }),
    });
    expect((await readJson(post)).data.viewer.handle).toBe(user.handle);
    const get = await fetch(`${url()}?query=${viewerQuery}`, { headers: { cookie: cookieOf(user.token), 'apollo-require-preflight': 'true' } });
    expect((await readJson(get)).data.viewer.handle).toBe(user.handle);
  });

  it('lets a plain GET without a cookie through (anonymous or bearer): curl just works', async () => {
    const anon = await fetch(`${url()}?query=${viewerQuery}`);
    expect(anon.status).toBe(200);
    expect(await readJson(anon)).toEqual({ data: { viewer: null } });
    const user = await buildUser();
    const bearer = await fetch(`${url()}?query=${viewerQuery}`, { headers: { authorization: `Bearer ${user.token}` } });
    expect((await readJson(bearer)).data.viewer.handle).toBe(user.handle);
  });
});

describe('automatic persisted queries (APQ)', () => {
  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, then runs it by hash once registered', async () => {
    const query = print(ViewerDocument);
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const ext = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash } }));
    const miss = await fetch(`${url()}?extensions=${ext}`);
    expect((await readJson(miss)).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const register = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect((await readJson(register)).data).toEqual({ viewer: null });
    const hit = await fetch(`${url()}?extensions=${ext}`);
    expect(await readJson(hit)).toEqual({ data: { viewer: null } });
  });

  it('refuses a hash that does not match the query', async () => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }),
    });
    expect(res.status).toBe(400);
  });
});

describe('GraphiQL (offline IDE)', () => {
  it('serves the IDE to browsers from node_modules, with no external URL', async () => {
    const page = await fetch(url(), { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(5);
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true);
      const res = await fetch(`${app().url}${asset}`);
      expect(res.status, asset).toBe(200);
      const text = await res.text();
      expect(text.length, asset).toBeGreaterThan(100);
      // nothing loaded from elsewhere: no CDN hosts, no remote url() in CSS, no remote imports
      expect(text, asset).not.toMatch(
        /(https?:)?\/\/(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|fonts\.(googleapis|gstatic)\.com)|url\(\s*["']?https?:|import\s*\(\s*["']https?:/,
      );
    }
  });

  it('still answers GraphQL to API clients on GET /graphql', async () => {
    const res = await fetch(`${url()}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } });
    expect(await readJson(res)).toEqual({ data: { __typename: 'Query' } });
  });
});
