import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { log } from '../../lib/logger.js';
import { requestStorage } from '../../lib/request-context.js';
import { inTransaction } from '../../lib/tx.js';
import type { ArticleEntity } from '../article/article.entity.js';
import type { CommentEntity } from '../comment/comment.entity.js';
import type { MailService } from '../mail/mail.service.js';
import type { ModerationDecision, NotificationKind } from './notification.entity.js';
import { mayNotify, type Recipient } from './notification.policy.js';
import { FREQUENCY_OF_NOTIFICATION, PREFERENCE_SELECT, topicOf, type NotificationPreferences } from './notification-preferences.js';
import type { MailItem, NotificationMails } from './notification-mail.js';

export type DigestKind = 'DAILY' | 'WEEKLY';
export interface Period {
  kind: DigestKind;
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;

/**
 * The last complete period before `now`, in UTC: DAILY is yesterday 00:00–24:00 UTC,
 * WEEKLY the previous ISO week, Monday 00:00 UTC to the next Monday 00:00 UTC.
 */
export function lastCompletedPeriod(kind: DigestKind, now: Date): Period {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (kind === 'DAILY') return { kind, start: new Date(today - DAY_MS), end: new Date(today) };
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  const thisMonday = today - sinceMonday * DAY_MS;
  return { kind, start: new Date(thisMonday - 7 * DAY_MS), end: new Date(thisMonday) };
}

/** Who gets notification mail: a verified address (users.email_verified_at), never banned accounts. */
const MAILABLE = `u.email is not null and u.email_verified_at is not null and u.status <> 'BANNED'`;

export interface CreatedNotification {
  notificationId: string;
  recipientId: string;
  kind: NotificationKind;
}

export interface NotificationMailerOptions {
  /** The clock of the digests (tests set it). */
  now: () => Date;
  /** How often the digest job looks for a period to build. */
  digestIntervalMs: number;
}

interface DigestRow {
  id: string;
  recipientId: string;
  email: string;
  handle: string;
  role: Recipient['role'];
  status: Recipient['status'];
  suspendedUntil: Date | null;
  kind: NotificationKind;
  detail: ModerationDecision | null;
  actorName: string | null;
  commentId: string;
  body: string;
  bodyHtml: string;
  commentStatus: CommentEntity['status'];
  authorId: string;
  tombstone: boolean;
  slug: string;
  title: string;
  articleStatus: ArticleEntity['status'];
}

/**
 * Notification email: instant mails from the notification outbox worker's transaction, and
 * the scheduled daily and weekly digests. Both write through MailService.enqueue in the same
 * transaction that records what was mailed (notifications.mailed_at), so nothing is mailed
 * twice and nothing is lost; dedupe keys (the notification id, `digest:<user>:<period>`)
 * make a replay a no-op.
 */
export class NotificationMailer {
  private readonly opts: NotificationMailerOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly mail: MailService,
    private readonly mails: NotificationMails,
    opts: Partial<NotificationMailerOptions> = {},
  ) {
    this.opts = { now: opts.now ?? (() => new Date()), digestIntervalMs: opts.digestIntervalMs ?? 5 * 60_000 };
  }

  /**
   * Inside the outbox worker's transaction, right after notifications were inserted: one
   * mail each for recipients whose preference for that topic is INSTANTLY. The worker only
   * creates notifications about comments the recipient may see (a PUBLISHED one, or for
   * MODERATION their own), and showsText keeps hidden text out of moderation mails.
   */
  async notificationsCreated(
    tx: EntityManager,
    created: CreatedNotification[],
    about: { comment: CommentEntity; article: ArticleEntity; actorId: string; detail: ModerationDecision | null },
  ): Promise<void> {
    if (!created.length) return;
    const recipients: Array<NotificationPreferences & { id: string; email: string }> = await tx.query(
      `select u.id, u.email, ${PREFERENCE_SELECT} from users u left join notification_preferences p on p.user_id = u.id
       where u.id = any($1::uuid[]) and ${MAILABLE}`,
      [created.map((c) => c.recipientId)],
    );
    const byId = new Map(recipients.map((r) => [r.id, r]));
    const due = created.filter((c) => byId.get(c.recipientId)?.[topicOf(c.kind)] === 'INSTANTLY');
    if (!due.length) return;
    const [actor]: Array<{ name: string }> = await tx.query('select display_name as name from users where id = $1', [about.actorId]);
    const base = {
      decision: about.detail,
      actorName: actor?.name ?? null,
      article: { slug: about.article.slug, title: about.article.title },
      comment: { id: about.comment.id, body: about.comment.body, bodyHtml: about.comment.bodyHtml, status: about.comment.status },
    };
    for (const c of due) {
      const r = byId.get(c.recipientId)!;
      await this.mail.enqueue(tx, await this.mails.instant(tx, { userId: r.id, email: r.email }, c.notificationId, { ...base, kind: c.kind }));
    }
    await tx.query('update notifications set mailed_at = now() where id = any($1::uuid[])', [due.map((c) => c.notificationId)]);
  }

