import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';
import { readRows, type Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { constraintOf, inTransaction, sqlState } from '../../lib/tx.js';
import { effectiveStatus, hasRole, type Viewer } from '../../lib/viewer.js';
import { isApiTokenScope, normalizeScopes, SCOPE_MIN_ROLE, type ApiTokenScope } from '../../lib/scopes.js';
import { UserEntity, type Role, type UserStatus } from '../user/user.entity.js';
import { assertCanWrite, assertSignedIn } from '../user/user.policy.js';
import { assertAcceptablePassword } from './password.policy.js';
import { passwordSignInAllowed } from '../sso/sso.policy.js';
import { OIDC_START_PATH } from '../sso/sso.paths.js';
import { noEvents, type EventRecorder } from '../../events/event-log.js';
import { requestStorage } from '../../lib/request-context.js';
import { paginate, type ConnectionValue, type PageArgs } from '../../graphql/connection.js';
import { ApiTokenEntity, SessionEntity } from './auth.entity.js';
import type { EntityManager } from 'typeorm';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes). */
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const SESSION_PREFIX = 'ats_';
export const API_TOKEN_PREFIX = 'atp_';

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are 256 random bits, so a fast hash is enough to store them safely. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const SignUp = z.object({
  handle: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_-]{3,30}$/, 'handle must be 3..30 characters: letters, digits, _ and -'),
  displayName: z.string().trim().min(1, 'displayName is required').max(80, 'displayName is at most 80 characters'),
  email: z.string().trim().max(254).email('email is not a valid address'),
  password: z.string(), // the rules are the password policy's (assertAcceptablePassword)
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BadUserInputError(issue.message, { field: String(issue.path[0] ?? '') });
  }
  return r.data;
}

/** Where a sign-in comes from: kept with the session so its owner can recognise it. */
export interface SignInClient {
  userAgent?: string | null;
  ip?: string | null;
}

/** User agents are stored shortened: enough to name a browser, never a large header. */
const USER_AGENT_MAX = 500;
/** A session's last use is written at most this often (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export interface AuthResult {
  token: string;
  user: UserEntity;
  expiresAt: Date;
}

/** A dummy hash so that an unknown login costs as much time as a wrong password. */
let dummyHash: Promise<string> | null = null;

