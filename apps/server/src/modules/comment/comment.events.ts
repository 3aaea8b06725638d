/** Topics and payloads of live comment events (see the subscriptions in comment.resolver). */
export type CommentEventKind = 'ADDED' | 'UPDATED' | 'REMOVED' | 'VOTED';

/**
 * What a write publishes after its transaction commits: ids only. Each subscriber's
 * answer is resolved from the database with that subscriber's visibility.
 */
export interface CommentEventMessage {
  kind: CommentEventKind;
  articleId: string;
  commentId: string;
  /** Ancestors then itself, so ancestorId filters need no query. */
  path: string[];
  /** Status before and after the change, to tell who should see ADDED or REMOVED. */
  before: { status: string; tombstone: boolean } | null;
  after: { status: string; tombstone: boolean };
  authorId: string;
}

export const COMMENT_EVENTS = 'COMMENT_EVENTS';
export const ARTICLE_VOTES = 'ARTICLE_VOTES';

/** What ARTICLE_VOTES carries: the article whose counts changed. */
export interface ArticleVotesMessage {
  articleId: string;
}

export { noopPublisher, type EventPublisher } from '../../pubsub/publisher.js';
