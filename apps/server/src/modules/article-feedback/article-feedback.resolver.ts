import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root, UseMiddleware } from 'type-graphql';
import { WriteLimit } from '../moderation/write-limits.js';
import { selectColumns } from '../../db/columns.js';
import { PageArgs, paginate } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { isStaff } from '../../lib/viewer.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { ArticlePayload } from '../article/article.inputs.js';
import { Article } from '../article/article.type.js';
import { User } from '../user/user.type.js';
import { ArticleVoteEntity } from './article-vote.entity.js';
import { ArticleFeedback, ArticleFeedbackConnection, VoteArticleInput } from './article-feedback.type.js';

@Resolver(() => Article)
export class ArticleFeedbackFieldsResolver {
  @FieldResolver(() => ArticleFeedbackConnection, {
    nullable: true,
    description: 'Readers’ votes with the reasons and notes of "not helpful" ones, newest first: staff only, null for others.',
  })
  feedback(
    @Root() row: ArticleEntity,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('helpful', () => Boolean, { nullable: true, description: 'Only helpful (true) or only not helpful (false) votes.' }) helpful: boolean | null,
    @Ctx() ctx: Context,
  ) {
    if (!isStaff(ctx.viewer)) return null;
    const where = ['v.article_id = $1'];
    const params: unknown[] = [row.id];
    if (helpful != null) {
      params.push(helpful);
      where.push(`v.helpful = $2`);
    }
    return paginate<ArticleVoteEntity>(ctx.db, page, {
      tag: `feedback:${helpful}`,
      from: `select ${selectColumns(ctx.db, ArticleVoteEntity, 'v')} from article_votes v`,
      where,
      params,
      keys: [
        { sql: 'v.updated_at', cast: 'timestamptz' },
        { sql: 'v.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  @UseMiddleware(WriteLimit('vote'))
  @Mutation(() => ArticlePayload, { description: 'Vote on whether an article was helpful; change or clear (helpful: null) your vote.' })
  async voteArticle(@Arg('input', () => VoteArticleInput, { description: 'The input of the mutation.' }) input: VoteArticleInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.feedback.vote(ctx.viewer, input) };
  }
}

@Resolver(() => ArticleFeedback)
export class ArticleFeedbackResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the feedback.' })
  id(@Root() row: ArticleVoteEntity) {
    return toGlobalId('ArticleFeedback', row.id);
  }

  @FieldResolver(() => Date, { description: 'When the vote was last changed.' })
  createdAt(@Root() row: ArticleVoteEntity) {
    return row.updatedAt;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who voted.' })
  user(@Root() row: ArticleVoteEntity, @Ctx() ctx: Context) {
    return ctx.loaders.users.byId.load(row.userId);
  }
}