/** Checks a password against a stored hash; no hash (an imported account) costs the same and fails. */
export async function passwordMatches(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash) return verify(passwordHash, password).catch(() => false);
  await verify(await (dummyHash ??= hashPassword('not-a-real-password')), password).catch(() => false);
  return false;
}

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessionTtlDays: number,
    /** ssoOnlyForStaff: staff sign in through the OpenID provider only (SSO_ONLY_FOR_STAFF). */
    private readonly passwordRules: { ssoOnlyForStaff: boolean } = { ssoOnlyForStaff: false },
    /** user.signed_up and user.credentials_revoked are recorded here (the app passes services.events). */
    private readonly events: EventRecorder = noEvents,
  ) {}

  /**
   * A new account, signed in. An email address that belongs to another account is not
   * revealed: the account is created all the same, with the address kept as unconfirmed
   * (`users.unconfirmed_email`: shown to its owner as their email, never used to sign in),
   * and the answer is the same. A taken handle is refused (handles are public).
   */
  async signUp(input: { handle: string; displayName: string; email: string; password: string }, client: SignInClient = {}): Promise<AuthResult> {
    const data = parse(SignUp, input);
    await assertAcceptablePassword(data.password, data);
    const passwordHash = await hashPassword(data.password);
    return inTransaction(this.db, async (tx) => {
      const insert = (emailColumn: 'email' | 'unconfirmed_email', onConflict: string): Promise<UserEntity[]> =>
        tx
          .query(
            `insert into users (handle, display_name, ${emailColumn}, password_hash, email_verified_at) values ($1, $2, $3, $4, null) ${onConflict}
             returning ${selectColumns(this.db, UserEntity, 'users')}`,
            [data.handle, data.displayName, data.email, passwordHash],
          )
          .catch((err: unknown) => {
            if (sqlState(err) === '23505' && constraintOf(err) === 'users_handle_key') {
              throw new BadUserInputError('That handle is already taken.', { field: 'handle' });
            }
            throw err;
          });
      // about the same work either way: the hash above, then one insert (two when the address is taken)
      const [created] = await insert('email', 'on conflict ((lower(email))) do nothing');
      const user = created ?? (await insert('unconfirmed_email', ''))[0];
      // the account module mails the verification link (or the notice to the address's owner) in this transaction (onRecorded)
      await this.events.record(tx, 'user.signed_up', { userId: user.id, actorId: user.id, addressTaken: !created });
      return this.startSession(tx, user, client);
    });
  }

  async signIn(input: { login: string; password: string }, client: SignInClient = {}): Promise<AuthResult> {
    const login = input.login.trim().toLowerCase();
    if (!login || !input.password) throw new BadUserInputError('Give a handle or email and a password.', { field: 'login' });
    const [row]: Array<UserEntity & { passwordHash: string | null }> = await this.db.query(
      `select ${selectColumns(this.db, UserEntity, 'u')}, u.password_hash as "passwordHash"
       from users u where u.handle = $1 or lower(u.email) = $1 limit 1`,
      [login],
    );
    const ok = await passwordMatches(row?.passwordHash ?? null, input.password);
    if (!row || !ok) throw new UnauthenticatedError('Wrong handle, email or password.');
    if (row.status === 'BANNED') throw new ForbiddenError('This account is banned.', { reason: 'VIEWER_BANNED' });
    if (!passwordSignInAllowed(row, this.passwordRules.ssoOnlyForStaff)) {
      throw new ForbiddenError('Staff accounts sign in with single sign-on, not a password.', { reason: 'SSO_REQUIRED', signInUrl: OIDC_START_PATH });
    }
    const { passwordHash: _omit, ...user } = row;
    return inTransaction(this.db, (tx) => this.startSession(tx, user as UserEntity, client));
  }

  /** A new session for the user, written in the caller's transaction. */
  async startSession(tx: { query: Db['query'] }, user: UserEntity, client: SignInClient): Promise<AuthResult> {
    const token = newSecret(SESSION_PREFIX);
    const expiresAt = new Date(Date.now() + this.sessionTtlDays * 86_400_000);
    await tx.query('insert into sessions (user_id, token_hash, expires_at, user_agent, ip) values ($1, $2, $3, $4, $5)', [
      user.id,
      tokenHash(token),
      expiresAt,
      client.userAgent?.trim().slice(0, USER_AGENT_MAX) || null,
      client.ip || null,
    ]);
    return { token, user, expiresAt };
  }

  /**
   * Records in the caller's transaction that credentials of a user stopped working
   * (`credentialIds` null: all of them); after the commit their open WebSockets close on every
   * instance (modules/live-events.ts). An empty list records nothing.
   */
  async credentialsRevoked(tx: EntityManager, userId: string, credentialIds: string[] | null, actorId: string | null = userId): Promise<void> {
    if (credentialIds && !credentialIds.length) return;
    await this.events.record(tx, 'user.credentials_revoked', { userId, actorId, credentialIds });
  }

  async signOut(viewer: Viewer | null): Promise<boolean> {
    if (!viewer || viewer.credential.kind !== 'session') return false;
    const { id } = viewer.credential;
    await inTransaction(this.db, async (tx) => {
      await tx.query('update sessions set revoked_at = now() where id = $1 and revoked_at is null', [id]);
      await this.credentialsRevoked(tx, viewer.id, [id]);
    });
    return true;
  }

  /** Resolves a session or API token to its viewer; null when unknown, expired, revoked or banned. */
  async viewerForToken(token: string): Promise<Viewer | null> {
    const isSession = token.startsWith(SESSION_PREFIX);
    if (!isSession && !token.startsWith(API_TOKEN_PREFIX)) return null;
    const table = isSession ? 'sessions' : 'api_tokens';
    const rows: Array<{
      credentialId: string; lastUsedAt: Date | null; scopes: string[] | null; id: string; handle: string; role: Role; status: UserStatus; suspendedUntil: Date | null; emailVerified: boolean;
    }> = await this.db.query(
      `select t.id as "credentialId", t.last_used_at as "lastUsedAt", ${isSession ? 'null' : 't.scopes'} as scopes,
              u.id, u.handle, u.role, u.status, u.suspended_until as "suspendedUntil", u.email_verified_at is not null as "emailVerified"
       from ${table} t join users u on u.id = t.user_id
       where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`,
      [tokenHash(token)],
    );
    const r = rows[0];
    if (!r || r.status === 'BANNED') return null;
    if (!r.lastUsedAt || Date.now() - r.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      // at most one write a minute per credential, outside the request (not one of its statements)
      requestStorage.exit(() => {
        void this.db.query(`update ${table} set last_used_at = now() where id = $1`, [r.credentialId]).catch(() => {});
      });
    }
    return {
      id: r.id,
      handle: r.handle,
      role: r.role,
      status: effectiveStatus(r.status, r.suspendedUntil),
      suspendedUntil: r.suspendedUntil,
      emailVerified: r.emailVerified,
      // the role is read at every request, so a token never exceeds what its user may do now
      credential: isSession ? { kind: 'session', id: r.credentialId } : { kind: 'api_token', id: r.credentialId, scopes: (r.scopes ?? []).filter(isApiTokenScope) },
    };
  }

  /**
   * A new token with `scopes` (READ always; READ alone when none are given). Only from a
   * session: a token never makes tokens (the authorization table refuses it first). A scope the
   * user's role cannot use (MODERATE for a member) is refused rather than silently dropped.
   */
  async createApiToken(viewer: Viewer | null, input: { name: string; scopes?: readonly string[] | null; expiresAt?: Date | null }) {
    assertCanWrite(viewer); // a suspended account gets no new credentials
    if (viewer.credential.kind !== 'session') throw new ForbiddenError('API tokens can only be created from a signed-in session.', { reason: 'SESSION_REQUIRED' });
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw new BadUserInputError('name must be 1..100 characters.', { field: 'name' });
    if ((input.scopes?.length ?? 0) > 32) throw new BadUserInputError('scopes holds at most 32 entries.', { field: 'scopes' });
    const unknown = (input.scopes ?? []).find((s) => !isApiTokenScope(s));
    if (unknown !== undefined) throw new BadUserInputError('scopes holds an unknown scope.', { field: 'scopes' });
    const scopes = normalizeScopes(input.scopes as ApiTokenScope[] | null | undefined);
    const beyond = scopes.filter((s) => !hasRole(viewer, SCOPE_MIN_ROLE[s]));
    if (beyond.length) {
      throw new BadUserInputError(`Your role (${viewer.role}) cannot use ${beyond.join(', ')}.`, { field: 'scopes', scopes: beyond });
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw new BadUserInputError('expiresAt must be in the future.', { field: 'expiresAt' });
    }
    const token = newSecret(API_TOKEN_PREFIX);
    const [row]: ApiTokenEntity[] = await this.db.query(
      `insert into api_tokens (user_id, name, token_hash, expires_at, scopes) values ($1, $2, $3, $4, $5)
       returning ${selectColumns(this.db, ApiTokenEntity, 'api_tokens')}`,
      [viewer.id, name, tokenHash(token), input.expiresAt ?? null, scopes],
    );
    return { apiToken: row, token };
  }

  async revokeApiToken(viewer: Viewer | null, apiTokenId: string): Promise<ApiTokenEntity> {
    assertSignedIn(viewer); // ending one's own access is allowed while suspended
    const uuid = decodeId(apiTokenId, 'ApiToken', 'apiTokenId');
    return inTransaction(this.db, async (tx) => {
      const [row] = await returningRows<ApiTokenEntity>(
        tx,
        `update api_tokens t set revoked_at = coalesce(t.revoked_at, now()) where t.id = $1 and t.user_id = $2
         returning ${selectColumns(this.db, ApiTokenEntity, 't')}`,
        [uuid, viewer.id],
      );
      if (!row) throw new NotFoundError('API token');
      await this.credentialsRevoked(tx, viewer.id, [row.id]);
      return row;
    });
  }

  async listApiTokens(userId: string): Promise<ApiTokenEntity[]> {
    return this.db.query(
      `select ${selectColumns(this.db, ApiTokenEntity, 't')} from api_tokens t
       where t.user_id = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
       order by t.created_at desc, t.id desc`,
      [userId],
    );
  }

  /**
   * A user's sessions that still work, most recently used first. Their owner's only: the
   * caller decides who may ask (see User.sessions).
   */
  listSessions(userId: string, args: PageArgs): Promise<ConnectionValue<SessionEntity>> {
    return paginate<SessionEntity>(this.db, args, {
      tag: 'sessions',
      from: `select ${selectColumns(this.db, SessionEntity, 's')} from sessions s`,
      where: ['s.user_id = $1', 's.revoked_at is null', 's.expires_at > now()'],
      params: [userId],
      keys: [
        { sql: 's.last_used_at', cast: 'timestamptz' },
        { sql: 's.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  /** One working session of a user (node(id:) for its owner); null otherwise. */
  async sessionOf(userId: string, sessionId: string): Promise<SessionEntity | null> {
    const [row] = await readRows<SessionEntity>(
      this.db,
      `select ${selectColumns(this.db, SessionEntity, 's')} from sessions s
       where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > now()`,
      [sessionId, userId],
    );
    return row ?? null;
  }

  /**
   * Signs one of the viewer's sessions out (e.g. a lost phone's); its open WebSockets close on
   * every instance. Another user's session, or one already ended, is NOT_FOUND. Allowed while
   * suspended: it only ends the viewer's own access.
   */
  async revokeSession(viewer: Viewer | null, sessionId: string): Promise<SessionEntity> {
    assertSignedIn(viewer);
    const uuid = decodeId(sessionId, 'Session', 'sessionId');
    return inTransaction(this.db, async (tx) => {
      const [row] = await returningRows<SessionEntity>(
        tx,
        `update sessions s set revoked_at = now() where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > now()
         returning ${selectColumns(this.db, SessionEntity, 's')}`,
        [uuid, viewer.id],
      );
      if (!row) throw new NotFoundError('Session');
      await this.credentialsRevoked(tx, viewer.id, [row.id]);
      return row;
    });
  }

  /**
   * Signs out every other session of the viewer (the current one stays signed in; from an API
   * token, every session ends). API tokens are not touched: they are listed and revoked on
   * their own. Answers how many sessions ended.
   */
  async signOutEverywhere(viewer: Viewer | null): Promise<number> {
    assertSignedIn(viewer);
    const keep = viewer.credential.kind === 'session' ? viewer.credential.id : null;
    const ids = await inTransaction(this.db, async (tx) => {
      const ended = await this.endSessions(tx, viewer.id, keep);
      await this.credentialsRevoked(tx, viewer.id, ended);
      return ended;
    });
    return ids.length;
  }

  /** Ends a user's working sessions but `keepSessionId`, in the caller's transaction; answers their ids (for credentialsRevoked in the same transaction). */
  async endSessions(tx: { query: Db['query'] }, userId: string, keepSessionId: string | null = null): Promise<string[]> {
    const rows = await returningRows<{ id: string }>(
      tx,
      `update sessions s set revoked_at = now()
       where s.user_id = $1 and s.revoked_at is null and s.expires_at > now() and ($2::uuid is null or s.id <> $2::uuid)
       returning s.id`,
      [userId, keepSessionId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Ends every session and token of a user (a ban, a password reset). Runs in the caller's
   * transaction; answers the ended ids for credentialsRevoked() in the same transaction.
   */
  async revokeAll(tx: { query: Db['query'] }, userId: string): Promise<string[]> {
    const sessions = await returningRows<{ id: string }>(tx, 'update sessions set revoked_at = now() where user_id = $1 and revoked_at is null returning id', [userId]);
    const tokens = await returningRows<{ id: string }>(tx, 'update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null returning id', [userId]);
    return [...sessions, ...tokens].map((r) => r.id);
  }
}
