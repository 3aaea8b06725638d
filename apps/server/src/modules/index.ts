import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver, UserEmailStatusResolver } from './account/account.resolver.js';
import { ArticleFeedbackFieldsResolver, ArticleFeedbackResolver } from './article-feedback/article-feedback.resolver.js';
import { ArticleVotesSubscriptionResolver } from './article-feedback/article-feedback.subscriptions.js';
import { ArticleResolver, ArticleRevisionResolver } from './article/article.resolver.js';
import { ArchivedArticleResolver, ArticleRedirectResolver } from './article/article.redirect.resolver.js';
import { AuthResolver, SessionResolver, UserSessionsResolver } from './auth/auth.resolver.js';
import { CategoryResolver, SectionResolver } from './category/category.resolver.js';
import { ArticleCommentsResolver, CommentResolver, CommentRevisionResolver } from './comment/comment.resolver.js';
import { UserCommentsResolver } from './comment/comment.profile.resolver.js';
import { CommentSubscriptionResolver } from './comment/comment.subscriptions.js';
import { ArticleAttachmentsResolver } from './file/file.resolver.js';
import { MailFieldsResolver, MailResolver } from './mail/mail.resolver.js';
import { FlagResolver, ModerationActionResolver, ModerationQueueItemResolver, ModerationResolver } from './moderation/moderation.resolver.js';
import { ModerationQueueSubscriptionResolver } from './moderation/moderation.subscriptions.js';
import { NodeResolver } from './node/node.resolver.js';
import { ArticleFollowResolver, NotificationResolver, UserNotificationsResolver } from './notification/notification.resolver.js';
import { NotificationSubscriptionResolver } from './notification/notification.subscriptions.js';
import { NotificationPreferencesResolver } from './notification/notification-preferences.resolver.js';
import { SearchResolver } from './search/search.resolver.js';
import { insightsResolvers } from './insights/insights.resolver.js';
import { SsoResolver } from './sso/sso.resolver.js';
import { UserResolver } from './user/user.resolver.js';
import { ChangeFieldsResolver, ChangesResolver } from './changes/changes.resolver.js';
import { WebhookDeliveryFieldsResolver, WebhookEndpointFieldsResolver, WebhookNotificationResolver, WebhookResolver } from './webhook/webhook.resolver.js';

/** Every resolver of the schema, one line per module. */
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  UserResolver,
  AuthResolver, SessionResolver, UserSessionsResolver,
  AccountResolver, UserEmailStatusResolver,
  CategoryResolver,
  SectionResolver,
  ArticleResolver,
  ArticleRevisionResolver,
  ArticleAttachmentsResolver,
  ArticleRedirectResolver,
  ArchivedArticleResolver,
  ArticleFeedbackFieldsResolver,
  ArticleFeedbackResolver,
  ArticleVotesSubscriptionResolver,
  SearchResolver,
  ...insightsResolvers,
  CommentResolver,
  CommentRevisionResolver,
  ArticleCommentsResolver,
  UserCommentsResolver,
  CommentSubscriptionResolver,
  ModerationResolver,
  ModerationQueueItemResolver,
  FlagResolver,
  ModerationActionResolver,
  ModerationQueueSubscriptionResolver,
  MailResolver, MailFieldsResolver,
  SsoResolver,
  NotificationResolver, UserNotificationsResolver, ArticleFollowResolver, NotificationSubscriptionResolver, NotificationPreferencesResolver,
  WebhookResolver, WebhookEndpointFieldsResolver, WebhookDeliveryFieldsResolver, WebhookNotificationResolver,
  ChangesResolver, ChangeFieldsResolver,
];
