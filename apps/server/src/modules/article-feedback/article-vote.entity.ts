import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ArticleFeedbackReason = 'OUTDATED' | 'INCORRECT' | 'UNCLEAR' | 'MISSING_INFORMATION' | 'DID_NOT_SOLVE' | 'OTHER';

/** One row per user and article: the vote and, for "not helpful", why. */
@Entity('article_votes')
export class ArticleVoteEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'article_id' }) articleId!: string;
  @Column({ type: 'uuid', name: 'user_id' }) userId!: string;
  @Column({ type: 'boolean' }) helpful!: boolean;
  @Column({ type: 'text', nullable: true }) reason!: ArticleFeedbackReason | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}
