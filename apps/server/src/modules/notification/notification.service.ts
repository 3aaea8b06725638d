import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { PageArgs, connectionOf, paginate, type ConnectionValue } from '../../graphql/connection.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { log } from '../../lib/logger.js';
import { inTransaction } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import { ArticleEntity } from '../article/article.entity.js';
import { canSeeArticle } from '../article/article.policy.js';
import { CommentEntity } from '../comment/comment.entity.js';
import { assertCanWrite } from '../user/user.policy.js';
import { noopPublisher, type EventPublisher } from '../../pubsub/publisher.js';
import type { AnyDomainEvent } from '../../events/catalog.js';
import type { EventLog } from '../../events/event-log.js';
import { NotificationEntity, type ModerationDecision, type NotificationKind } from './notification.entity.js';
import { NOTIFICATIONS, parseOutboxEvent, type NotificationMessage, type OutboxEvent } from './notification.events.js';
import { Outbox, type OutboxOptions, type OutboxRow } from './notification.outbox.js';
import { mayNotify, moderationDecision, type Recipient } from './notification.policy.js';
import type { MailService } from '../mail/mail.service.js';
import { NotificationMails } from './notification-mail.js';
import { NotificationMailer, type NotificationMailerOptions } from './notification-mailer.js';
import { NotificationPreferencesService } from './notification-preferences.js';
import { UnsubscribeTokens } from './notification-unsubscribe.js';

/** Rows inserted per statement while fanning out to followers. */
const FAN_OUT_CHUNK = 500;
const MAX_MARK_IDS = 100;

const RECIPIENT_COLUMNS = `u.id, u.handle, u.role, u.status, u.suspended_until as "suspendedUntil"`;

interface Pending {
  recipient: Recipient;
  kind: NotificationKind;
}

/** Notification email: where mails go and what signs their unsubscribe links. */
export interface NotificationMailOptions extends Partial<NotificationMailerOptions> {
  mail: MailService;
  /** config.publicUrl (read per mail). */
  publicUrl: () => string;
  /** APP_SECRET; null: a key generated once and kept in app_secrets. */
  appSecret: string | null;
}

/**
 * Follows and notifications. The comment events of the domain event log leave work in the
 * outbox in the writer's transaction (events.onRecorded); the outbox worker turns it into
 * notifications and publishes NOTIFICATIONS after its own commit.
 */
export class NotificationService {
  readonly outbox: Outbox<NotificationMessage>;
  readonly preferences: NotificationPreferencesService;
  readonly unsubscribeTokens: UnsubscribeTokens | null = null;
  /** Instant mails and digests; null without a mail service (then nothing is mailed). */
  readonly mailer: NotificationMailer | null = null;
  constructor(
    private readonly db: Db,
    log: Pick<EventLog, 'onRecorded'>,
    private events: EventPublisher = noopPublisher,
    options: Partial<OutboxOptions> = {},
    mail?: NotificationMailOptions,
  ) {
    this.preferences = new NotificationPreferencesService(db);
    if (mail) {
      this.unsubscribeTokens = new UnsubscribeTokens(db, mail.appSecret);
      this.mailer = new NotificationMailer(db, mail.mail, new NotificationMails(mail.publicUrl, this.unsubscribeTokens), mail);
    }
    this.outbox = new Outbox<NotificationMessage>(
      db,
      'notification_outbox',
      (tx, row) => this.fanOut(tx, row),
      (messages) => {
        for (const m of messages) this.events.publish(NOTIFICATIONS, m);
      },
      options,
    );
    log.onRecorded(this.onEvent);
  }

  setPublisher(events: EventPublisher) {
    this.events = events;
  }

  /** Starts the outbox worker (createApp, after listen). */
  start() {
    this.outbox.start();
    this.unsubscribeTokens
      ?.preload()
      .catch((err) => log().error({ err }, 'unsubscribe key: could not be loaded; retried on the first mail'))
      .finally(() => this.mailer?.start());
  }

  /** Stops the worker after the batch in flight commits (createApp's close). */
  async stop() {
    await this.mailer?.stop();
    await this.outbox.stop();
    this.outbox.detach();
  }

  /** Outbox events not yet processed (for metrics). */
  backlog(): Promise<number> {
    return this.outbox.backlog();
  }

