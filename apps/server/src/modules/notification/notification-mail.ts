import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../../graphql/global-id.js';
import { plainText } from '../../lib/markdown.js';
import type { OutgoingMail } from '../mail/mail.service.js';
import { escapeHtml } from '../search/search.snippet.js';
import type { ModerationDecision, NotificationKind } from './notification.entity.js';
import { TOPIC_NAMES, topicOf, type EmailTopic } from './notification-preferences.js';
import type { UnsubscribeTokens } from './notification-unsubscribe.js';

/**
 * What notification mails are made of. Every mail has a text and an HTML part, the comment
 * as the server renders it (the stored, sanitized bodyHtml; its plain text for the text
 * part), an absolute link to it, a link to the account page's settings and a signed
 * one-click unsubscribe link in the body and in the RFC 8058 headers.
 */
export interface MailItem {
  kind: NotificationKind;
  decision: ModerationDecision | null;
  actorName: string | null;
  article: { slug: string; title: string };
  comment: { id: string; body: string; bodyHtml: string; status: string };
}

const DECISION_WORDS: Record<ModerationDecision, string> = { APPROVED: 'approved', REJECTED: 'rejected', HIDDEN: 'hidden', UNHIDDEN: 'restored' };

/** The one sentence that says what happened. */
export function headline(item: MailItem): string {
  const who = item.actorName ?? 'Someone';
  const where = `“${item.article.title}”`;
  switch (item.kind) {
    case 'REPLY':
      return `${who} replied to your comment on ${where}`;
    case 'OFFICIAL_ANSWER':
      return `${who} (staff) answered on ${where}`;
    case 'NEW_COMMENT':
      return `${who} commented on ${where}`;
    case 'MODERATION':
      return `A moderator ${DECISION_WORDS[item.decision ?? 'HIDDEN']} your comment on ${where}`;
    case 'WEBHOOK_DISABLED':
      return 'A webhook endpoint kept failing and was disabled';
    case 'WEEKLY_ARTICLE_SUMMARY':
      return 'Articles you own need attention this week';
  }
}

/**
 * Whether the comment's text goes into the mail: only a published comment (a moderation
 * mail about a hidden or rejected comment says what happened, not what was hidden).
 */
export function showsText(item: MailItem): boolean {
  return item.comment.status === 'PUBLISHED';
}

export class NotificationMails {
  constructor(
    /** config.publicUrl, read when a mail is made (with PORT=0 it is known only once the app listens). */
    private readonly base: () => string,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  private get publicUrl(): string {
    return this.base();
  }

  commentUrl(item: MailItem): string {
    return `${this.publicUrl}/articles/${encodeURIComponent(item.article.slug)}#comment-${toGlobalId('Comment', item.comment.id)}`;
  }

  private async footer(tx: EntityManager, userId: string, topics: EmailTopic[], why: string) {
    const unsubscribeUrl = `${this.publicUrl}/unsubscribe?token=${await this.tokens.sign(userId, topics, tx)}`;
    const settingsUrl = `${this.publicUrl}/account#email-notifications`;
    const what = topics.map((t) => TOPIC_NAMES[t]).join(' and ');
    return {
      headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      text: `--\n${why}\nUnsubscribe from ${what}: ${unsubscribeUrl}\nAll email settings: ${settingsUrl}\n`,
      html:
        `<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #e5e7eb;color:#6b7280;font-size:12px">${escapeHtml(why)}<br>` +
        `<a href="${escapeHtml(unsubscribeUrl)}" style="color:#6b7280">Unsubscribe from ${escapeHtml(what)}</a> · ` +
        `<a href="${escapeHtml(settingsUrl)}" style="color:#6b7280">All email settings</a></p>`,
    };
  }

  private itemText(item: MailItem): string {
    const quote = showsText(item) ? `\n${plainText(item.comment.body).replace(/^/gm, '> ')}\n` : '';
    return `${headline(item)}:\n${quote}\nView it: ${this.commentUrl(item)}\n`;
  }

  private itemHtml(item: MailItem): string {
    const quote = showsText(item)
      ? `<blockquote style="margin:12px 0;padding:8px 12px;border-left:3px solid #d1d5db;color:#111827">${item.comment.bodyHtml}</blockquote>`
      : '';
    return `<p style="margin:16px 0 4px;font-weight:600">${escapeHtml(headline(item))}</p>${quote}<p style="margin:4px 0 0"><a href="${escapeHtml(this.commentUrl(item))}">View the comment</a></p>`;
  }

  /** One notification, mailed as it happens (dedupe key: the notification's id). */
  async instant(tx: EntityManager, to: { userId: string; email: string }, notificationId: string, item: MailItem): Promise<OutgoingMail> {
    const topic = topicOf(item.kind);
    const foot = await this.footer(tx, to.userId, [topic], `You get this mail because your email setting for ${TOPIC_NAMES[topic]} is "instantly".`);
    return {
      to: to.email,
      userId: to.userId,
      kind: item.kind,
      dedupeKey: notificationId,
      subject: headline(item),
      text: `${this.itemText(item)}\n${foot.text}`,
      html: page(`${this.itemHtml(item)}${foot.html}`),
      headers: foot.headers,
    };
  }

  /** One digest: every item of the period, oldest first. */
  async digest(
    tx: EntityManager,
    to: { userId: string; email: string },
    period: { kind: 'DAILY' | 'WEEKLY'; label: string; key: string },
    items: MailItem[],
  ): Promise<OutgoingMail> {
    const topics = [...new Set(items.map((i) => topicOf(i.kind)))];
    const cadence = period.kind === 'DAILY' ? 'daily' : 'weekly';
    const foot = await this.footer(tx, to.userId, topics, `You get this ${cadence} digest because of your email settings for ${topics.map((t) => TOPIC_NAMES[t]).join(' and ')}.`);
    const title = `Your ${cadence} digest: ${items.length} notification${items.length === 1 ? '' : 's'} (${period.label})`;
    return {
      to: to.email,
      userId: to.userId,
      kind: 'DIGEST',
      dedupeKey: `digest:${to.userId}:${period.key}`,
      subject: title,
      text: `${title}\n\n${items.map((i) => this.itemText(i)).join('\n')}\n${foot.text}`,
      html: page(`<h1 style="font-size:18px;margin:0 0 8px">${escapeHtml(title)}</h1>${items.map((i) => this.itemHtml(i)).join('')}${foot.html}`),
      headers: foot.headers,
    };
  }
}

/** A whole HTML document with inline styles (mail clients drop style sheets). */
function page(content: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
    `<body style="margin:0;padding:24px;background:#f9fafb;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:15px;line-height:1.5;color:#111827">` +
    `<div style="max-width:600px;margin:0 auto;padding:24px;background:#fff;border:1px solid #e5e7eb;border-radius:8px">${content}</div></body></html>`;
}
