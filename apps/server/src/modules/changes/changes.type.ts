import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../graphql/connection.js';
import { Article } from '../article/article.type.js';
import { Comment } from '../comment/comment.type.js';
import { EVENT_DESCRIPTIONS } from '../webhook/webhook.type.js';

/** The change feed's types: the same public event types as webhooks (COMMENT_PUBLISHED = comment.published). */
export enum ChangeTypeEnum {
  ARTICLE_PUBLISHED = 'ARTICLE_PUBLISHED',
  ARTICLE_UPDATED = 'ARTICLE_UPDATED',
  ARTICLE_ARCHIVED = 'ARTICLE_ARCHIVED',
  ARTICLE_VOTED = 'ARTICLE_VOTED',
  COMMENT_PUBLISHED = 'COMMENT_PUBLISHED',
  COMMENT_EDITED = 'COMMENT_EDITED',
  COMMENT_REMOVED = 'COMMENT_REMOVED',
  COMMENT_VOTED = 'COMMENT_VOTED',
}
registerEnumType(ChangeTypeEnum, {
  name: 'ChangeType',
  description: 'What changed (the same kinds a webhook endpoint can be sent).',
  valuesConfig: EVENT_DESCRIPTIONS,
});

@ObjectType('Change', { description: 'One thing that changed, in commit order.' })
export class Change {
  @Field(() => String, { description: 'A stable id of the change (the same as the `webhook-id` of its webhook deliveries, without `evt_`).' })
  id!: string;
  @Field(() => ChangeTypeEnum, { description: 'What changed.' })
  type!: ChangeTypeEnum;
  @Field(() => Date, { description: 'When the change committed.' })
  occurredAt!: Date;
  @Field(() => ID, { description: 'The article concerned (also for comment changes).' })
  articleId!: string;
  @Field(() => ID, { nullable: true, description: 'The comment concerned; null for article changes.' })
  commentId!: string | null;
  @Field(() => ID, { description: 'The section of the article.' })
  sectionId!: string;
  @Field(() => Article, { nullable: true, description: 'The article as the viewer may see it now; null when the viewer may not.' })
  article!: object | null;
  @Field(() => Comment, { nullable: true, description: 'The comment as the viewer may see it now; null for article changes, removed comments, or when the viewer may not.' })
  comment!: object | null;
}

@ObjectType('ChangeEdge', { simpleResolvers: true, description: 'An edge in the change feed.' })
export class ChangeEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this change.' })
  cursor!: string;
  @Field(() => Change, { description: 'The change.' })
  node!: Change;
}

@ObjectType('ChangeConnection', {
  description:
    'A page of the change feed. No totalCount: the feed is endless; poll with `after: pageInfo.endCursor`, which is set even when the page is empty (it marks how far the feed was read).',
})
export class ChangeConnection {
  @Field(() => [ChangeEdge], { description: 'The changes with their cursors.' })
  edges!: ChangeEdge[];
  @Field(() => [Change], { description: 'The changes.' })
  nodes!: Change[];
  @Field(() => PageInfo, { description: 'endCursor: where to continue (never null); hasNextPage: more changes are readable now.' })
  pageInfo!: PageInfo;
}
