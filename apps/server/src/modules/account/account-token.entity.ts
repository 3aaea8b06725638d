import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AccountTokenPurpose = 'VERIFY_EMAIL' | 'PASSWORD_RESET';

/** A single-use link sent by mail (email verification, password reset). The secret itself is never stored. */
@Entity('account_tokens')
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'text' }) purpose!: AccountTokenPurpose;
  /** SHA-256 (hex) of the 256-bit secret in the link. */
  @Column({ type: 'text', name: 'token_hash', select: false }) tokenHash!: string;
  /** The address the link was mailed to (for an email change: the new address). */
  @Column({ type: 'text' }) email!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', name: 'used_at', nullable: true }) usedAt!: Date | null;
  /** A newer link of the same purpose (or a change of address or password) ended this one. */
  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true }) supersededAt!: Date | null;
}
