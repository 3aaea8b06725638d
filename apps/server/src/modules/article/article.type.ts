import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';

export enum ArticleStatusEnum {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ArticleStatusEnum, {
  name: 'ArticleStatus',
  description: 'Where an article is in its life.',
  valuesConfig: {
    DRAFT: { description: 'Being written; only staff see it.' },
    PUBLISHED: { description: 'Visible to everyone.' },
    ARCHIVED: { description: 'Withdrawn; only staff see it.' },
  },
});

export enum ArticleOrderEnum {
  POSITION = 'POSITION',
  NEWEST = 'NEWEST',
  RECENTLY_UPDATED = 'RECENTLY_UPDATED',
  MOST_HELPFUL = 'MOST_HELPFUL',
}
registerEnumType(ArticleOrderEnum, {
  name: 'ArticleOrder',
  description: 'How a list of articles is sorted.',
  valuesConfig: {
    POSITION: { description: 'The order staff gave the articles within their section.' },
    NEWEST: { description: 'Most recently published first.' },
    RECENTLY_UPDATED: { description: 'Most recently edited first.' },
    MOST_HELPFUL: { description: 'Most "helpful" votes first.' },
  },
});

@ObjectType('Article', { implements: Node, simpleResolvers: true, description: 'A knowledge-base article.' })
export class Article extends Node {
  @Field(() => ID, { description: 'The opaque global id of the article.' })
  declare id: string;
  @Field(() => String, { description: 'URL-friendly unique name.' })
  slug!: string;
  @Field(() => String, { description: 'The title.' })
  title!: string;
  @Field(() => String, { description: 'The body as markdown source.' })
  body!: string;
  @Field(() => String, { description: 'The body rendered to sanitized HTML.' })
  bodyHtml!: string;
  @Field(() => String, { description: 'The first words of the body as plain text.' })
  excerpt!: string;
  @Field(() => ArticleStatusEnum, { description: 'Draft, published or archived.' })
  status!: ArticleStatusEnum;
  @Field(() => [String], { description: 'Free-form lowercase labels.' })
  labels!: string[];
  @Field(() => Boolean, { description: 'Featured on the home page.' })
  promoted!: boolean;
  @Field(() => Int, { description: 'Position within its section (POSITION order).' })
  position!: number;
  @Field(() => Boolean, { description: 'New comments are closed to members.' })
  commentsLocked!: boolean;
  @Field(() => String, { nullable: true, description: 'Why comments were locked, when they are.' })
  commentsLockReason!: string | null;
  @Field(() => Int, { description: 'How many readers found it helpful ("3 out of 13": 3).' })
  helpfulCount!: number;
  @Field(() => Int, { description: 'How many readers voted at all ("3 out of 13": 13).' })
  voteCount!: number;
  @Field(() => Date, { description: 'When the article was created.' })
  createdAt!: Date;
  @Field(() => Date, { description: 'When the article was last changed.' })
  updatedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was first published.' })
  publishedAt!: Date | null;
}

@ObjectType('ArticleConnection', { description: 'A page of articles.' })
export class ArticleConnection extends Connection(Article, 'Article') {}

@ObjectType('ArticleRevision', { implements: Node, description: 'One saved version of an article (staff only).' })
export class ArticleRevision extends Node {
  @Field(() => ID, { description: 'The opaque global id of the revision.' })
  declare id: string;
  @Field(() => String, { description: 'The title in this version.' })
  title!: string;
  @Field(() => String, { description: 'The markdown body in this version.' })
  body!: string;
  @Field(() => Date, { description: 'When this version was saved.' })
  createdAt!: Date;
}

@ObjectType('ArticleRevisionConnection', { description: 'A page of article revisions, newest first.' })
export class ArticleRevisionConnection extends Connection(ArticleRevision, 'ArticleRevision') {}
