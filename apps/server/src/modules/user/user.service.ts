import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import { UserEntity, type Role } from './user.entity.js';
import { assertCanWrite } from './user.policy.js';

export const DISPLAY_NAME_MAX_LENGTH = 80;
// control characters (line breaks, tabs, escapes) have no place in a name shown on one line
const CONTROL = /\p{Cc}/u;

/** An account as another help center had it (see UserService.importUser). */
export interface ImportedUser {
  displayName: string;
  email: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

/** The name on one line within 80 characters, and an address that looks like one (else BadUserInputError). */
function cleanImported(input: Pick<ImportedUser, 'displayName' | 'email'>): { displayName: string; email: string } {
  const displayName = [...input.displayName.replace(/\p{Cc}+/gu, ' ').trim()].slice(0, DISPLAY_NAME_MAX_LENGTH).join('').trim() || 'Imported user';
  const email = input.email.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new BadUserInputError('email is not an address.', { field: 'email' });
  return { displayName, email };
}

/** A handle (^[a-z0-9_-]{3,30}$) from a display name, else the address's local part. */
function handleBase(name: string, email: string): string {
  const clean = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 24);
  const base = clean(name).length >= 3 ? clean(name) : clean(email.split('@')[0]);
  return base.length >= 3 ? base : `user-${base}`.replace(/-$/, '');
}

/** The user's own profile fields: one statement, nothing half-written. */
export class UserService {
  constructor(private readonly db: Db) {}

  /** Changes the viewer's own display name (trimmed, 1..80 characters). Not while suspended or banned. */
  async updateProfile(viewer: Viewer | null, input: { displayName?: string | null }): Promise<UserEntity> {
    assertCanWrite(viewer);
    const changes: string[] = [];
    const params: unknown[] = [viewer.id];
    if (input.displayName != null) {
      const displayName = input.displayName.trim();
      if (displayName.length < 1 || [...displayName].length > DISPLAY_NAME_MAX_LENGTH) {
        throw new BadUserInputError(`displayName must be 1..${DISPLAY_NAME_MAX_LENGTH} characters.`, { field: 'displayName', maxLength: DISPLAY_NAME_MAX_LENGTH });
      }
      if (CONTROL.test(displayName)) throw new BadUserInputError('displayName cannot hold line breaks or other control characters.', { field: 'displayName' });
      params.push(displayName);
      changes.push(`display_name = $${params.length}`);
    }
    const set = changes.length ? `${changes.join(', ')}, updated_at = now()` : 'id = id';
    const [row] = await returningRows<UserEntity>(
      this.db,
      `update users u set ${set} where u.id = $1 returning ${selectColumns(this.db, UserEntity, 'u')}`,
      params,
    );
    if (!row) throw new NotFoundError('User');
    return row;
  }

  /**
   * An account imported from another help center (the Zendesk importer), in the caller's
   * transaction. It has no password and an unverified address: nobody can sign in as it
   * until its owner claims it with a password reset mailed to that address (which also
   * verifies it). `existingId` null: an account with the same address is reused (linked, its
   * role and name untouched), else one is created with a free handle made from the name or
   * address; otherwise that row's name and role are updated (never a claimed password).
   */
  /** A moderator's status change (suspend, ban, reinstate) in the caller's transaction; the moderation service checks and logs it. */
  async setStatus(tx: EntityManager, userId: string, status: UserEntity['status'], until: Date | null, reason: string | null): Promise<UserEntity> {
    const [row] = await returningRows<UserEntity>(
      tx,
      `update users u set status = $2, suspended_until = $3, status_reason = $4, updated_at = now() where u.id = $1
       returning ${selectColumns(this.db, UserEntity, 'u')}`,
      [userId, status, until, reason],
    );
    return row;
  }

  /** An admin's role change in the caller's transaction (the moderation service checks and logs it). */
  async setRole(tx: EntityManager, userId: string, role: Role): Promise<UserEntity> {
    const [row] = await returningRows<UserEntity>(
      tx,
      `update users u set role = $2, updated_at = now() where u.id = $1 returning ${selectColumns(this.db, UserEntity, 'u')}`,
      [userId, role],
    );
    return row;
  }

  async importUser(
    tx: EntityManager,
    existingId: string | null,
    input: ImportedUser,
  ): Promise<{ id: string; outcome: 'created' | 'updated' | 'linked' }> {
    const { displayName, email } = cleanImported(input);
    if (existingId) {
      const [row]: Array<{ id: string }> = await tx.query(
        `update users set display_name = $2, role = $3, updated_at = $4 where id = $1 and password_hash is null returning id`,
        [existingId, displayName, input.role, input.updatedAt],
      );
      if (row) return { id: row.id, outcome: 'updated' };
      const [still]: Array<{ id: string }> = await tx.query('select id from users where id = $1', [existingId]);
      if (still) return { id: still.id, outcome: 'updated' }; // claimed since: the account is its owner's now
    }
    const [same]: Array<{ id: string }> = await tx.query('select id from users where lower(email) = lower($1)', [email]);
    if (same) return { id: same.id, outcome: 'linked' };
    const handle = await this.freeHandle(tx, handleBase(displayName, email));
    const [row]: Array<{ id: string }> = await tx.query(
      `insert into users (handle, display_name, email, email_verified_at, password_hash, role, created_at, updated_at)
       values ($1, $2, $3, null, null, $4, $5, $6) returning id`,
      [handle, displayName, email, input.role, input.createdAt, input.updatedAt],
    );
    return { id: row.id, outcome: 'created' };
  }

