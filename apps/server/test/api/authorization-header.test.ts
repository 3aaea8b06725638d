import { describe, expect, it } from 'vitest';
import { buildUser } from '../factories.js';
import { app, useTestApp } from '../harness.js';
import { connect } from '../ws/ws-client.js';

/**
 * Issue #17: an Authorization header that is not `Bearer <token>` is refused like a wrong
 * token (401 UNAUTHENTICATED), over HTTP and in graphql-ws' connection_init, instead of
 * silently reading as an anonymous request.
 */

useTestApp();

async function viewerWith(authorization: string | undefined) {
  const res = await fetch(`${app().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify({ query: '{ viewer { handle } }' }),
  });
  return { status: res.status, body: (await res.json()) as { data?: { viewer: { handle: string } | null } | null; errors?: Array<{ message: string; extensions: { code: string } }> } };
}

const malformed = (token: string) =>
  [
    ['a second word after the token', `Bearer ${token} x`],
    ['Basic credentials', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['Bearer without a token', 'Bearer'],
    ['Bearer and blanks', 'Bearer   '],
    ['a bare token', token],
    ['two tokens', `Bearer ${token}, Bearer ${token}`],
  ] as const;

describe('Authorization header over HTTP', () => {
  it('Bearer <token> signs in; none, or an empty one, is anonymous', async () => {
    const u = await buildUser();
    expect((await viewerWith(`Bearer ${u.token}`)).body.data?.viewer?.handle).toBe(u.handle);
    expect((await viewerWith(`bearer  ${u.token} `)).body.data?.viewer?.handle).toBe(u.handle);
    expect((await viewerWith(undefined)).body).toEqual({ data: { viewer: null } });
    expect((await viewerWith('')).body).toEqual({ data: { viewer: null } });
  });

  it('anything else is 401 UNAUTHENTICATED, like an invalid token', async () => {
    const u = await buildUser();
    for (const [what, header] of malformed(u.token)) {
      const a = await viewerWith(header);
      expect(a.status, what).toBe(401);
      expect(a.body.data ?? null, what).toBeNull();
      expect(a.body.errors?.[0]?.extensions.code, what).toBe('UNAUTHENTICATED');
      expect(a.body.errors?.[0]?.message, what).toMatch(/Bearer <token>/);
    }
  });
});

describe('authorization in connection_init (graphql-ws)', () => {
  it('anything but Bearer <token> closes the socket with 4403, like an invalid token', async () => {
    const u = await buildUser();
    const cases: Array<readonly [string, unknown]> = [...malformed(u.token), ['not a string', 42], ['an object', { token: u.token }]];
    for (const [what, authorization] of cases) {
      const ws = connect({ connectionParams: { authorization } });
      const closed = await ws.closed;
      expect(closed.code, what).toBe(4403);
      expect(closed.reason, what).toMatch(/Bearer <token>/);
      await ws.dispose();
    }
  });

  it('Bearer <token> signs in; an empty authorization is anonymous', async () => {
    const u = await buildUser();
    // the moderation queue tells a member (FORBIDDEN) from an anonymous reader (UNAUTHENTICATED)
    for (const [authorization, code] of [[`Bearer ${u.token}`, 'FORBIDDEN'], ['', 'UNAUTHENTICATED']] as const) {
      const ws = connect({ connectionParams: { authorization } });
      const errors = await ws.subscribeText('subscription { moderationQueue { kind } }').errors();
      expect(errors[0]?.extensions?.code, authorization).toBe(code);
      await ws.dispose();
    }
  });
});
