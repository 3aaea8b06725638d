/** Roles from least to most (each has every right of the ones before), and account statuses. */
export type Role = 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN';
export type UserStatus = 'ACTIVE' | 'SUSPENDED' | 'BANNED';
