import type { ModerationDecision } from './notification.entity.js';

/**
 * What a comment write leaves in the outbox (in its own transaction): ids only. The worker
 * reads the comment's state when it fans the event out, so what it notifies about is what
 * is visible then, not what was visible at write time.
 */
export type OutboxEvent =
  | { type: 'COMMENT_PUBLISHED'; commentId: string; articleId: string; actorId: string }
  | { type: 'COMMENT_MODERATED'; commentId: string; articleId: string; actorId: string; decision: ModerationDecision }
  /** Staff marked the comment as the answer to its thread's question: the question's author hears of it. */
  | { type: 'ANSWER_MARKED'; commentId: string; articleId: string; actorId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DECISIONS = new Set(['APPROVED', 'REJECTED', 'HIDDEN', 'UNHIDDEN']);

/** Parses an outbox payload; null for anything this version does not know (skipped, not retried). */
export function parseOutboxEvent(raw: unknown): OutboxEvent | null {
  const e = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown> | null;
  if (!e || typeof e !== 'object') return null;
  const ids = [e.commentId, e.articleId, e.actorId].every((v) => typeof v === 'string' && UUID.test(v));
  if (!ids) return null;
  if (e.type === 'COMMENT_PUBLISHED' || e.type === 'ANSWER_MARKED') return e as OutboxEvent;
  if (e.type === 'COMMENT_MODERATED' && DECISIONS.has(e.decision as string)) return e as OutboxEvent;
  return null;
}

/** Topic of the notifications subscription; published by the outbox worker after its commit. */
export const NOTIFICATIONS = 'NOTIFICATIONS';

export interface NotificationMessage {
  notificationId: string;
  recipientId: string;
}
