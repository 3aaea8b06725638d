import { SignInDocument, SignInOptionsDocument, ViewerDocument } from '@atrium/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { SsoService } from './sso.service.js';
import { startOidcProvider, type ProviderAccount, type TestOidcProvider } from '../../../test/oidc-provider.js';

/** A browser as far as cookies and redirects go: one cookie jar per host, redirects followed by hand. */
class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(url: string, name: string): string | undefined {
    return this.jars.get(new URL(url).host)?.get(name);
  }

  setCookie(url: string, name: string, value: string) {
    const host = new URL(url).host;
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    this.jars.get(host)!.set(name, value);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const jar = this.jars.get(new URL(url).host);
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(jar?.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const name = pair.slice(0, pair.indexOf('=')).trim();
      const value = pair.slice(pair.indexOf('=') + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=.*1970/i.test(a)) || /max-age=0\b/i.test(line) || value === '';
      if (expired) this.jars.get(new URL(url).host)?.delete(name);
      else this.setCookie(url, name, value);
    }
    return res;
  }

  /** Follows redirects while they stay on `host`; answers the first response that leaves it or is not a redirect. */
  async follow(url: string, leaveAt: string): Promise<{ url: string; res: Response }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      const res = await this.request(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      current = new URL(location, current).href;
      if (current.startsWith(leaveAt)) return { url: current, res };
    }
    throw new Error('too many redirects');
  }
}

const ACCOUNTS: Record<string, ProviderAccount> = {
  ada: { sub: 'sub-ada', email: 'ada@corp.example', email_verified: true, name: 'Ada Lovelace', preferred_username: 'ada.lovelace', groups: ['atrium-admins', 'everyone'] },
  sam: { sub: 'sub-sam', email: 'sam@corp.example', email_verified: true, name: 'Sam Support', preferred_username: 'sam', groups: ['support'] },
  zoe: { sub: 'sub-zoe', email: 'zoe@corp.example', email_verified: false, name: 'Zoë', preferred_username: 'Zoë', groups: [] },
};

let provider: TestOidcProvider;
let appUrl = '';
beforeAll(async () => {
  provider = await startOidcProvider({ accounts: ACCOUNTS, redirectUris: () => [`${appUrl}/auth/oidc/callback`] });
});
const app = useTestApp(() => ({
  oidc: {
    issuer: provider.issuer,
    clientId: provider.clientId,
    clientSecret: provider.clientSecret,
    scopes: 'openid email profile groups',
    roleClaim: 'groups',
    roleMap: [
      { value: 'atrium-admins', role: 'ADMIN' },
      { value: 'support', role: 'AGENT' },
      { value: 'mods', role: 'MODERATOR' },
    ],
    buttonLabel: 'Acme ID',
  },
  ssoOnlyForStaff: true,
}));
beforeAll(() => {
  appUrl = app().url;
});
afterAll(async () => {
  await provider?.close();
});

interface FlowResult {
  /** Where the app sent the browser at the end (a path of the app). */
  location: string;
  status: number;
  callbackUrl: string;
  browser: Browser;
}

/**
 * The whole flow over real HTTP: /auth/oidc/start → the provider's authorization endpoint →
 * its sign-in page (posted like a person would) → back to /auth/oidc/callback. `tamper` may
 * change the callback URL (or the stored sign-in) before the browser goes there.
 */
async function signInThroughProvider(
  login: string,
  opts: { redirect?: string; browser?: Browser; tamper?: (callbackUrl: URL, browser: Browser) => Promise<void> | void; cancel?: boolean } = {},
): Promise<FlowResult> {
  const browser = opts.browser ?? new Browser();
  const start = await browser.request(`${appUrl}/auth/oidc/start?redirect=${encodeURIComponent(opts.redirect ?? '/articles/welcome?x=1#top')}`);
  expect(start.status).toBe(303);
  const authorizeUrl = new URL(start.headers.get('location')!);
  expect(authorizeUrl.origin).toBe(provider.issuer);
  expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(browser.cookie(appUrl, 'atrium_oidc')).toBeTruthy();

  // the provider's sign-in page
  const toLogin = await browser.follow(authorizeUrl.href, appUrl);
  expect(toLogin.res.status).toBe(200);
  const html = await toLogin.res.text();
  let next: string;
  if (opts.cancel) {
    next = new URL(/href="([^"]*abort[^"]*)"/.exec(html)![1], toLogin.url).href;
  } else {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1];
    const posted = await browser.request(new URL(action, toLogin.url).href, { method: 'POST', form: { prompt: 'login', login, password: 'anything' } });
    expect(posted.status).toBe(303);
    next = new URL(posted.headers.get('location')!, toLogin.url).href;
  }
  const back = await browser.follow(next, appUrl);
  expect(back.url.startsWith(`${appUrl}/auth/oidc/callback`), `ended at ${back.url}`).toBe(true);
  const callbackUrl = new URL(back.url);
  await opts.tamper?.(callbackUrl, browser);
  const res = await browser.request(callbackUrl.href);
  return { location: res.headers.get('location') ?? '', status: res.status, callbackUrl: callbackUrl.href, browser };
}