  /**
   * Runs inside the transaction of every recorded domain event: the author of a new comment
   * follows its article, and what others should hear about goes to the outbox.
   */
  private readonly onEvent = async (tx: EntityManager, event: AnyDomainEvent): Promise<void> => {
    const events: OutboxEvent[] = [];
    switch (event.type) {
      case 'comment.created':
      case 'comment.hidden':
      case 'comment.unhidden':
      case 'comment.approved':
      case 'comment.rejected': {
        const c = event.payload;
        if (event.type === 'comment.created') {
          await tx.query('insert into follows (user_id, article_id) values ($1, $2) on conflict do nothing', [c.authorId, c.articleId]);
        }
        // the automatic hide after enough flags is nobody's decision
        if (!c.actorId) break;
        // a comment others may now read: a new published one, an approved or restored one
        if (c.after.status === 'PUBLISHED' && c.before?.status !== 'PUBLISHED') {
          events.push({ type: 'COMMENT_PUBLISHED', commentId: c.commentId, articleId: c.articleId, actorId: c.actorId });
        }
        // status changes other than a new comment are moderators' (the moderation service checks the role)
        const decision = c.before ? moderationDecision({ id: c.actorId, role: 'MODERATOR' }, c.authorId, c.before.status, c.after.status) : null;
        if (decision) events.push({ type: 'COMMENT_MODERATED', commentId: c.commentId, articleId: c.articleId, actorId: c.actorId, decision });
        break;
      }
      case 'comment.answer_changed': {
        const c = event.payload;
        if (c.accepted && c.commentId === c.answerId && c.actorId) {
          events.push({ type: 'ANSWER_MARKED', commentId: c.commentId, articleId: c.articleId, actorId: c.actorId });
        }
        break;
      }
    }
    await this.outbox.enqueue(tx, events);
  };

