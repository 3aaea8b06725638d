import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * QUEUED: waiting for the worker (or for its next attempt); SENT: the SMTP server accepted it;
 * KEPT: no SMTP server configured, kept in the outbox for admins; FAILED: refused for good.
 */
export type MailStatus = 'QUEUED' | 'SENT' | 'KEPT' | 'FAILED';

/** One outgoing mail in the durable outbox (only MailService writes it). */
@Entity('mails')
export class MailEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text', name: 'to' }) to!: string;
  @Column({ type: 'text' }) subject!: string;
  @Column({ type: 'text' }) text!: string;
  @Column({ type: 'text' }) html!: string;
  @Column({ type: 'jsonb' }) headers!: Record<string, string>;
  @Column({ type: 'uuid', name: 'user_id', nullable: true }) userId!: string | null;
  @Column({ type: 'text', name: 'dedupe_key' }) dedupeKey!: string;
  @Column({ type: 'text' }) status!: MailStatus;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ type: 'timestamptz', name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true }) sentAt!: Date | null;
}

/** An address that failed permanently (5xx or too many attempts); shown to admins. */
@Entity('mail_suppressions')
export class MailSuppressionEntity {
  @PrimaryColumn({ type: 'text' }) address!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'uuid', name: 'mail_id', nullable: true }) mailId!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
