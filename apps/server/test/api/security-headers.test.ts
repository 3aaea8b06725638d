import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { app, startTestApp, useTestApp } from '../harness.js';

// a built web client of its own, so the test does not depend on apps/web/dist
const webDist = mkdtempSync(path.join(tmpdir(), 'atrium-web-dist-'));
mkdirSync(path.join(webDist, 'assets'));
writeFileSync(path.join(webDist, 'index.html'), '<!doctype html><title>t</title><script type="module" src="/assets/app.js"></script>');
writeFileSync(path.join(webDist, 'assets', 'app.js'), 'console.log(1);');
useTestApp({ webDist });

const query = JSON.stringify({ query: '{ __typename }' });
const fastPost = (headers: Record<string, string> = {}) =>
  fetch(`${app().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: query });
// a gzipped body is left to the Express stack (http/graphql-http.ts)
const expressPost = (headers: Record<string, string> = {}) =>
  fetch(`${app().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...headers },
    body: gzipSync(query),
  });

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get('content-security-policy') ?? '';
  const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
  expect(directives.get('script-src'), what).toEqual(["'self'"]);
  expect(directives.get('object-src'), what).toEqual(["'none'"]);
  expect(directives.get('base-uri'), what).toEqual(["'self'"]);
  expect(directives.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(directives.get('form-action'), what).toEqual(["'self'"]);
  expect(directives.get('style-src'), what).toEqual(["'self'"]);
  expect(directives.get('img-src'), what).toEqual(["'self'", 'data:', 'https:']);
  const host = new URL(app().url).host;
  expect(directives.get('connect-src'), what).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
  expect(csp, what).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  expect(res.headers.get('x-frame-options'), what).toBe('DENY');
  // plain HTTP without a trusted proxy: no HSTS (browsers ignore it there, and a dev box must not get pinned)
  expect(res.headers.get('strict-transport-security'), what).toBeNull();
}

describe('security headers', () => {
  it('are on the web app, its assets and the API (both HTTP paths)', async () => {
    const shell = await fetch(`${app().url}/`);
    expect(await shell.text()).toContain('/assets/app.js');
    expectSecurityHeaders(shell, 'GET /');
    expectSecurityHeaders(await fetch(`${app().url}/articles/some-article`), 'GET /articles/…');
    const asset = await fetch(`${app().url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset, 'GET /assets/app.js');
    const fast = await fastPost();
    expect(await fast.json()).toEqual({ data: { __typename: 'Query' } });
    expectSecurityHeaders(fast, 'POST /graphql (fast path)');
    const viaExpress = await expressPost();
    expect(await viaExpress.json()).toEqual({ data: { __typename: 'Query' } });
    expectSecurityHeaders(viaExpress, 'POST /graphql (Express)');
    expectSecurityHeaders(await fetch(`${app().url}/graphql?query=%7B__typename%7D`), 'GET /graphql');
    expectSecurityHeaders(await fetch(`${app().url}/healthz`), 'GET /healthz');
    expectSecurityHeaders(await fetch(`${app().url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }), '400');
  });

  it('name no host in connect-src when the Host header is not a plain host name', async () => {
    const res = await fetch(`${app().url}/healthz`, { headers: { host: "evil.example; script-src 'unsafe-inline'" } }).catch(() => null);
    // undici may refuse to send such a header; when it does send it, the policy must not carry it
    if (res) expect(res.headers.get('content-security-policy')).not.toMatch(/evil|script-src[^;]*unsafe-inline/);
  });

  it('give the GraphiQL page its own policy: our scripts only, inline styles for its UI', async () => {
    const page = await fetch(`${app().url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('send Strict-Transport-Security only behind TLS: X-Forwarded-Proto=https counts only with TRUST_PROXY', async () => {
    expect((await fastPost({ 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull();
    const proxied = await startTestApp({ trustProxy: true, webDist });
    try {
      for (const post of [
        () => fetch(`${proxied.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: query }),
        () => fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'https, http' } }),
      ]) {
        expect((await post()).headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
      }
      const plain = await fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'http' } });
      expect(plain.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await proxied.close();
    }
  });
});

describe('x-request-id', () => {
  it('keeps a short safe client token and replaces anything else, on both paths', async () => {
    for (const send of [fastPost, expressPost]) {
      expect((await send({ 'x-request-id': 'req-42.abc_DEF' })).headers.get('x-request-id')).toBe('req-42.abc_DEF');
      // too long, spaces, JSON/log-line pieces, a fake second log field, a slash
      for (const bad of ['a'.repeat(65), 'id with spaces', 'x"}{"level":60', 'a\tb', 'a/b']) {
        const id = (await send({ 'x-request-id': bad })).headers.get('x-request-id') ?? '';
        expect(id, bad).not.toBe(bad);
        expect(id, bad).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect((await send()).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('x-sql-statements', () => {
  it('is on outside production, off in production unless EXPOSE_SQL_COUNT=true', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).exposeSqlCount).toBe(false);
    expect(loadConfig({}).exposeSqlCount).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', EXPOSE_SQL_COUNT: 'true' }).exposeSqlCount).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).exposeSqlCount).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', EXPOSE_SQL_COUNT: 'false' }).exposeSqlCount).toBe(false);
  });

  it('is not sent by an app configured like production', async () => {
    expect((await fastPost()).headers.get('x-sql-statements')).toMatch(/^\d+$/); // this (test) app: on
    const prod = await startTestApp({ webDist, exposeSqlCount: false }); // what loadConfig gives NODE_ENV=production
    try {
      const res = await fetch(`${prod.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
      expect(res.headers.get('x-sql-statements')).toBeNull();
    } finally {
      await prod.close();
    }
  });
});