  /** One outbox event into notifications; idempotent through (recipient_id, dedupe_key). */
  private async fanOut(tx: EntityManager, row: OutboxRow): Promise<NotificationMessage[]> {
    const event = parseOutboxEvent(row.event);
    if (!event) return [];
    // the state now, not at write time: a comment hidden or deleted since notifies nobody new
    const [comment]: CommentEntity[] = await tx.query(`select ${selectColumns(this.db, CommentEntity, 'c')} from comments c where c.id = $1`, [event.commentId]);
    const [article]: ArticleEntity[] = await tx.query(`select ${selectColumns(this.db, ArticleEntity, 'a')} from articles a where a.id = $1`, [event.articleId]);
    if (!comment || !article) return [];
    const exclude = new Set([event.actorId]);
    const base = { articleId: article.id, commentId: comment.id, actorId: event.actorId, outboxId: row.id, createdAt: row.createdAt, comment, article };

    if (event.type === 'COMMENT_MODERATED') {
      if (comment.authorId === event.actorId) return [];
      const [author] = await this.recipients(tx, [comment.authorId]);
      if (!author || !mayNotify(author, comment, article)) return [];
      return this.insert(tx, [{ recipient: author, kind: 'MODERATION' }], { ...base, detail: event.decision, dedupeKey: `e:${row.id}` });
    }

    // a comment nobody but its author and staff can read notifies nobody
    if (comment.status !== 'PUBLISHED') return [];

    if (event.type === 'ANSWER_MARKED') {
      // still the answer when the worker gets to it: the question's author hears of it (once per answer)
      if (!comment.acceptedAt || comment.path.length < 2) return [];
      const [root]: Array<{ authorId: string; status: string }> = await tx.query('select author_id as "authorId", status from comments where id = $1', [comment.path[0]]);
      if (!root || root.status === 'DELETED' || root.authorId === event.actorId) return [];
      const [asker] = await this.recipients(tx, [root.authorId]);
      if (!asker || !mayNotify(asker, comment, article)) return [];
      return this.insert(tx, [{ recipient: asker, kind: 'OFFICIAL_ANSWER' }], { ...base, detail: null, dedupeKey: `a:${comment.id}` });
    }
    exclude.add(comment.authorId);
    const opts = { ...base, detail: null, dedupeKey: `c:${comment.id}` };
    const out: NotificationMessage[] = [];

    // the direct addressees first, so their more specific kind wins the dedupe key
    const direct = new Map<string, NotificationKind>();
    if (comment.parentId) {
      const [parent]: Array<{ authorId: string; status: string }> = await tx.query('select author_id as "authorId", status from comments where id = $1', [comment.parentId]);
      if (parent && parent.status !== 'DELETED') direct.set(parent.authorId, comment.isOfficial ? 'OFFICIAL_ANSWER' : 'REPLY');
    }
    if (comment.isOfficial && comment.path.length > 1) {
      // the author of the thread's question hears about an official answer anywhere in it
      const [root]: Array<{ authorId: string; status: string }> = await tx.query('select author_id as "authorId", status from comments where id = $1', [comment.path[0]]);
      if (root && root.status !== 'DELETED') direct.set(root.authorId, 'OFFICIAL_ANSWER');
    }
    for (const id of exclude) direct.delete(id);
    if (direct.size) {
      const users = await this.recipients(tx, [...direct.keys()]);
      const pending = users.filter((u) => mayNotify(u, comment, article)).map((u) => ({ recipient: u, kind: direct.get(u.id)! }));
      out.push(...(await this.insert(tx, pending, opts)));
    }

    // then the article's followers, a chunk at a time (keyset over user ids)
    const followerKind: NotificationKind = comment.isOfficial ? 'OFFICIAL_ANSWER' : 'NEW_COMMENT';
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const chunk: Recipient[] = await tx.query(
        `select ${RECIPIENT_COLUMNS} from follows f join users u on u.id = f.user_id
         where f.article_id = $1 and f.user_id > $2 order by f.user_id limit $3`,
        [article.id, after, FAN_OUT_CHUNK],
      );
      if (!chunk.length) break;
      after = chunk[chunk.length - 1].id;
      const pending = chunk
        .filter((u) => !exclude.has(u.id) && !direct.has(u.id) && mayNotify(u, comment, article))
        .map((u) => ({ recipient: u, kind: followerKind }));
      out.push(...(await this.insert(tx, pending, opts)));
      if (chunk.length < FAN_OUT_CHUNK) break;
    }
    return out;
  }

  private recipients(tx: EntityManager, ids: string[]): Promise<Recipient[]> {
    return tx.query(`select ${RECIPIENT_COLUMNS} from users u where u.id = any($1::uuid[])`, [ids]);
  }

  private async insert(
    tx: EntityManager,
    pending: Pending[],
    o: {
      articleId: string; commentId: string; actorId: string; outboxId: string; createdAt: Date; detail: ModerationDecision | null; dedupeKey: string;
      comment: CommentEntity; article: ArticleEntity;
    },
  ): Promise<NotificationMessage[]> {
    if (!pending.length) return [];
    const rows: Array<{ id: string; recipientId: string; kind: NotificationKind }> = await tx.query(
      `insert into notifications (recipient_id, kind, article_id, comment_id, actor_id, detail, dedupe_key, outbox_id, created_at)
       select t.recipient, t.kind, $3, $4, $5, $6, $7, $8, $9 from unnest($1::uuid[], $2::text[]) as t(recipient, kind)
       on conflict (recipient_id, dedupe_key) do nothing
       returning id, recipient_id as "recipientId", kind`,
      [pending.map((p) => p.recipient.id), pending.map((p) => p.kind), o.articleId, o.commentId, o.actorId, o.detail, o.dedupeKey, o.outboxId, o.createdAt],
    );
    // instant mails in this same transaction: a notification and its mail commit together
    await this.mailer?.notificationsCreated(tx, rows.map((r) => ({ notificationId: r.id, recipientId: r.recipientId, kind: r.kind })), o);
    return rows.map((r) => ({ notificationId: r.id, recipientId: r.recipientId }));
  }

  /**
   * A notice to every active admin, in the caller's transaction (e.g. a webhook endpoint that
   * was disabled for failing); once per recipient and dedupeKey. Not mailed.
   */
  async noticeToAdmins(tx: EntityManager, notice: { kind: 'WEBHOOK_DISABLED'; detail: string; dedupeKey: string }): Promise<void> {
    // shown on the admins' next look at their notifications (not pushed live, not mailed)
    await tx.query(
      `insert into notifications (recipient_id, kind, detail, dedupe_key)
       select u.id, $1, $2, $3 from users u where u.role = 'ADMIN' and u.status = 'ACTIVE'
       on conflict (recipient_id, dedupe_key) do nothing`,
      [notice.kind, notice.detail, notice.dedupeKey],
    );
  }

  /**
   * A notice to one user, in the caller's transaction (e.g. the weekly article-health summary);
   * once per recipient and dedupeKey. Not pushed live, not mailed (the caller mails if it wants).
   * Returns whether it was created (false: it already existed).
   */
  async noticeTo(tx: EntityManager, notice: { recipientId: string; kind: 'WEEKLY_ARTICLE_SUMMARY'; detail: string; dedupeKey: string }): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `insert into notifications (recipient_id, kind, detail, dedupe_key) values ($1, $2, $3, $4)
       on conflict (recipient_id, dedupe_key) do nothing returning id`,
      [notice.recipientId, notice.kind, notice.detail, notice.dedupeKey],
    );
    return rows.length > 0;
  }

  // --- follows ---

  /** Follow or unfollow an article the viewer may read; idempotent. */
  async setFollowing(viewer: Viewer | null, articleId: string, following: boolean): Promise<ArticleEntity> {
    assertCanWrite(viewer);
    const uuid = decodeId(articleId, 'Article', 'articleId');
    return inTransaction(this.db, async (tx) => {
      const [article]: ArticleEntity[] = await tx.query(`select ${selectColumns(this.db, ArticleEntity, 'a')} from articles a where a.id = $1`, [uuid]);
      if (!article || !canSeeArticle(viewer, article)) throw new NotFoundError('article');
      if (following) {
        await tx.query('insert into follows (user_id, article_id) values ($1, $2) on conflict do nothing', [viewer.id, uuid]);
      } else {
        await tx.query('delete from follows where user_id = $1 and article_id = $2', [viewer.id, uuid]);
      }
      return article;
    });
  }

  // --- the viewer's notifications ---

  /** The recipient's notifications, newest first; an empty list for anyone else. */
  list(viewer: Viewer | null, userId: string, page: PageArgs, unreadOnly: boolean): Promise<ConnectionValue<NotificationEntity>> | ConnectionValue<NotificationEntity> {
    if (!viewer || viewer.id !== userId) {
      return connectionOf<NotificationEntity>([], { hasNextPage: false, hasPreviousPage: false, totalCount: () => 0 });
    }
    const where = ['n.recipient_id = $1', ...(unreadOnly ? ['n.read_at is null'] : [])];
    return paginate<NotificationEntity>(this.db, page, {
      tag: unreadOnly ? 'notifications:unread' : 'notifications',
      from: `select ${selectColumns(this.db, NotificationEntity, 'n')} from notifications n`,
      where,
      params: [viewer.id],
      keys: [
        { sql: 'n.created_at', cast: 'timestamptz' },
        { sql: 'n.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  async unreadCount(userId: string, runner: Pick<Db, 'query'> = this.db): Promise<number> {
    const [{ n }] = await runner.query('select count(*)::int as n from notifications where recipient_id = $1 and read_at is null', [userId]);
    return n;
  }

  /**
   * Marks the given notifications of the viewer read (all of them without ids). An id of
   * anything but the viewer's own notification is NOT_FOUND and nothing is marked.
   */
  async markRead(viewer: Viewer | null, ids: string[] | null | undefined): Promise<{ unreadCount: number; notifications: NotificationEntity[] | null }> {
    assertCanWrite(viewer);
    if (ids == null) {
      return inTransaction(this.db, async (tx) => {
        await tx.query('update notifications set read_at = now() where recipient_id = $1 and read_at is null', [viewer.id]);
        return { unreadCount: await this.unreadCount(viewer.id, tx), notifications: null };
      });
    }
    if (ids.length > MAX_MARK_IDS) throw new BadUserInputError(`At most ${MAX_MARK_IDS} ids.`, { field: 'ids' });
    const uuids = ids.map((id) => decodeId(id, 'Notification', 'ids'));
    const unique = [...new Set(uuids)];
    return inTransaction(this.db, async (tx) => {
      const rows = await returningRows<NotificationEntity>(
        tx,
        `update notifications n set read_at = coalesce(n.read_at, now()) where n.recipient_id = $1 and n.id = any($2::uuid[])
         returning ${selectColumns(this.db, NotificationEntity, 'n')}`,
        [viewer.id, unique],
      );
      if (rows.length !== unique.length) throw new NotFoundError('notification');
      const byId = new Map(rows.map((r) => [r.id, r]));
      return { unreadCount: await this.unreadCount(viewer.id, tx), notifications: uuids.map((u) => byId.get(u)!) };
    });
  }
}
