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
}
