import type { FlagReason, HideReason, ModerationActionKind, Role, UserStatus } from '@atrium/schema';

export const FLAG_REASONS: Array<{ value: FlagReason; label: string }> = [
  { value: 'SPAM', label: 'Spam or advertising' },
  { value: 'ABUSE', label: 'Harassment, hate or abuse' },
  { value: 'OFF_TOPIC', label: 'Off topic' },
  { value: 'OTHER', label: 'Something else' },
];

export const HIDE_REASONS: Array<{ value: HideReason; label: string }> = [
  { value: 'SPAM', label: 'Spam' },
  { value: 'ABUSE', label: 'Abuse' },
  { value: 'OFF_TOPIC', label: 'Off topic' },
  { value: 'OUTDATED', label: 'Outdated' },
  { value: 'DUPLICATE', label: 'Duplicate' },
  { value: 'RESOLVED', label: 'Resolved' },
];

export function flagReasonLabel(r: FlagReason): string {
  return FLAG_REASONS.find((x) => x.value === r)?.label ?? r;
}
export function hideReasonLabel(r: HideReason | null | undefined): string {
  return HIDE_REASONS.find((x) => x.value === r)?.label ?? '';
}

export const ACTION_LABELS: Record<ModerationActionKind, string> = {
  HIDE_COMMENT: 'hid a comment',
  UNHIDE_COMMENT: 'unhid a comment',
  DELETE_COMMENT: 'deleted a comment',
  APPROVE_COMMENT: 'approved a comment',
  REJECT_COMMENT: 'rejected a comment',
  LOCK_ARTICLE: 'locked comments on',
  UNLOCK_ARTICLE: 'unlocked comments on',
  ACCEPT_FLAG: 'accepted a report',
  DISMISS_FLAG: 'dismissed a report',
  SUSPEND_USER: 'suspended',
  BAN_USER: 'banned',
  REINSTATE_USER: 'reinstated',
  SET_ROLE: 'changed the role of',
};

export const ROLES: Array<{ value: Role; label: string }> = [
  { value: 'MEMBER', label: 'Member' },
  { value: 'AGENT', label: 'Agent' },
  { value: 'MODERATOR', label: 'Moderator' },
  { value: 'ADMIN', label: 'Admin' },
];

export const USER_STATUSES: Array<{ value: UserStatus; label: string }> = [
  { value: 'ACTIVE', label: 'Active' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'BANNED', label: 'Banned' },
];

export function isModerator(role: Role | undefined | null): boolean {
  return role === 'MODERATOR' || role === 'ADMIN';
}

/** The kinds of moderation action as filter options (nouns, unlike the log's verb phrases). */
export const ACTION_KINDS: Array<{ value: ModerationActionKind; label: string }> = [
  { value: 'HIDE_COMMENT', label: 'Hide comment' },
  { value: 'UNHIDE_COMMENT', label: 'Unhide comment' },
  { value: 'DELETE_COMMENT', label: 'Delete comment' },
  { value: 'APPROVE_COMMENT', label: 'Approve comment' },
  { value: 'REJECT_COMMENT', label: 'Reject comment' },
  { value: 'ACCEPT_FLAG', label: 'Accept report' },
  { value: 'DISMISS_FLAG', label: 'Dismiss report' },
  { value: 'LOCK_ARTICLE', label: 'Lock comments' },
  { value: 'UNLOCK_ARTICLE', label: 'Unlock comments' },
  { value: 'SUSPEND_USER', label: 'Suspend user' },
  { value: 'BAN_USER', label: 'Ban user' },
  { value: 'REINSTATE_USER', label: 'Reinstate user' },
  { value: 'SET_ROLE', label: 'Change role' },
];

/**
 * A log entry's reason for people: hides and rejections store a HideReason code, report
 * decisions the report's FlagReason code; suspensions, bans and locks the moderator's own words.
 */
export function actionReasonLabel(action: ModerationActionKind, reason: string | null | undefined): string {
  if (!reason) return '';
  if (action === 'HIDE_COMMENT' || action === 'REJECT_COMMENT') return hideReasonLabel(reason as HideReason) || reason;
  if (action === 'ACCEPT_FLAG' || action === 'DISMISS_FLAG') return flagReasonLabel(reason as FlagReason);
  return reason;
}

/** A comment's body cut to a short excerpt for lists (markdown shown as text). */
export function commentExcerpt(body: string, max = 140): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
