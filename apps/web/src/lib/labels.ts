import type { ArticleFeedbackReason, ArticleOrder, ArticleStatus } from '@atrium/schema';

export const FEEDBACK_REASONS: Array<{ value: ArticleFeedbackReason; label: string }> = [
  { value: 'DID_NOT_SOLVE', label: 'It didn’t solve my problem' },
  { value: 'UNCLEAR', label: 'It’s hard to understand' },
  { value: 'MISSING_INFORMATION', label: 'Information is missing' },
  { value: 'INCORRECT', label: 'Something is incorrect' },
  { value: 'OUTDATED', label: 'It’s out of date' },
  { value: 'OTHER', label: 'Something else' },
];

export function feedbackReasonLabel(reason: ArticleFeedbackReason | null | undefined): string {
  return FEEDBACK_REASONS.find((r) => r.value === reason)?.label ?? 'No reason given';
}

export const ARTICLE_ORDERS: Array<{ value: ArticleOrder; label: string; param: string }> = [
  { value: 'POSITION', label: 'Recommended', param: 'recommended' },
  { value: 'NEWEST', label: 'Newest', param: 'newest' },
  { value: 'RECENTLY_UPDATED', label: 'Recently updated', param: 'updated' },
  { value: 'MOST_HELPFUL', label: 'Most helpful', param: 'helpful' },
];

export function orderFromParam(param: unknown): ArticleOrder {
  return ARTICLE_ORDERS.find((o) => o.param === param)?.value ?? 'POSITION';
}

export function paramFromOrder(order: ArticleOrder): string | undefined {
  return order === 'POSITION' ? undefined : ARTICLE_ORDERS.find((o) => o.value === order)?.param;
}

export const STATUS_LABELS: Record<ArticleStatus, string> = {
  DRAFT: 'Draft',
  PUBLISHED: 'Published',
  ARCHIVED: 'Archived',
};
