import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Article } from './article.type.js';

@InputType('CreateArticleInput', { description: 'A new article; it starts as a DRAFT.' })
export class CreateArticleInput {
  @Field(() => ID, { description: 'The section it belongs to.' })
  sectionId!: string;
  @Field(() => String, { description: 'The title (1..200 characters).' })
  title!: string;
  @Field(() => String, { description: 'The body in markdown (at most 100,000 characters).' })
  body!: string;
  @Field(() => [String], { nullable: true, description: 'Up to 10 labels.' })
  labels?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Feature it on the home page.' })
  promoted?: boolean | null;
  @Field(() => String, { nullable: true, description: 'URL-friendly name; derived from the title when omitted.' })
  slug?: string | null;
  @Field(() => Int, { nullable: true, description: 'Position within the section; last when omitted.' })
  position?: number | null;
}

@InputType('UpdateArticleInput', { description: 'Changes to an article; each save keeps a revision.' })
export class UpdateArticleInput {
  @Field(() => ID, { description: 'The article to change.' })
  articleId!: string;
  @Field(() => String, { nullable: true, description: 'A new title.' })
  title?: string | null;
  @Field(() => String, { nullable: true, description: 'A new markdown body (at most 100,000 characters).' })
  body?: string | null;
  @Field(() => [String], { nullable: true, description: 'New labels (replace the old ones).' })
  labels?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Feature it on the home page or not.' })
  promoted?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'Move it to another section.' })
  sectionId?: string | null;
  @Field(() => String, { nullable: true, description: 'A new slug.' })
  slug?: string | null;
  @Field(() => Int, { nullable: true, description: 'A new position within the section.' })
  position?: number | null;
}

@InputType('ArticleIdInput', { description: 'Names one article.' })
export class ArticleIdInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
}

@InputType('RestoreArticleRevisionInput', { description: 'Names an earlier revision of an article to make current again.' })
export class RestoreArticleRevisionInput {
  @Field(() => ID, { description: 'The article to restore (the revision must be one of its own).' })
  articleId!: string;
  @Field(() => ID, { description: "The revision whose title and body become the article's again." })
  revisionId!: string;
}

@ObjectType('ArticlePayload', { description: 'The article a mutation changed.' })
export class ArticlePayload {
  @Field(() => Article, { description: 'The article after the change.' })
  article!: object;
}
