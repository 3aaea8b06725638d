import { AccountTokenEntity } from './account/account-token.entity.js';
import { ArticleRevisionEntity, ArticleEntity } from './article/article.entity.js';
import { ArticleVoteEntity } from './article-feedback/article-vote.entity.js';
import { ApiTokenEntity, SessionEntity } from './auth/auth.entity.js';
import { CategoryEntity } from './category/category.entity.js';
import { CommentEntity, CommentRevisionEntity, CommentVoteEntity } from './comment/comment.entity.js';
import { MailEntity, MailSuppressionEntity } from './mail/mail.entity.js';
import { FlagEntity, ModerationActionEntity } from './moderation/moderation.entity.js';
import { FollowEntity, NotificationEntity, NotificationOutboxEntity } from './notification/notification.entity.js';
import { SectionEntity } from './section/section.entity.js';
import { UserIdentityEntity } from './sso/sso.entity.js';
import { UserEntity } from './user/user.entity.js';
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook/webhook.entity.js';

/** Every TypeORM entity, one line per module. */
export const entities = [
  UserEntity,
  SessionEntity,
  ApiTokenEntity,
  AccountTokenEntity,
  CategoryEntity,
  SectionEntity,
  ArticleEntity,
  ArticleRevisionEntity,
  ArticleVoteEntity,
  CommentEntity,
  CommentVoteEntity,
  CommentRevisionEntity,
  FlagEntity,
  ModerationActionEntity,
  FollowEntity, NotificationEntity, NotificationOutboxEntity,
  MailEntity, MailSuppressionEntity,
  UserIdentityEntity,
  WebhookEndpointEntity, WebhookDeliveryEntity, WebhookDeliveryAttemptEntity,
];
