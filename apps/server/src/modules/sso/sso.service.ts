import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Config, OidcConfig } from '../../config.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import { inTransaction, sqlState } from '../../lib/tx.js';
import type { AuthResult, AuthService, SignInClient } from '../auth/auth.service.js';
import { UserEntity, type Role } from '../user/user.entity.js';
import { OidcClient, type OidcChecks } from './oidc-client.js';
import { OIDC_CALLBACK_PATH } from './sso.paths.js';
import { emailIsVerified, emailOf, roleFromClaims, type OidcClaims } from './sso.policy.js';

/** How long a sign-in may stay at the provider before its state is forgotten. */
export const SIGN_IN_TTL_SECONDS = 10 * 60;

export type SsoErrorReason =
  | 'ACCESS_DENIED'
  | 'INVALID_STATE'
  | 'INVALID_RESPONSE'
  | 'EMAIL_NOT_VERIFIED'
  | 'ACCOUNT_BANNED'
  | 'PROVIDER_UNAVAILABLE'
  | 'RATE_LIMITED';

/** A sign-in refused: the browser is sent to a page that names the reason; no session. */
export class SsoError extends Error {
  constructor(
    readonly reason: SsoErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const HANDLE = /^[a-z0-9_-]{3,30}$/;
const DISPLAY_NAME_MAX = 80;

/** A handle from what the provider calls the person: lowercase letters, digits, _ and -, 3..30 characters. */
export function handleBase(claims: OidcClaims): string {
  const email = emailOf(claims);
  for (const source of [claims.preferred_username, claims.nickname, email?.split('@')[0], claims.name]) {
    if (typeof source !== 'string') continue;
    const handle = source
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // accents off: "Zoë" → "zoe"
      .toLowerCase()
      .replace(/@.*$/, '') // "ada@corp" as a username
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[-_]+|[-_]+$/g, '')
      .slice(0, 24) // room for a "-NNNNN" suffix
      .replace(/[-_]+$/, '');
    if (handle.length >= 3) return handle;
  }
  return 'user';
}

function displayNameOf(claims: OidcClaims, handle: string): string {
  const name = typeof claims.name === 'string' ? claims.name.replace(/\p{Cc}+/gu, ' ').trim() : '';
  return name ? [...name].slice(0, DISPLAY_NAME_MAX).join('').trim() : handle;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

type Tx = EntityManager;

/**
 * Sign-in through the OpenID provider (OIDC_*). Writes `oidc_sign_ins` (a sign-in in
 * progress, used once) and `user_identities` (which account a provider's subject is); the
 * account and its session are made the way AuthService makes them, in one transaction.
 */
export class SsoService {
  readonly client: OidcClient;

  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    /** Read per request: publicUrl is settled once the server listens (PORT=0 in tests). */
    private readonly config: Pick<Config, 'publicUrl'>,
    private readonly oidc: OidcConfig,
  ) {
    this.client = new OidcClient(oidc, () => this.redirectUri());
  }

  /** `${PUBLIC_URL}/auth/oidc/callback`: register it at the provider. */
  redirectUri(): string {
    return `${this.config.publicUrl}${OIDC_CALLBACK_PATH}`;
  }

  get label(): string {
    return this.oidc.buttonLabel;
  }

  /**
   * Starts a sign-in: its state, nonce and PKCE verifier stay on the server under the hash of
   * a random key that only this browser gets (the flow cookie), for 10 minutes. Answers that
   * key and the provider's authorization URL.
   */
  async start(redirectPath: string): Promise<{ browserKey: string; url: URL }> {
    const checks = OidcClient.newChecks();
    const url = await this.client.authorizationUrl(checks);
    const browserKey = randomBytes(32).toString('base64url');
    // forgotten sign-ins go as new ones start: the table holds about 10 minutes of them
    await this.db.query(`delete from oidc_sign_ins where expires_at < now()`);
    await this.db.query(
      `insert into oidc_sign_ins (id, state, nonce, code_verifier, redirect_path, expires_at)
       values ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [sha256(browserKey), checks.state, checks.nonce, checks.codeVerifier, redirectPath, SIGN_IN_TTL_SECONDS],
    );
    return { browserKey, url };
  }

  /**
   * Finishes the sign-in the browser came back with. The sign-in in progress is taken (and
   * deleted) first, so a callback replayed, forged or sent from another browser finds none;
   * then openid-client checks the state, exchanges the code with the verifier and validates the
   * ID token (signature, issuer, audience, nonce, expiry). The account: the one linked to the
   * subject; else the one with the provider's address when the provider verified it; else a new one.
   */
  async finish(browserKey: string | null, search: string, client: SignInClient): Promise<AuthResult & { redirectPath: string }> {
    const checks = browserKey ? await this.take(browserKey) : null;
    if (!checks) {
      if (new URLSearchParams(search).get('error') === 'access_denied') throw new SsoError('ACCESS_DENIED', 'The sign-in was cancelled at the provider.');
      throw new SsoError('INVALID_STATE', 'This sign-in is unknown, expired, already used or was started in another browser.');
    }
    const params = new URLSearchParams(search);
    if (!params.get('error') && params.get('state') !== checks.state) {
      // openid-client checks it too; this names the reason for the page
      throw new SsoError('INVALID_STATE', 'The state sent back is not the one this sign-in started with.');
    }
    let claims: OidcClaims;
    try {
      claims = await this.client.finish(search, checks);
    } catch (err) {
      const reason = (err as { reason?: SsoErrorReason }).reason ?? 'INVALID_RESPONSE';
      throw new SsoError(reason, (err as Error).message, { cause: err });
    }
    const result = await this.signInWithClaims(claims, client);
    return { ...result, redirectPath: checks.redirectPath };
  }

  private async take(browserKey: string): Promise<(OidcChecks & { redirectPath: string }) | null> {
    const [row] = await returningRows<OidcChecks & { redirectPath: string }>(
      this.db,
      `delete from oidc_sign_ins where id = $1 and expires_at > now()
       returning state, nonce, code_verifier as "codeVerifier", redirect_path as "redirectPath"`,
      [sha256(browserKey)],
    );
    return row ?? null;
  }

  /** The account for these (validated) claims, signed in; one transaction, retried once on a race. */
  async signInWithClaims(claims: OidcClaims, client: SignInClient): Promise<AuthResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, revoked } = await inTransaction(this.db, (tx) => this.signInTx(tx, claims, client));
        return result;
      } catch (err) {
        // two first sign-ins of one person at once: the second finds the first's account
        if (sqlState(err) === '23505' && attempt < 2) continue;
        throw err;
      }
    }
  }

  private async signInTx(tx: Tx, claims: OidcClaims, client: SignInClient): Promise<{ result: AuthResult; revoked: string[] }> {
    const issuer = this.oidc.issuer;
    const email = emailOf(claims);
    const verified = email !== null && emailIsVerified(claims);
    const role = roleFromClaims(claims, this.oidc);
    let revoked: string[] = [];

    let [user] = await this.usersWhere(tx, `u.id = (select user_id from user_identities where issuer = $1 and subject = $2)`, [issuer, claims.sub]);
    if (!user && email) {
      const [owner] = await this.usersWhere(tx, `lower(u.email) = lower($1)`, [email]);
      if (owner && !verified) {
        throw new SsoError('EMAIL_NOT_VERIFIED', 'An account has this address, and the provider has not verified that it is yours.');
      }
      if (owner) {
        if (!owner.emailVerifiedAt) {
          // nobody proved the address here: whoever chose this account's password may not own it
          // (a pre-registered account), so the provider's verified owner takes it alone
          await tx.query(`update users set email_verified_at = now(), password_hash = null, updated_at = now() where id = $1`, [owner.id]);
          revoked = await this.auth.revokeAll(tx, owner.id);
          await this.auth.credentialsRevoked(tx, owner.id, revoked, null);
        }
        user = owner;
      }
    }
    if (!user) user = await this.createUser(tx, claims, email, verified, role);
    if (user.status === 'BANNED') throw new SsoError('ACCOUNT_BANNED', 'This account is banned.');
    await tx.query(
      `insert into user_identities (issuer, subject, user_id, email) values ($1, $2, $3, $4)
       on conflict (issuer, subject) do update set last_signed_in_at = now()`,
      [issuer, claims.sub, user.id, email],
    );
    // the provider manages roles when OIDC_ROLE_CLAIM is set: every sign-in sets the mapped one
    if (role && role !== user.role) {
      await tx.query(`update users set role = $2, updated_at = now() where id = $1`, [user.id, role]);
      user = { ...user, role };
    }
    return { result: await this.auth.startSession(tx, user, client), revoked };
  }

  private async usersWhere(tx: Tx, where: string, params: unknown[]): Promise<UserEntity[]> {
    return tx.query(`select ${selectColumns(this.db, UserEntity, 'u')} from users u where ${where} limit 1`, params);
  }

  private async createUser(tx: Tx, claims: OidcClaims, email: string | null, verified: boolean, role: Role | null): Promise<UserEntity> {
    const base = handleBase(claims);
    const taken = new Set<string>(
      (await tx.query(`select handle from users where handle = $1 or handle like $2`, [base, `${base}-%`])).map((r: { handle: string }) => r.handle),
    );
    let handle = base.length >= 3 && !taken.has(base) ? base : '';
    for (let n = 2; !handle && n < 1000; n++) if (!taken.has(`${base}-${n}`)) handle = `${base}-${n}`;
    if (!HANDLE.test(handle)) handle = `${base.slice(0, 20)}-${randomBytes(4).toString('hex')}`;
    const [user]: UserEntity[] = await tx.query(
      `insert into users (handle, display_name, email, email_verified_at, password_hash, role)
       values ($1, $2, $3, case when $4 then now() end, null, $5)
       returning ${selectColumns(this.db, UserEntity, 'users')}`,
      [handle, displayNameOf(claims, handle), email, verified, role ?? 'MEMBER'],
    );
    return user;
  }
}
