import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ArticleStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';

@Entity('articles')
export class ArticleEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'section_id' }) sectionId!: string;
  @Column({ type: 'uuid', name: 'author_id' }) authorId!: string;
  @Column({ type: 'text' }) slug!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', name: 'body_html' }) bodyHtml!: string;
  @Column({ type: 'text' }) excerpt!: string;
  @Column({ type: 'text' }) status!: ArticleStatus;
  @Column({ type: 'text', array: true }) labels!: string[];
  @Column({ type: 'boolean' }) promoted!: boolean;
  @Column({ type: 'int' }) position!: number;
  @Column({ type: 'boolean', name: 'comments_locked' }) commentsLocked!: boolean;
  @Column({ type: 'text', name: 'comments_lock_reason', nullable: true }) commentsLockReason!: string | null;
  @Column({ type: 'int', name: 'helpful_count' }) helpfulCount!: number;
  @Column({ type: 'int', name: 'vote_count' }) voteCount!: number;
  /** Published comments, all depths (what anonymous readers see). */
  @Column({ type: 'int', name: 'comment_count' }) commentCount!: number;
  /** Published, pending and hidden comments (what staff see). */
  @Column({ type: 'int', name: 'comment_count_all' }) commentCountAll!: number;
  /** Top-level comments anonymous readers see: published, and deleted ones kept as tombstones. */
  @Column({ type: 'int', name: 'top_comment_count' }) topCommentCount!: number;
  /** Top-level comments staff see: all but deleted ones without replies. */
  @Column({ type: 'int', name: 'top_comment_count_all' }) topCommentCountAll!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
  @Column({ type: 'timestamptz', name: 'published_at', nullable: true }) publishedAt!: Date | null;
  /** An archived article's replacement: readers are sent there (setArticleRedirect). */
  @Column({ type: 'uuid', name: 'redirect_to_id', nullable: true }) redirectToId!: string | null;
}

@Entity('article_revisions')
export class ArticleRevisionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'article_id' }) articleId!: string;
  @Column({ type: 'uuid', name: 'author_id' }) authorId!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) body!: string;
  /** The earlier revision a restore copied (restoreArticleRevision); null for ordinary saves. */
  @Column({ type: 'uuid', name: 'restored_from_id', nullable: true }) restoredFromId!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
