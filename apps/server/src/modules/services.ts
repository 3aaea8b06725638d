import type { Config } from '../config.js';
import type { Db } from '../db/data-source.js';
import { AccountService } from './account/account.service.js';
import { ArticleFeedbackService } from './article-feedback/article-feedback.service.js';
import { ArticleService } from './article/article.service.js';
import { AuthService } from './auth/auth.service.js';
import { CategoryService } from './category/category.service.js';
import { CommentService } from './comment/comment.service.js';
import { FileService } from './file/file.service.js';
import { MailService } from './mail/mail.service.js';
import { ModerationService } from './moderation/moderation.service.js';
import { WriteLimits } from './moderation/write-limits.js';
import { NotificationService } from './notification/notification.service.js';
import { SsoService } from './sso/sso.service.js';
import { UserService } from './user/user.service.js';
import { WebhookService } from './webhook/webhook.service.js';
import { ChangeFeed } from './changes/changes.service.js';
import { createPubSub } from '../pubsub/index.js';
import { EventLog } from '../events/event-log.js';
import { publishLiveEvents } from './live-events.js';
import { Clock } from '../lib/clock.js';
import { InsightsService } from './insights/insights.service.js';

/** The pubsub topic that wakes event consumers on every instance after domain events committed. */
const EVENTS_COMMITTED = 'DOMAIN_EVENTS_COMMITTED';

/** The writers of the app, built once at start and shared by every request. */
export function createServices(db: Db, config: Config) {
  // live events: in-process, or through Redis with REDIS_URL (App.close() closes it)
  const pubsub = createPubSub({ redisUrl: config.redisUrl });
  // the domain event log (#21): every write records its events in its transaction; consumers read
  // them, and those on other instances are woken through pubsub after a commit here (and poll)
  const events = new EventLog(db, { wake: { publish: () => pubsub.publish(EVENTS_COMMITTED, 1), subscribe: (h) => pubsub.subscribe(EVENTS_COMMITTED, h) } });
  const auth = new AuthService(db, config.sessionTtlDays, { ssoOnlyForStaff: config.ssoOnlyForStaff }, events);
  const articles = new ArticleService(db, events);
  const comments = new CommentService(db, config, articles, events);
  // live subscriptions follow the domain events after commit (modules/live-events.ts)
  // (user.credentials_revoked too: the sockets of revoked credentials close on every instance)
  publishLiveEvents(events, pubsub);
  // the time of the article-health signals and windows (#22); tests set it
  const clock = new Clock();
  const feedback = new ArticleFeedbackService(db, articles, events, clock);
  const users = new UserService(db);
  const moderation = new ModerationService(db, config, comments, articles, auth, users, events);
  const mail = new MailService(db, config);
  const account = new AccountService(db, config, auth, users, mail);
  // a new account's verification mail (or the notice to a taken address's owner), in the sign-up transaction
  events.onRecorded(async (tx, event) => {
    if (event.type === 'user.signed_up') await account.afterSignUp(tx, event.payload);
  });
  // the weekly owner summary's in-app notice is written by the notification module (created below; called only later)
  const insights = new InsightsService(db, config, clock, { mail, notify: (tx, notice) => notifications.noticeTo(tx, notice) });
  // an article published, revised, archived or voted on: the dashboard and queue of this instance are read again
  events.onCommitted((event) => {
    if (event.type.startsWith('article.')) insights.invalidate();
  });
  const notifications = new NotificationService(db, events, pubsub, {}, { mail, publicUrl: () => config.publicUrl, appSecret: config.appSecret });
  // webhooks (#21): an endpoint disabled for failing is a notice to admins, in the worker's transaction
  const webhooks = new WebhookService(db, { allowPrivate: config.webhookAllowPrivate, publicUrl: () => config.publicUrl }, events, (tx, endpoint) =>
    notifications.noticeToAdmins(tx, { kind: 'WEBHOOK_DISABLED', detail: endpoint.id, dedupeKey: `webhook-disabled:${endpoint.id}:${Date.now()}` }),
  );
  return {
    events,
    pubsub,
    clock,
    insights,
    auth,
    users,
    account,
    articles,
    comments,
    moderation,
    writeLimits: new WriteLimits(config),
    categories: new CategoryService(db, articles),
    feedback,
    notifications,
    webhooks,
    /** The change feed (#21): the event log as public changes. */
    changes: new ChangeFeed(db, events, () => config.publicUrl),
    mail,
    /** Uploads and attachments: bytes in PostgreSQL, or S3 with FILE_STORE=s3 (#19). */
    files: new FileService(db, config, events),
    /** Sign-in through the OpenID provider; null without OIDC_ISSUER. */
    sso: config.oidc ? new SsoService(db, auth, config, config.oidc) : null,
  };
}

export type Services = ReturnType<typeof createServices>;
