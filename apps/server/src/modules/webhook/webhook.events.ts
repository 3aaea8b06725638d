/**
 * The public event types of webhooks and the change feed: what an anonymous reader could see
 * change. Domain events (events/catalog.ts) map onto them; moderation-only facts (flags,
 * pending comments, user status) have no public type and are never sent.
 */
export const PUBLIC_EVENT_TYPES = [
  'article.published',
  'article.updated',
  'article.archived',
  'article.voted',
  'comment.published',
  'comment.edited',
  'comment.removed',
  'comment.voted',
] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

/** Sent only by pingWebhookEndpoint (never from the event log). */
export const PING_EVENT = 'webhook.ping';
export type WebhookEventType = PublicEventType | typeof PING_EVENT;

/** GraphQL enum value (COMMENT_PUBLISHED) ⇄ event type (comment.published). */
export function enumOfType(type: string): string {
  return type.replace('.', '_').toUpperCase();
}
export function typeOfEnum(value: string): WebhookEventType {
  const [head, ...rest] = value.toLowerCase().split('_');
  return `${head}.${rest.join('_')}` as WebhookEventType;
}
