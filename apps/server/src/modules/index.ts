import type { NonEmptyArray } from 'type-graphql';
import { ArticleFeedbackFieldsResolver, ArticleFeedbackResolver } from './article-feedback/article-feedback.resolver.js';
import { ArticleResolver, ArticleRevisionResolver } from './article/article.resolver.js';
import { AuthResolver } from './auth/auth.resolver.js';
import { CategoryResolver, SectionResolver } from './category/category.resolver.js';
import { ArticleCommentsResolver, CommentResolver, CommentRevisionResolver } from './comment/comment.resolver.js';
import { FlagResolver, ModerationActionResolver, ModerationQueueItemResolver, ModerationResolver } from './moderation/moderation.resolver.js';
import { NodeResolver } from './node/node.resolver.js';
import { SearchResolver } from './search/search.resolver.js';
import { UserResolver } from './user/user.resolver.js';

/** Every resolver of the schema, one line per module. */
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  UserResolver,
  AuthResolver,
  CategoryResolver,
  SectionResolver,
  ArticleResolver,
  ArticleRevisionResolver,
  ArticleFeedbackFieldsResolver,
  ArticleFeedbackResolver,
  SearchResolver,
  CommentResolver,
  CommentRevisionResolver,
  ArticleCommentsResolver,
  ModerationResolver,
  ModerationQueueItemResolver,
  FlagResolver,
  ModerationActionResolver,
];
