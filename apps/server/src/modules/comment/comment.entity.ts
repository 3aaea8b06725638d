import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type CommentStatus = 'PUBLISHED' | 'PENDING' | 'HIDDEN' | 'DELETED';
/** Who made a comment a placeholder: its author (a deletion) or a moderator (a hide, or a deletion by a moderator). */
export type RemovedBy = 'AUTHOR' | 'MODERATOR';
export type HideReason = 'SPAM' | 'ABUSE' | 'OFF_TOPIC' | 'OUTDATED' | 'DUPLICATE' | 'RESOLVED';

@Entity('comments')
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'article_id' }) articleId!: string;
  @Column({ type: 'uuid', name: 'parent_id', nullable: true }) parentId!: string | null;
  /** Ancestors' ids then its own, top-level first. */
  @Column({ type: 'uuid', array: true }) path!: string[];
  @Column({ type: 'int' }) depth!: number;
  @Column({ type: 'uuid', name: 'author_id' }) authorId!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', name: 'body_html' }) bodyHtml!: string;
  @Column({ type: 'text' }) status!: CommentStatus;
  /**
   * A DELETED comment that still shows as a placeholder because it had replies, or a HIDDEN one
   * with replies everyone sees: others than staff and its author see it without author or text.
   */
  @Column({ type: 'boolean' }) tombstone!: boolean;
  @Column({ type: 'text', name: 'hide_reason', nullable: true }) hideReason!: HideReason | null;
  /** Hidden automatically by members' flags, until a moderator decides. */
  @Column({ type: 'boolean', name: 'hidden_by_flags' }) hiddenByFlags!: boolean;
  /** Written by staff. */
  @Column({ type: 'boolean', name: 'is_official' }) isOfficial!: boolean;
  /** On a question (top-level comment): the reply staff marked as its answer. */
  @Column({ type: 'uuid', name: 'accepted_answer_id', nullable: true }) acceptedAnswerId!: string | null;
  /** On an accepted answer: the staff member who marked it, and when. */
  @Column({ type: 'uuid', name: 'accepted_by', nullable: true }) acceptedBy!: string | null;
  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true }) acceptedAt!: Date | null;
  /** On a DELETED comment: who deleted it. */
  @Column({ type: 'text', name: 'removed_by', nullable: true }) removedBy!: RemovedBy | null;
  @Column({ type: 'int' }) upvotes!: number;
  @Column({ type: 'int' }) downvotes!: number;
  @Column({ type: 'int', insert: false, update: false }) score!: number;
  @Column({ type: 'double precision', insert: false, update: false }) best!: number;
  /** Direct replies an anonymous reader sees (published and tombstones). */
  @Column({ type: 'int', name: 'reply_count' }) replyCount!: number;
  /** Direct replies staff see (everything but removed deletions). */
  @Column({ type: 'int', name: 'reply_count_all' }) replyCountAll!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @Column({ type: 'timestamptz', name: 'edited_at', nullable: true }) editedAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true }) deletedAt!: Date | null;
}

@Entity('comment_votes')
export class CommentVoteEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'comment_id' }) commentId!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'smallint' }) value!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

@Entity('comment_revisions')
export class CommentRevisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'comment_id' }) commentId!: string;
  @Column({ type: 'uuid', name: 'editor_id' }) editorId!: string;
  @Column({ type: 'text' }) body!: string;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
