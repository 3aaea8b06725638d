import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type NotificationKind = 'REPLY' | 'NEW_COMMENT' | 'OFFICIAL_ANSWER' | 'MODERATION' | 'WEBHOOK_DISABLED' | 'WEEKLY_ARTICLE_SUMMARY';
export type ModerationDecision = 'APPROVED' | 'REJECTED' | 'HIDDEN' | 'UNHIDDEN';

@Entity('follows')
export class FollowEntity {
  @PrimaryColumn({ type: 'uuid', name: 'user_id' }) userId!: string;
  @PrimaryColumn({ type: 'uuid', name: 'article_id' }) articleId!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'recipient_id' }) recipientId!: string;
  @Column({ type: 'text' }) kind!: NotificationKind;
  @Column({ type: 'uuid', name: 'article_id', nullable: true }) articleId!: string | null;
  @Column({ type: 'uuid', name: 'comment_id', nullable: true }) commentId!: string | null;
  @Column({ type: 'uuid', name: 'actor_id', nullable: true }) actorId!: string | null;
  /** MODERATION: the decision; WEBHOOK_DISABLED: the endpoint's uuid; WEEKLY_ARTICLE_SUMMARY: the week's Monday (YYYY-MM-DD). */
  @Column({ type: 'text', nullable: true }) detail!: ModerationDecision | string | null;
  @Column({ type: 'text', name: 'dedupe_key' }) dedupeKey!: string;
  @Column({ type: 'bigint', name: 'outbox_id', nullable: true }) outboxId!: string | null;
  @Column({ type: 'timestamptz', name: 'read_at', nullable: true }) readAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

@Entity('notification_outbox')
export class NotificationOutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' }) id!: string;
  @Column({ type: 'jsonb' }) event!: unknown;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'processed_at', nullable: true }) processedAt!: Date | null;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError!: string | null;
}
