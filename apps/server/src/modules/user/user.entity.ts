import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { Role, UserStatus } from '../../lib/roles.js';

export type { Role, UserStatus } from '../../lib/roles.js';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) handle!: string;
  @Column({ type: 'text', name: 'display_name' }) displayName!: string;
  /** Null when the account was created with an address another account has (see unconfirmedEmail). */
  @Column({ type: 'text', nullable: true }) email!: string | null;
  /** An address given at sign-up that another account already had: shown to its owner, never used to sign in. */
  @Column({ type: 'text', name: 'unconfirmed_email', nullable: true }) unconfirmedEmail!: string | null;
  /** When the account proved it receives mail at `email` (a verification or password-reset link); null: not yet. */
  @Column({ type: 'timestamptz', name: 'email_verified_at', nullable: true }) emailVerifiedAt!: Date | null;
  /** Null for an imported account that has not set a password yet (it claims the account by a password reset). */
  @Column({ type: 'text', name: 'password_hash', nullable: true, select: false }) passwordHash!: string | null;
  @Column({ type: 'text' }) role!: Role;
  @Column({ type: 'text' }) status!: UserStatus;
  @Column({ type: 'timestamptz', name: 'suspended_until', nullable: true }) suspendedUntil!: Date | null;
  @Column({ type: 'text', name: 'status_reason', nullable: true }) statusReason!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