  /**
   * Builds one digest period, once across every instance: the claim (a digest_runs row,
   * `insert … on conflict do nothing`) and every mail commit together. A second instance's
   * insert waits for the first transaction and then finds the row (nothing to do); if the
   * first fails, its claim rolls back with its mails and the next run builds the period.
   * Returns the number of mails, or null when the period was already built.
   */
  async buildDigest(period: Period): Promise<number | null> {
    return inTransaction(this.db, async (tx) => {
      const claimed: unknown[] = await tx.query(
        `insert into digest_runs (period_kind, period_start, period_end) values ($1, $2, $3) on conflict do nothing returning period_kind`,
        [period.kind, period.start, period.end],
      );
      if (!claimed.length) return null;
      const rows: DigestRow[] = await tx.query(
        `select n.id, n.recipient_id as "recipientId", u.email, u.handle, u.role, u.status, u.suspended_until as "suspendedUntil",
                n.kind, n.detail, actor.display_name as "actorName",
                c.id as "commentId", c.body, c.body_html as "bodyHtml", c.status as "commentStatus", c.author_id as "authorId", c.tombstone,
                a.slug, a.title, a.status as "articleStatus"
         from notifications n
         join users u on u.id = n.recipient_id
         left join notification_preferences p on p.user_id = n.recipient_id
         join comments c on c.id = n.comment_id
         join articles a on a.id = n.article_id
         left join users actor on actor.id = n.actor_id
         where n.mailed_at is null and n.created_at >= $1 and n.created_at < $2 and ${MAILABLE}
           and ${FREQUENCY_OF_NOTIFICATION} = $3
         order by n.recipient_id, n.created_at, n.id`,
        [period.start, period.end, period.kind],
      );
      const byUser = new Map<string, DigestRow[]>();
      for (const row of rows) {
        // the visibility rules as of now: nothing hidden, pending or deleted since it happened
        if (!digestable(row)) continue;
        byUser.set(row.recipientId, [...(byUser.get(row.recipientId) ?? []), row]);
      }
      const key = `${period.kind}-${period.start.toISOString().slice(0, 10)}`;
      const label = period.kind === 'DAILY' ? key.slice(6) : `week of ${key.slice(7)}`;
      for (const [userId, items] of byUser) {
        const mail = await this.mails.digest(tx, { userId, email: items[0].email }, { kind: period.kind, key, label }, items.map(itemOf));
        await this.mail.enqueue(tx, mail);
      }
      const mailed = [...byUser.values()].flat().map((r) => r.id);
      if (mailed.length) await tx.query('update notifications set mailed_at = now() where id = any($1::uuid[])', [mailed]);
      await tx.query('update digest_runs set mails = $3 where period_kind = $1 and period_start = $2', [period.kind, period.start, byUser.size]);
      return byUser.size;
    });
  }

  /** Builds the last complete daily and weekly periods unless some instance already did. */
  async runDue(now = this.opts.now()): Promise<Array<{ period: Period; mails: number | null }>> {
    const out = [];
    for (const kind of ['DAILY', 'WEEKLY'] as const) {
      const period = lastCompletedPeriod(kind, now);
      out.push({ period, mails: await this.buildDigest(period) });
    }
    return out;
  }

  /** Runs the digest job now and every digestIntervalMs (outside any request). */
  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      if (this.running) return;
      this.running = requestStorage
        .exit(() => this.runDue())
        .catch((err) => log().error({ err }, 'notification digests: run failed; retrying on the next tick'))
        .finally(() => (this.running = null));
    };
    this.timer = setInterval(tick, this.opts.digestIntervalMs);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}

/** A digest lists what its recipient may still read: a published comment (for MODERATION, their own comment's fate). */
function digestable(row: DigestRow): boolean {
  if (row.commentStatus === 'DELETED') return false;
  const recipient: Recipient = { id: row.recipientId, handle: row.handle, role: row.role, status: row.status, suspendedUntil: row.suspendedUntil };
  const comment = { status: row.commentStatus, authorId: row.authorId, tombstone: row.tombstone };
  if (!mayNotify(recipient, comment, { status: row.articleStatus })) return false;
  return row.kind === 'MODERATION' || row.commentStatus === 'PUBLISHED';
}

function itemOf(row: DigestRow): MailItem {
  return {
    kind: row.kind,
    decision: row.detail,
    actorName: row.actorName,
    article: { slug: row.slug, title: row.title },
    comment: { id: row.commentId, body: row.body, bodyHtml: row.bodyHtml, status: row.commentStatus },
  };
}
