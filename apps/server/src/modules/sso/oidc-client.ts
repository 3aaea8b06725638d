import * as client from 'openid-client';
import type { OidcConfig } from '../../config.js';
import type { OidcClaims } from './sso.policy.js';

/** What one sign-in in progress must remember to finish (state, nonce, PKCE verifier). */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why the provider's answer was refused; the page the browser lands on names it. */
export class OidcResponseError extends Error {
  constructor(
    readonly reason: 'ACCESS_DENIED' | 'INVALID_RESPONSE' | 'PROVIDER_UNAVAILABLE',
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

/**
 * The protocol, all of it done by openid-client (discovery, authorization URL with PKCE S256,
 * the code exchange, the ID token's signature, issuer, audience, nonce and expiry, userinfo):
 * this class only holds the discovered configuration and turns failures into reasons.
 */
export class OidcClient {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    private readonly settings: OidcConfig,
    /** Read per request: the public URL can be settled after start (PORT=0 in tests). */
    private readonly redirectUri: () => string,
  ) {}

  /** Discovered on first use and kept; a failed discovery is tried again on the next sign-in. */
  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, this.settings.clientSecret, undefined, {
        // http:// issuers pass config validation only on loopback hosts (local providers, tests)
        execute: new URL(this.settings.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.configuration = null;
        throw new OidcResponseError('PROVIDER_UNAVAILABLE', 'The sign-in provider could not be reached.', err);
      });
    return this.configuration;
  }

  static newChecks(): OidcChecks {
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: OidcChecks): Promise<URL> {
    const config = await this.config();
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: this.settings.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * Finishes the sign-in the browser came back with (`search`: the callback's query string):
   * the state must be this sign-in's, the code is exchanged with the PKCE verifier, the ID token
   * must carry this sign-in's nonce. Answers the ID token's claims completed by userinfo.
   */
  async finish(search: string, checks: OidcChecks): Promise<OidcClaims> {
    const config = await this.config();
    const currentUrl = new URL(this.redirectUri());
    currentUrl.search = search;
    const denied = currentUrl.searchParams.get('error');
    if (denied) {
      throw new OidcResponseError(denied === 'access_denied' ? 'ACCESS_DENIED' : 'INVALID_RESPONSE', `The provider answered ${denied}.`);
    }
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new OidcResponseError('INVALID_RESPONSE', `The provider's answer was refused: ${(err as Error).message}`, err);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcResponseError('INVALID_RESPONSE', 'The provider sent no ID token.');
    let claims: OidcClaims = { ...idClaims, sub: idClaims.sub };
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        // userinfo must describe the same subject (openid-client checks it)
        const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        claims = { ...claims, ...info, sub: idClaims.sub };
      } catch (err) {
        throw new OidcResponseError('INVALID_RESPONSE', `The provider's userinfo was refused: ${(err as Error).message}`, err);
      }
    }
    return claims;
  }
}