  /**
   * importUser for a page of accounts in a few statements (the same rules): addresses another
   * account has are linked, the others inserted together with free handles. Answers in order.
   */
  async importUsers(tx: EntityManager, inputs: ReadonlyArray<ImportedUser & { existingId: string | null }>): Promise<Array<{ id: string; outcome: 'created' | 'updated' | 'linked'; role: Role }>> {
    const out: Array<{ id: string; outcome: 'created' | 'updated' | 'linked'; role: Role } | undefined> = new Array(inputs.length);
    const cleaned = inputs.map((u) => ({ ...u, ...cleanImported(u) }));
    const fresh: number[] = [];
    for (const [i, u] of cleaned.entries()) {
      if (u.existingId) {
        const r = await this.importUser(tx, u.existingId, u);
        out[i] = { ...r, role: (await tx.query('select role from users where id = $1', [r.id]))[0].role };
      } else fresh.push(i);
    }
    const emails = [...new Set(fresh.map((i) => cleaned[i].email.toLowerCase()))];
    const known = new Map<string, { id: string; role: Role }>();
    if (emails.length) {
      const rows: Array<{ id: string; email: string; role: Role }> = await tx.query('select id, lower(email) as email, role from users where lower(email) = any($1::text[])', [emails]);
      for (const r of rows) known.set(r.email, { id: r.id, role: r.role });
    }
    const insert: number[] = [];
    const later: number[] = []; // a second account with an address of this page: after the first is in
    const seenEmail = new Set<string>();
    for (const i of fresh) {
      const email = cleaned[i].email.toLowerCase();
      const k = known.get(email);
      if (k) out[i] = { id: k.id, outcome: 'linked', role: k.role };
      else if (seenEmail.has(email)) later.push(i);
      else {
        seenEmail.add(email);
        insert.push(i);
      }
    }
    if (insert.length) {
      const bases = insert.map((i) => handleBase(cleaned[i].displayName, cleaned[i].email));
      const taken = new Set<string>(
        (await tx.query('select handle from users where handle = any($1::text[])', [[...new Set(bases)]]) as Array<{ handle: string }>).map((r) => r.handle),
      );
      const handles: string[] = [];
      for (const base of bases) {
        let handle = base;
        if (taken.has(handle)) {
          const rows: Array<{ handle: string }> = await tx.query('select handle from users where handle like $1', [`${base}-%`]);
          for (const r of rows) taken.add(r.handle);
          for (let n = 2; taken.has(handle); n++) handle = `${base}-${n}`;
        }
        taken.add(handle);
        handles.push(handle);
      }
      const rows: Array<{ id: string; handle: string }> = await tx.query(
        `insert into users (handle, display_name, email, email_verified_at, password_hash, role, created_at, updated_at)
         select h, n, e, null, null, r, c, u from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[]) as t(h, n, e, r, c, u)
         returning id, handle`,
        [handles, insert.map((i) => cleaned[i].displayName), insert.map((i) => cleaned[i].email), insert.map((i) => cleaned[i].role), insert.map((i) => cleaned[i].createdAt), insert.map((i) => cleaned[i].updatedAt)],
      );
      const byHandle = new Map(rows.map((r) => [r.handle, r.id]));
      insert.forEach((i, n) => (out[i] = { id: byHandle.get(handles[n])!, outcome: 'created', role: cleaned[i].role }));
    }
    for (const i of later) {
      const r = await this.importUser(tx, null, cleaned[i]);
      out[i] = { ...r, role: (await tx.query('select role from users where id = $1', [r.id]))[0].role };
    }
    return out as Array<{ id: string; outcome: 'created' | 'updated' | 'linked'; role: Role }>;
  }

  private async freeHandle(tx: EntityManager, base: string): Promise<string> {
    // the unique index answers the common case; only a taken handle looks at its numbered siblings
    const [exact] = await tx.query('select 1 from users where handle = $1', [base]);
    if (!exact) return base;
    const rows: Array<{ handle: string }> = await tx.query('select handle from users where handle like $1', [`${base}-%`]);
    const taken = new Set(rows.map((r) => r.handle));
    for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
  }

  /*
   * Credentials and the address, written by the account module in its own transaction
   * (password reset and change, email verification and change).
   */

  /** Sets the password; `provenEmail`: the reset link was mailed there, so that address is verified too. */
  async setPasswordHash(tx: EntityManager, userId: string, passwordHash: string, provenEmail: string | null = null): Promise<void> {
    await tx.query(
      `update users set password_hash = $2, updated_at = now(),
         email_verified_at = case when $3::text is not null and lower(email) = lower($3::text) then coalesce(email_verified_at, now()) else email_verified_at end
       where id = $1`,
      [userId, passwordHash, provenEmail],
    );
  }

  /** `email` (a verified link was opened there) becomes the account's verified address. A unique violation (users_email_key) is the caller's to handle. */
  async setVerifiedEmail(tx: EntityManager, userId: string, email: string): Promise<void> {
    await tx.query(
      `update users set email = $2, unconfirmed_email = null, email_verified_at = now(), updated_at = now() where id = $1`,
      [userId, email],
    );
  }
}
