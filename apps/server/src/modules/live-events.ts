import type { AnyDomainEvent, CommentChange } from '../events/catalog.js';
import type { EventLog } from '../events/event-log.js';
import type { PubSub } from '../pubsub/index.js';
import { CREDENTIALS_REVOKED, type CredentialsRevokedMessage } from '../pubsub/publisher.js';
import { ARTICLE_VOTES, COMMENT_EVENTS, type ArticleVotesMessage, type CommentEventKind, type CommentEventMessage } from './comment/comment.events.js';
import { MODERATION_QUEUE, type ModerationQueueMessage } from './moderation/moderation.service.js';

/** Moderator actions that take a comment out of the moderation queue. */
const RESOLVING = new Set(['HIDE_COMMENT', 'UNHIDE_COMMENT', 'APPROVE_COMMENT', 'REJECT_COMMENT', 'DELETE_COMMENT', 'ACCEPT_FLAG', 'DISMISS_FLAG']);

function commentMessage(kind: CommentEventKind, c: CommentChange): CommentEventMessage {
  return { kind, articleId: c.articleId, commentId: c.commentId, path: c.path, before: c.before, after: c.after, authorId: c.authorId };
}

/** ADDED / REMOVED when a status change makes the comment visible to everyone or not any more, else UPDATED. */
function visibilityKind(c: CommentChange): CommentEventKind {
  const before = c.before?.status === 'PUBLISHED';
  const after = c.after.status === 'PUBLISHED';
  return before === after ? 'UPDATED' : after ? 'ADDED' : 'REMOVED';
}

/** The live message(s) of one committed domain event: [topic, payload] pairs. */
export function liveMessagesOf(event: AnyDomainEvent): Array<[string, unknown]> {
  switch (event.type) {
    case 'comment.created':
      return [[COMMENT_EVENTS, commentMessage('ADDED', event.payload)]];
    case 'comment.edited':
    case 'comment.answer_changed':
      return [[COMMENT_EVENTS, commentMessage('UPDATED', event.payload)]];
    case 'comment.deleted':
      return [[COMMENT_EVENTS, commentMessage('REMOVED', event.payload)]];
    case 'comment.voted':
      return [[COMMENT_EVENTS, commentMessage('VOTED', event.payload)]];
    case 'comment.hidden':
    case 'comment.unhidden':
    case 'comment.approved':
    case 'comment.rejected':
      return [[COMMENT_EVENTS, commentMessage(visibilityKind(event.payload), event.payload)]];
    case 'comment.flagged':
      return [[MODERATION_QUEUE, { kind: event.payload.openFlags === 1 ? 'ADDED' : 'UPDATED', commentId: event.payload.commentId } satisfies ModerationQueueMessage]];
    case 'moderation.action': {
      const a = event.payload;
      if (a.automatic || !a.commentId || !RESOLVING.has(a.action)) return [];
      return [[MODERATION_QUEUE, { kind: 'RESOLVED', commentId: a.commentId } satisfies ModerationQueueMessage]];
    }
    case 'article.voted':
      return [[ARTICLE_VOTES, { articleId: event.payload.articleId } satisfies ArticleVotesMessage]];
    case 'user.credentials_revoked': {
      // every instance closes the WebSockets opened with these credentials (http/ws.ts)
      const { userId, credentialIds } = event.payload;
      return [[CREDENTIALS_REVOKED, (credentialIds ? { credentialIds } : { userId }) satisfies CredentialsRevokedMessage]];
    }
    default:
      return [];
  }
}

/**
 * Live subscriptions follow the domain event log: each event committed on this instance goes
 * to its topic right after the commit (pubsub: here, and to other instances through Redis).
 */
export function publishLiveEvents(events: Pick<EventLog, 'onCommitted'>, pubsub: Pick<PubSub, 'publish'>): () => void {
  return events.onCommitted((event) => {
    for (const [topic, payload] of liveMessagesOf(event)) pubsub.publish(topic, payload);
  });
}
