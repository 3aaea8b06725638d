import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import type { ImportedVote } from '../comment/comment.service.js';
import { BadUserInputError, ForbiddenError } from '../../graphql/errors.js';
import { inTransaction } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import { Clock } from '../../lib/clock.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { assertCanWrite } from '../user/user.policy.js';
import type { ArticleService } from '../article/article.service.js';
import { noEvents, type EventRecorder } from '../../events/event-log.js';
import type { ArticleFeedbackReason } from './article-vote.entity.js';

const MAX_NOTE = 1000;

/** "Was this article helpful?": one vote per user and article, counters exact under concurrency. */
export class ArticleFeedbackService {
  constructor(
    private readonly db: Db,
    private readonly articles: ArticleService,
    /** Vote changes record article.voted (the articleVotes subscriptions follow it). */
    private readonly events: EventRecorder = noEvents,
    private readonly clock: Clock = new Clock(),
  ) {}

  async vote(
    viewer: Viewer | null,
    input: { articleId: string; helpful?: boolean | null; reason?: ArticleFeedbackReason | null; note?: string | null },
  ): Promise<ArticleEntity> {
    assertCanWrite(viewer);
    const helpful = input.helpful ?? null;
    const note = input.note?.trim() || null;
    if (helpful !== false && (input.reason != null || note != null)) {
      throw new BadUserInputError('reason and note go with a "not helpful" vote (helpful: false).', { field: input.reason != null ? 'reason' : 'note' });
    }
    if (note && note.length > MAX_NOTE) throw new BadUserInputError(`note is at most ${MAX_NOTE} characters.`, { field: 'note' });

    const result = await inTransaction(this.db, async (tx) => {
      // the article row lock serializes votes on one article, so the deltas below are exact
      const article = await this.articles.lockVisible(tx, viewer, input.articleId);
      if (article.status !== 'PUBLISHED') throw new ForbiddenError('Only published articles take feedback.');
      const [prev]: Array<{ helpful: boolean; reason: ArticleFeedbackReason | null }> = await tx.query(
        'select helpful, reason from article_votes where article_id = $1 and user_id = $2',
        [article.id, viewer.id],
      );
      if (helpful === null) {
        if (prev) await tx.query('delete from article_votes where article_id = $1 and user_id = $2', [article.id, viewer.id]);
      } else {
        await tx.query(
          `insert into article_votes (article_id, user_id, helpful, reason, note) values ($1, $2, $3, $4, $5)
           on conflict (article_id, user_id) do update
             set helpful = excluded.helpful, reason = excluded.reason, note = excluded.note, updated_at = now()`,
          [article.id, viewer.id, helpful, input.reason ?? null, note],
        );
      }
      if ((prev?.helpful ?? null) !== helpful || (prev?.reason ?? null) !== (input.reason ?? null)) {
        // the vote history (article health, #22): who changed what, when, and why
        await tx.query(
          'insert into article_vote_changes (article_id, user_id, at, from_helpful, to_helpful, reason) values ($1, $2, $3, $4, $5, $6)',
          [article.id, viewer.id, this.clock.now(), prev?.helpful ?? null, helpful, input.reason ?? null],
        );
      }
      const dVotes = (helpful !== null ? 1 : 0) - (prev ? 1 : 0);
      const dHelpful = (helpful === true ? 1 : 0) - (prev?.helpful === true ? 1 : 0);
      if (dVotes === 0 && dHelpful === 0) return article;
      // the counters are the article service's to write
      const updated = await this.articles.applyVoteCounters(tx, article.id, dHelpful, dVotes);
      await this.events.record(tx, 'article.voted', { articleId: article.id, sectionId: article.sectionId, actorId: null, ...updated });
      return { ...article, ...updated };
    });
    return result;
  }

  /**
   * Article votes imported from another help center: one row per article and user
   * (+1 helpful, -1 not), inserted or changed in one statement, in the caller's
   * transaction. The article's counters came with the article (ArticleService.importArticle:
   * the source's totals), so they are not counted again here.
   */
  async importVotes(tx: EntityManager, votes: readonly ImportedVote[]): Promise<{ created: number; updated: number; unchanged: number }> {
    if (!votes.length) return { created: 0, updated: 0, unchanged: 0 };
    const rows: Array<{ inserted: boolean }> = await tx.query(
      `insert into article_votes (article_id, user_id, helpful, created_at, updated_at)
       select * from unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::timestamptz[], $5::timestamptz[])
       on conflict (article_id, user_id) do update set helpful = excluded.helpful, created_at = excluded.created_at, updated_at = excluded.updated_at
         where article_votes.helpful is distinct from excluded.helpful
       returning (xmax = 0) as inserted`,
      [votes.map((v) => v.itemId), votes.map((v) => v.userId), votes.map((v) => v.value === 1), votes.map((v) => v.createdAt), votes.map((v) => v.updatedAt)],
    );
    const created = rows.filter((r) => r.inserted).length;
    return { created, updated: rows.length - created, unchanged: votes.length - rows.length };
  }
}
