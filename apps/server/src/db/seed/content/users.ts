import type { SeedUser } from './types.js';

/**
 * Extra demo users for the "Fernwork" help center. The base accounts
 * (admin, moderator, agent, member) are created elsewhere.
 */
export const communityUsers: SeedUser[] = [
  // Community members
  { handle: 'priya_nair', displayName: 'Priya Nair', role: 'MEMBER' },
  { handle: 'tomasz-k', displayName: 'Tomasz Kowalczyk', role: 'MEMBER' },
  { handle: 'dmwright', displayName: 'Dana M. Wright', role: 'MEMBER' },
  { handle: 'aiko_t', displayName: 'Aiko Tanabe', role: 'MEMBER' },
  { handle: 'rafael-ops', displayName: 'Rafael Mendes', role: 'MEMBER' },
  { handle: 'jo_okafor', displayName: 'Jo Okafor', role: 'MEMBER' },
  { handle: 'hannah-b', displayName: 'Hannah Brennan', role: 'MEMBER' },
  { handle: 'marcus77', displayName: 'Marcus Ellery', role: 'MEMBER' },
  { handle: 'svlindqvist', displayName: 'Sofia Lindqvist', role: 'MEMBER' },
  { handle: 'chen_wei', displayName: 'Chen Wei', role: 'MEMBER' },
  { handle: 'gabi-rocha', displayName: 'Gabriela Rocha', role: 'MEMBER' },
  { handle: 'ollie_pm', displayName: 'Oliver Pike', role: 'MEMBER' },
  // Support staff
  { handle: 'nadia-support', displayName: 'Nadia Haddad (Fernwork Support)', role: 'AGENT' },
  { handle: 'ben-support', displayName: 'Ben Osei (Fernwork Support)', role: 'AGENT' },
];
