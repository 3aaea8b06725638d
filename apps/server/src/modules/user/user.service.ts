import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import type { Viewer } from '../../lib/viewer.js';
import { UserEntity } from './user.entity.js';
import { assertCanWrite } from './user.policy.js';

export const DISPLAY_NAME_MAX_LENGTH = 80;
// control characters (line breaks, tabs, escapes) have no place in a name shown on one line
const CONTROL = /\p{Cc}/u;

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
