import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs, paginate } from '../../graphql/connection.js';
import { connectionSelection } from '../../graphql/lookahead.js';
import type { Context } from '../context.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { decodeId, parseGlobalId, toGlobalId } from '../../graphql/global-id.js';
import { isStaff } from '../../lib/viewer.js';
import { Section } from '../category/category.type.js';
import { User } from '../user/user.type.js';
import type { ArticleEntity, ArticleRevisionEntity } from './article.entity.js';
import { ArticleIdInput, ArticlePayload, CreateArticleInput, RestoreArticleRevisionInput, UpdateArticleInput } from './article.inputs.js';
import { canEditArticle, canSeeArticle } from './article.policy.js';
import { listArticles, type ArticleRow } from './article.queries.js';
import { Article, ArticleConnection, ArticleOrderEnum, ArticleRevision, ArticleRevisionConnection } from './article.type.js';

@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: 'An article by id or slug. Drafts and archived articles only for staff.' })
  async article(
    @Arg('id', () => ID, { nullable: true, description: 'The global id.' }) id: string | null,
    @Arg('slug', () => String, { nullable: true, description: 'The slug.' }) slug: string | null,
    @Ctx() ctx: Context,
  ) {
    if ((id == null) === (slug == null)) throw new BadUserInputError('Give exactly one of id and slug.', { field: 'id' });
    let row: ArticleEntity | null = null;
    if (id != null) {
      const parsed = parseGlobalId(id);
      if (parsed?.type === 'Article') row = await ctx.loaders.articles.byId.load(parsed.uuid);
    } else {
      row = await ctx.loaders.articles.bySlug.load(slug!);
    }
    return row && canSeeArticle(ctx.viewer, row) ? row : null;
  }

  @Query(() => ArticleConnection, { description: 'Articles the viewer may read, newest first unless ordered otherwise.' })
  articles(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('sectionId', () => ID, { nullable: true, description: 'Only articles of this section.' }) sectionId: string | null,
    @Arg('label', () => String, { nullable: true, description: 'Only articles with this label.' }) label: string | null,
    @Arg('promoted', () => Boolean, { nullable: true, description: 'Only promoted (or only not promoted) articles.' }) promoted: boolean | null,
    @Arg('orderBy', () => ArticleOrderEnum, { nullable: true, description: 'Sort order; NEWEST by default (POSITION within a section).' })
    orderBy: ArticleOrderEnum | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const section = sectionId != null ? decodeId(sectionId, 'Section', 'sectionId') : null;
    return listArticles(ctx.db, ctx.viewer, page, { sectionId: section, label, orderBy, promoted }, connectionSelection(info));
  }

  @FieldResolver(() => ID, { description: 'The opaque global id of the article.' })
  id(@Root() row: ArticleEntity) {
    return toGlobalId('Article', row.id);
  }

  @FieldResolver(() => Section, { description: 'The section the article belongs to.' })
  section(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return ctx.loaders.sections.byId.load(row.sectionId);
  }

  @FieldResolver(() => User, { description: 'Who wrote the article.' })
  author(@Root() row: ArticleRow, @Ctx() ctx: Context) {
    // lists and loaders read the author with the article
    return row.author ?? ctx.loaders.users.byId.load(row.authorId);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "The viewer's vote: true = helpful, false = not helpful, null = none." })
  viewerVote(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return ctx.viewer ? ctx.loaders.articles.viewerVote.load(row.id) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may edit the article (active staff).' })
  viewerCanEdit(@Ctx() ctx: Context) {
    return canEditArticle(ctx.viewer);
  }

  @FieldResolver(() => ArticleRevisionConnection, { nullable: true, description: 'Saved versions, newest first: staff only, null for others.' })
  revisions(@Root() row: ArticleEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context) {
    if (!isStaff(ctx.viewer)) return null;
    return paginate<ArticleRevisionEntity>(ctx.db, page, {
      tag: 'revisions',
      from: `select ${ctx.services.articles.revisionColumns('r')} from article_revisions r`,
      where: ['r.article_id = $1'],
      params: [row.id],
      keys: [
        { sql: 'r.created_at', cast: 'timestamptz' },
        { sql: 'r.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  @Mutation(() => ArticlePayload, { description: 'Create an article as a DRAFT (AGENT and above).' })
  async createArticle(@Arg('input', () => CreateArticleInput, { description: 'The input of the mutation.' }) input: CreateArticleInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.articles.create(ctx.viewer, input) };
  }

  @Mutation(() => ArticlePayload, { description: 'Change an article (AGENT and above); every change of title or body keeps a revision.' })
  async updateArticle(@Arg('input', () => UpdateArticleInput, { description: 'The input of the mutation.' }) input: UpdateArticleInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.articles.update(ctx.viewer, input) };
  }

  @Mutation(() => ArticlePayload, {
    description:
      "Make an earlier revision current again (AGENT and above): its title and body are saved as a NEW revision (restoredFrom names it), history is never rewritten. A revision that matches the article already changes nothing; one of another article is BAD_USER_INPUT on revisionId.",
  })
  async restoreArticleRevision(
    @Arg('input', () => RestoreArticleRevisionInput, { description: 'The input of the mutation.' }) input: RestoreArticleRevisionInput,
    @Ctx() ctx: Context,
  ) {
    return { article: await ctx.services.articles.restoreRevision(ctx.viewer, input) };
  }

  @Mutation(() => ArticlePayload, { description: 'Publish an article (AGENT and above).' })
  async publishArticle(@Arg('input', () => ArticleIdInput, { description: 'The input of the mutation.' }) input: ArticleIdInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.articles.setStatus(ctx.viewer, input.articleId, 'PUBLISHED') };
  }

  @Mutation(() => ArticlePayload, { description: 'Archive an article: only staff see it afterwards (AGENT and above).' })
  async archiveArticle(@Arg('input', () => ArticleIdInput, { description: 'The input of the mutation.' }) input: ArticleIdInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.articles.setStatus(ctx.viewer, input.articleId, 'ARCHIVED') };
  }
}

@Resolver(() => ArticleRevision)
export class ArticleRevisionResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the revision.' })
  id(@Root() row: ArticleRevisionEntity) {
    return toGlobalId('ArticleRevision', row.id);
  }

  @FieldResolver(() => User, { description: 'Who saved this version.' })
  author(@Root() row: ArticleRevisionEntity, @Ctx() ctx: Context) {
    return ctx.loaders.users.byId.load(row.authorId);
  }

  @FieldResolver(() => ArticleRevision, {
    nullable: true,
    description: 'The earlier revision this one copied when it was made by restoreArticleRevision; null for ordinary saves.',
  })
  restoredFrom(@Root() row: ArticleRevisionEntity, @Ctx() ctx: Context) {
    return row.restoredFromId ? ctx.loaders.articles.revisionById.load(row.restoredFromId) : null;
  }
}
