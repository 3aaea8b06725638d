import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HeaderMap } from '@apollo/server';
import { describe, expect, it } from 'vitest';

/**
 * patches/ (applied by patch-package on every install) changes one function of Apollo Server,
 * which builds the request context our graphql-jit gateway receives: its `response.http.status`
 * accessors live on a class prototype instead of on an object literal built per request, which
 * kept every request's objects alive until the next full GC (~0.5 MB more promoted per scavenge
 * on `{ __typename }`). This holds the installed Apollo to the patch, in both of its builds.
 */
describe('the Apollo Server patch', () => {
  const apolloDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@apollo/server')), '..');

  it.each(['esm', 'cjs'])('is applied to the %s build and reads and writes the status through', async (build) => {
    const file = path.join(apolloDir, build, 'utils/makeGatewayGraphQLRequestContext.js');
    const mod = (await import(pathToFileURL(file).href)) as {
      makeGatewayGraphQLRequestContext?: (...a: unknown[]) => { response: { http: { status?: number; headers: { get(n: string): string | null; set(n: string, v: string): void } } } };
      default?: { makeGatewayGraphQLRequestContext: never };
    };
    const make = mod.makeGatewayGraphQLRequestContext ?? (mod.default as unknown as typeof mod).makeGatewayGraphQLRequestContext!;
    const target = { status: undefined as number | undefined, headers: new HeaderMap() };
    const request = { request: { query: '{ __typename }' }, response: { http: target } };
    const ctx = make(request, { logger: console, cache: null }, { includeStacktraceInErrorResponses: false });
    // the patched form: no per-object accessors
    expect(Object.getOwnPropertyDescriptor(ctx.response.http, 'status')).toBeUndefined();
    // the same behaviour as before: status and headers are the request's own
    ctx.response.http.status = 418;
    expect(target.status).toBe(418);
    target.status = 201;
    expect(ctx.response.http.status).toBe(201);
    ctx.response.http.headers.set('x-test', '1');
    expect(target.headers.get('x-test')).toBe('1');
  });
});
