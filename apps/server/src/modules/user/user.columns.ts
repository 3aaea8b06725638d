/**
 * The columns (entity properties) each User field's resolver reads, for reads that fetch
 * only what the selection needs (`columnsFor`). A field not listed reads every column.
 */
export const USER_ALWAYS = ['id'];
export const USER_FIELD_COLUMNS: Record<string, string[]> = {
  __typename: [],
  id: [],
  handle: ['handle'],
  displayName: ['displayName'],
  role: ['role'],
  isStaff: ['role'],
  status: ['status', 'suspendedUntil'],
  createdAt: ['createdAt'],
  email: ['email', 'unconfirmedEmail'],
  suspendedUntil: ['suspendedUntil'],
  apiTokens: [],
  sessions: [],
  commentCount: [],
  recentComments: [],
};
