import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sessions')
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'text', name: 'token_hash', select: false }) tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  /** The browser that signed in (its User-Agent, at most 500 characters), if it sent one. */
  @Column({ type: 'text', name: 'user_agent', nullable: true }) userAgent!: string | null;
  /** The client address at sign-in (see TRUST_PROXY). */
  @Column({ type: 'text', nullable: true }) ip!: string | null;
  /** Updated at most once a minute while the session is used. */
  @Column({ type: 'timestamptz', name: 'last_used_at' }) lastUsedAt!: Date;
}

@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text', name: 'token_hash', select: false }) tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  /** ApiTokenScope values (lib/scopes.ts); READ is always among them. */
  @Column({ type: 'text', array: true }) scopes!: string[];
}
