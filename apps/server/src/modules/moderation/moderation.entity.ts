import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type FlagReason = 'SPAM' | 'ABUSE' | 'OFF_TOPIC' | 'OTHER';
export type FlagStatus = 'OPEN' | 'ACCEPTED' | 'DISMISSED';
export type ModerationActionKind =
  | 'HIDE_COMMENT' | 'UNHIDE_COMMENT' | 'DELETE_COMMENT' | 'APPROVE_COMMENT' | 'REJECT_COMMENT'
  | 'LOCK_ARTICLE' | 'UNLOCK_ARTICLE' | 'ACCEPT_FLAG' | 'DISMISS_FLAG'
  | 'SUSPEND_USER' | 'BAN_USER' | 'REINSTATE_USER' | 'SET_ROLE';

@Entity('flags')
export class FlagEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'comment_id' }) commentId!: string;
  @Column({ type: 'uuid', name: 'reporter_id' }) reporterId!: string;
  @Column({ type: 'text' }) reason!: FlagReason;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'text' }) status!: FlagStatus;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'uuid', name: 'resolved_by', nullable: true }) resolvedBy!: string | null;
  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
}

@Entity('moderation_actions')
export class ModerationActionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** null for an automatic action (`isAutomatic`). */
  @Column({ type: 'uuid', name: 'moderator_id', nullable: true }) moderatorId!: string | null;
  /** Taken by Atrium itself (the hide at the flag threshold), not by a moderator. */
  @Column({ type: 'boolean', name: 'automatic' }) isAutomatic!: boolean;
  @Column({ type: 'text' }) action!: ModerationActionKind;
  @Column({ type: 'text', name: 'target_type' }) targetType!: 'Comment' | 'Article' | 'User' | 'Flag';
  @Column({ type: 'uuid', name: 'target_id' }) targetId!: string;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'jsonb' }) details!: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