/** The viewer seen with the browser's session cookie (a JSON POST passes the CSRF rule). */
async function viewerOf(browser: Browser) {
  const session = browser.cookie(appUrl, 'atrium_session');
  if (!session) return null;
  const res = await fetch(`${appUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `atrium_session=${session}` },
    body: JSON.stringify({ query: '{ viewer { id handle displayName role email } }' }),
  });
  return ((await res.json()) as { data: { viewer: { id: string; handle: string; displayName: string; role: string; email: string } | null } }).data.viewer;
}

function refusal(result: FlowResult): { reason: string | null; requestId: string | null } {
  expect(result.status).toBe(303);
  const url = new URL(result.location, appUrl);
  expect(url.pathname).toBe('/signin/sso-error');
  return { reason: url.searchParams.get('reason'), requestId: url.searchParams.get('requestId') };
}

const count = async (table: string) => Number((await sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0].n);

describe('Query.signInOptions', () => {
  it('names the provider and its start path, and that staff must use it', async () => {
    const data = (await gql(SignInOptionsDocument)).expectData();
    expect(data.signInOptions).toEqual({ oidc: { label: 'Acme ID', startUrl: '/auth/oidc/start' }, staffMustUseOidc: true });
  });
});

describe('GET /auth/oidc/start → provider → /auth/oidc/callback', () => {
  it('creates a new account with the mapped role and a working session, and returns to the same-origin path', async () => {
    const users = await count('users');
    const result = await signInThroughProvider('ada');
    expect(result.status).toBe(303);
    expect(result.location).toBe('/articles/welcome?x=1#top');
    expect(await count('users')).toBe(users + 1);
    const viewer = await viewerOf(result.browser);
    expect(viewer).toMatchObject({ handle: 'ada-lovelace', displayName: 'Ada Lovelace', role: 'ADMIN', email: 'ada@corp.example' });
    const [row] = await sql<{ verified: boolean; has_password: boolean }>(
      `select email_verified_at is not null as verified, password_hash is not null as has_password from users where id = (select user_id from user_identities where subject = 'sub-ada')`,
    );
    expect(row).toEqual({ verified: true, has_password: false });
    expect(result.browser.cookie(appUrl, 'atrium_oidc')).toBeUndefined(); // the flow cookie is cleared
  });

  it('signs the same person into the same account and re-applies the role mapping every time', async () => {
    const [{ user_id: id }] = await sql<{ user_id: string }>(`select user_id from user_identities where subject = 'sub-ada'`);
    provider.accounts.set('ada', { ...ACCOUNTS.ada, groups: ['support'] }); // moved to the support group at the provider
    try {
      const result = await signInThroughProvider('ada');
      const viewer = await viewerOf(result.browser);
      expect(viewer).toMatchObject({ id: expect.any(String), handle: 'ada-lovelace', role: 'AGENT' });
      expect((await sql<{ role: string }>(`select role from users where id = $1`, [id]))[0].role).toBe('AGENT');
      // an admin's manual promotion lasts until the person's next sign-in through the provider
      await sql(`update users set role = 'ADMIN' where id = $1`, [id]);
      await signInThroughProvider('ada');
      expect((await sql<{ role: string }>(`select role from users where id = $1`, [id]))[0].role).toBe('AGENT');
      expect(await sql(`select 1 from user_identities where user_id = $1`, [id])).toHaveLength(1);
    } finally {
      provider.accounts.set('ada', ACCOUNTS.ada);
    }
  });

  it('links an existing account by the address the provider verified', async () => {
    const existing = await buildUser({ role: 'MEMBER' });
    provider.accounts.set('linker', { sub: 'sub-linker', email: existing.email.toUpperCase(), email_verified: true, name: 'Linked', groups: ['mods'] });
    const users = await count('users');
    const result = await signInThroughProvider('linker');
    const viewer = await viewerOf(result.browser);
    expect(viewer).toMatchObject({ handle: existing.handle, role: 'MODERATOR' });
    expect(await count('users')).toBe(users);
    expect(await sql(`select 1 from user_identities where subject = 'sub-linker' and user_id = $1`, [existing.id])).toHaveLength(1);
    // a password account that proved its address keeps its password and its other sessions
    (await gql(ViewerDocument, {}, { token: existing.token })).expectData();
  });

  it('takes over an account whose address nobody proved here: its password and other sessions end', async () => {
    const squatted = await buildUser({ emailVerified: false });
    provider.accounts.set('owner', { sub: 'sub-owner', email: squatted.email, email_verified: true, groups: [] });
    const result = await signInThroughProvider('owner');
    expect((await viewerOf(result.browser))?.handle).toBe(squatted.handle);
    const [row] = await sql<{ verified: boolean; has_password: boolean }>(
      `select email_verified_at is not null as verified, password_hash is not null as has_password from users where id = $1`, [squatted.id]);
    expect(row).toEqual({ verified: true, has_password: false });
    expect((await gql(ViewerDocument, {}, { token: squatted.token })).status).toBe(401);
  });

  it('does NOT link by an address the provider has not verified: an error page, no session, nothing written', async () => {
    const existing = await buildUser();
    provider.accounts.set('unverified', { sub: 'sub-unverified', email: existing.email, email_verified: false, groups: ['atrium-admins'] });
    const [users, identities, sessions] = [await count('users'), await count('user_identities'), await count('sessions')];
    const result = await signInThroughProvider('unverified');
    expect(refusal(result).reason).toBe('EMAIL_NOT_VERIFIED');
    expect(refusal(result).requestId).toMatch(/\S/);
    expect(result.browser.cookie(appUrl, 'atrium_session')).toBeUndefined();
    expect([await count('users'), await count('user_identities'), await count('sessions')]).toEqual([users, identities, sessions]);
    expect((await sql<{ role: string }>(`select role from users where id = $1`, [existing.id]))[0].role).toBe('MEMBER');
  });

  it('creates an account for an unverified address nobody has, keeping it unverified', async () => {
    const result = await signInThroughProvider('zoe');
    expect(await viewerOf(result.browser)).toMatchObject({ handle: 'zoe', displayName: 'Zoë', role: 'MEMBER' });
    const [row] = await sql<{ verified: boolean }>(`select email_verified_at is not null as verified from users where handle = 'zoe'`);
    expect(row.verified).toBe(false);
  });

  it('gives a new person a free handle when theirs is taken', async () => {
    await buildUser({ handle: 'sam' });
    const result = await signInThroughProvider('sam');
    expect(await viewerOf(result.browser)).toMatchObject({ handle: 'sam-2', role: 'AGENT' });
  });

  it('refuses a tampered state, and the sign-in it belonged to is used up', async () => {
    const sessions = await count('sessions');
    let original = '';
    const result = await signInThroughProvider('ada', {
      tamper: (url) => {
        original = url.href;
        url.searchParams.set('state', `${url.searchParams.get('state')}x`);
      },
    });
    expect(refusal(result).reason).toBe('INVALID_STATE');
    expect(result.browser.cookie(appUrl, 'atrium_session')).toBeUndefined();
    const again = await result.browser.request(original);
    expect(new URL(again.headers.get('location')!, appUrl).searchParams.get('reason')).toBe('INVALID_STATE');
    expect(await count('sessions')).toBe(sessions);
  });

  it('refuses a replayed callback, even with the flow cookie put back', async () => {
    let flowKey = '';
    const result = await signInThroughProvider('sam', {
      tamper: (_url, browser) => {
        flowKey = browser.cookie(appUrl, 'atrium_oidc')!;
      },
    });
    expect(result.location).toBe('/articles/welcome?x=1#top');
    const sessions = await count('sessions');
    const attacker = new Browser();
    attacker.setCookie(appUrl, 'atrium_oidc', flowKey);
    const replay = await attacker.request(result.callbackUrl);
    expect(new URL(replay.headers.get('location')!, appUrl).searchParams.get('reason')).toBe('INVALID_STATE');
    expect(attacker.cookie(appUrl, 'atrium_session')).toBeUndefined();
    expect(await count('sessions')).toBe(sessions);
  });

  it('refuses a callback in a browser that did not start the sign-in (no flow cookie)', async () => {
    const result = await signInThroughProvider('sam', {
      tamper: (_url, browser) => {
        browser.setCookie(appUrl, 'atrium_oidc', 'someone-elses');
      },
    });
    expect(refusal(result).reason).toBe('INVALID_STATE');
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const sessions = await count('sessions');
    const result = await signInThroughProvider('sam', {
      tamper: async () => {
        await sql(`update oidc_sign_ins set nonce = 'not-the-nonce-that-was-sent'`);
      },
    });
    expect(refusal(result).reason).toBe('INVALID_RESPONSE');
    expect(result.browser.cookie(appUrl, 'atrium_session')).toBeUndefined();
    expect(await count('sessions')).toBe(sessions);
  });

  it('shows the error page when the person cancels at the provider', async () => {
    const result = await signInThroughProvider('sam', { cancel: true });
    expect(refusal(result).reason).toBe('ACCESS_DENIED');
  });

  it('refuses a banned account', async () => {
    const banned = await buildUser({ status: 'BANNED' });
    provider.accounts.set('banned', { sub: 'sub-banned', email: banned.email, email_verified: true });
    const result = await signInThroughProvider('banned');
    expect(refusal(result).reason).toBe('ACCOUNT_BANNED');
    expect(await sql(`select 1 from user_identities where subject = 'sub-banned'`)).toHaveLength(0);
  });

  it('never redirects to another origin', async () => {
    for (const redirect of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      expect((await signInThroughProvider('sam', { redirect })).location).toBe('/');
    }
  });
});

describe('a provider that cannot be reached', () => {
  it('is PROVIDER_UNAVAILABLE, and discovery is tried again on the next sign-in', async () => {
    const { services } = app();
    const unreachable = new SsoService(app().database.ds, services.auth, { publicUrl: appUrl }, { ...app().config.oidc!, issuer: 'http://127.0.0.1:9' });
    for (let i = 0; i < 2; i++) await expect(unreachable.start('/')).rejects.toMatchObject({ reason: 'PROVIDER_UNAVAILABLE' });
  });
});

describe('SSO_ONLY_FOR_STAFF', () => {
  it('refuses a staff password sign-in with SSO_REQUIRED and lets members in', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const error = (await gql(SignInDocument, { input: { login: agent.handle, password: TEST_PASSWORD } })).expectErrorCode('FORBIDDEN');
    expect(error.extensions).toMatchObject({ reason: 'SSO_REQUIRED', signInUrl: '/auth/oidc/start' });
    // a wrong password is the same answer as for anyone: nothing said about the account
    (await gql(SignInDocument, { input: { login: agent.handle, password: 'wrong password' } })).expectErrorCode('UNAUTHENTICATED');
    const member = await buildUser();
    (await gql(SignInDocument, { input: { login: member.handle, password: TEST_PASSWORD } })).expectData();
  });
});

describe('OIDC settings', () => {
  const base = { OIDC_ISSUER: 'https://id.example.com', OIDC_CLIENT_ID: 'atrium', OIDC_CLIENT_SECRET: 'secret' };
  it('reads the issuer, client, scopes, role claim and mapping', () => {
    const config = loadConfig({ ...base, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'atrium-admins:ADMIN, urn:corp:support:agent, mods:MODERATOR', OIDC_BUTTON_LABEL: 'Acme ID', SSO_ONLY_FOR_STAFF: 'true' });
    expect(config.oidc).toMatchObject({ issuer: 'https://id.example.com', clientId: 'atrium', scopes: 'openid email profile', roleClaim: 'groups', buttonLabel: 'Acme ID' });
    expect(config.oidc?.roleMap).toEqual([
      { value: 'atrium-admins', role: 'ADMIN' },
      { value: 'urn:corp:support', role: 'AGENT' },
      { value: 'mods', role: 'MODERATOR' },
    ]);
    expect(config.ssoOnlyForStaff).toBe(true);
    expect(loadConfig({}).oidc).toBeNull();
  });

  it.each([
    [{ ...base, OIDC_CLIENT_SECRET: undefined }, 'OIDC_CLIENT_SECRET'],
    [{ ...base, OIDC_ISSUER: 'http://id.example.com' }, 'OIDC_ISSUER'],
    [{ ...base, OIDC_ROLE_CLAIM: 'groups', OIDC_ROLE_MAP: 'admins:ROOT' }, 'OIDC_ROLE_MAP'],
    [{ ...base, OIDC_ROLE_MAP: 'admins:ADMIN' }, 'OIDC_ROLE_MAP'],
    [{ ...base, OIDC_SCOPES: 'email profile' }, 'OIDC_SCOPES'],
    [{ SSO_ONLY_FOR_STAFF: 'true' }, 'SSO_ONLY_FOR_STAFF'],
    [{ OIDC_CLIENT_ID: 'x' }, 'OIDC_CLIENT_ID'],
  ])('refuses %o naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it('accepts an http issuer on a loopback host (local providers, tests)', () => {
    expect(loadConfig({ ...base, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.issuer).toBe('http://127.0.0.1:9000');
  });
});
