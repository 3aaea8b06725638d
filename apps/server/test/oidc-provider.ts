import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person at the test provider: `login` is what they type on its sign-in page. */
export interface ProviderAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
  groups?: string[];
}

export interface TestOidcProvider {
  /** The issuer URL (http://127.0.0.1:<port>), for OIDC_ISSUER. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login; tests may add or change them between sign-ins. */
  accounts: Map<string, ProviderAccount>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (panva's oidc-provider, the certified implementation) on a free
 * loopback port, with one confidential client that must use PKCE (S256), an in-memory account
 * store and its development sign-in pages (any password; the login names the account). Every
 * grant is given at once (a first-party app: no consent page). The client's redirect URI is read
 * on the first request, so the app under test may start after the provider, knowing its issuer.
 */
export async function startOidcProvider(opts: {
  accounts: Record<string, ProviderAccount>;
  redirectUris: () => string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestOidcProvider> {
  const clientId = opts.clientId ?? 'atrium-test';
  const clientSecret = opts.clientSecret ?? 'atrium-test-secret-0123456789abcdef';
  const accounts = new Map(Object.entries(opts.accounts));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  let callback: ReturnType<Provider['callback']> | null = null;
  const handler = () => {
    if (callback) return callback;
    const configuration: Configuration = {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: opts.redirectUris(),
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      pkce: { methods: ['S256'], required: () => true },
      jwks: { keys: [{ ...signingKey, kid: 'test-key', use: 'sig', alg: 'RS256' } as never] },
      cookies: { keys: ['test-provider-cookie-key'] },
      scopes: ['openid', 'email', 'profile', 'groups'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'], groups: ['groups'] },
      features: { devInteractions: { enabled: true } },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      async findAccount(_ctx, id) {
        const account = accounts.get(id);
        if (!account) return undefined;
        return { accountId: id, claims: async () => ({ ...account }) };
      },
      // a first-party app: the person is not asked to consent
      async loadExistingGrant(ctx) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid email profile groups');
        await grant.save();
        return grant;
      },
    };
    const provider = new Provider(issuer, configuration);
    callback = provider.callback();
    return callback;
  };
  server.on('request', (req, res) => handler()(req, res));

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
