import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';
import { Article } from '../article/article.type.js';
import { Comment } from '../comment/comment.type.js';

export enum NotificationKindEnum {
  REPLY = 'REPLY',
  NEW_COMMENT = 'NEW_COMMENT',
  OFFICIAL_ANSWER = 'OFFICIAL_ANSWER',
  MODERATION = 'MODERATION',
  WEBHOOK_DISABLED = 'WEBHOOK_DISABLED',
  WEEKLY_ARTICLE_SUMMARY = 'WEEKLY_ARTICLE_SUMMARY',
}
registerEnumType(NotificationKindEnum, {
  name: 'NotificationKind',
  description: 'What a notification is about.',
  valuesConfig: {
    REPLY: { description: 'Someone replied to your comment.' },
    NEW_COMMENT: { description: 'A new comment on an article you follow.' },
    OFFICIAL_ANSWER: { description: 'Staff answered on an article you follow or in a thread you started, or marked a reply as the answer to your question.' },
    MODERATION: { description: 'A moderator approved, rejected, hid or restored your comment.' },
    WEBHOOK_DISABLED: { description: 'For admins: a webhook endpoint kept failing and was disabled (see `webhookEndpoint`).' },
    WEEKLY_ARTICLE_SUMMARY: { description: 'For staff who own articles: the weekly summary, some of their articles are in the article-health attention queue (see `attentionQueue`; the web app links to /insights).' },
  },
});

export enum NotificationModerationDecisionEnum {
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  HIDDEN = 'HIDDEN',
  UNHIDDEN = 'UNHIDDEN',
}
registerEnumType(NotificationModerationDecisionEnum, {
  name: 'NotificationModerationDecision',
  description: 'What a moderator decided about your comment (MODERATION notifications).',
  valuesConfig: {
    APPROVED: { description: 'Your pending comment was approved and is now published.' },
    REJECTED: { description: 'Your pending comment was rejected; it stays hidden.' },
    HIDDEN: { description: 'Your comment was hidden from other readers.' },
    UNHIDDEN: { description: 'Your hidden comment was restored.' },
  },
});

@ObjectType('Notification', { implements: Node, description: 'Something that happened that the recipient should know about. Only the recipient sees it.' })
export class Notification extends Node {
  @Field(() => ID, { description: 'The opaque global id of the notification.' })
  declare id: string;
  @Field(() => NotificationKindEnum, { description: 'What the notification is about.' })
  kind!: NotificationKindEnum;
  @Field(() => Article, { nullable: true, description: 'The article concerned; null when the viewer may no longer read it.' })
  article!: Article | null;
  @Field(() => Comment, { nullable: true, description: 'The comment concerned; null when the viewer may no longer see it (deleted, hidden, ...).' })
  comment!: Comment | null;
  @Field(() => NotificationModerationDecisionEnum, { nullable: true, description: 'For MODERATION: what the moderator decided; null for other kinds.' })
  moderationDecision!: NotificationModerationDecisionEnum | null;
  @Field(() => Boolean, { description: 'Whether the recipient has marked it read.' })
  read!: boolean;
  @Field(() => Date, { nullable: true, description: 'When it was marked read; null while unread.' })
  readAt!: Date | null;
  @Field(() => Date, { description: 'When the event happened.' })
  createdAt!: Date;
}

@ObjectType('NotificationConnection', { description: 'A page of notifications, newest first.' })
export class NotificationConnection extends Connection(Notification, 'Notification') {}
