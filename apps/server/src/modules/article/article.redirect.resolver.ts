import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import type { ArticleEntity } from './article.entity.js';
import { ArticlePayload } from './article.inputs.js';
import { canSeeArticle } from './article.policy.js';
import { archivedArticleBySlug, type ArchivedArticleRow } from './article.redirects.js';
import { Article } from './article.type.js';

/** The article a redirect points to, as the viewer may see it. */
async function visibleTarget(ctx: Context, articleId: string | null) {
  if (!articleId) return null;
  const target = await ctx.loaders.articles.byId.load(articleId);
  return target && canSeeArticle(ctx.viewer, target) ? target : null;
}

@ObjectType('ArchivedArticle', {
  description:
    'What anyone may learn about an archived article they follow a link to: that it was archived, and the article that replaces it, if any. Its content stays for staff (`article`).',
})
export class ArchivedArticle {
  @Field(() => String, { description: 'The current slug of the archived article (the one asked for may be an old one).' })
  slug!: string;
}

@InputType('SetArticleRedirectInput', { description: 'Archive an article and say where its readers go instead.' })
export class SetArticleRedirectInput {
  @Field(() => ID, { description: 'The article to archive (it may be archived already).' })
  articleId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'A published article its readers are sent to (the API, a 301 on GET /articles/<slug>, the web app); null: readers see that it was archived.',
  })
  redirectToId?: string | null;
}

@Resolver(() => ArchivedArticle)
export class ArchivedArticleResolver {
  @Query(() => ArchivedArticle, {
    nullable: true,
    description:
      'An archived article by its current or an old slug, for anyone: where its readers go now. null when the slug names no archived article (drafts stay invisible).',
  })
  archivedArticle(@Arg('slug', () => String, { description: 'The slug of the link followed.' }) slug: string, @Ctx() ctx: Context) {
    return archivedArticleBySlug(ctx.db, slug);
  }

  @FieldResolver(() => Article, {
    nullable: true,
    description: 'The published article that replaces it (following archived articles that redirect in turn); null: none, show that it was archived.',
  })
  redirectTo(@Root() row: ArchivedArticleRow, @Ctx() ctx: Context) {
    return visibleTarget(ctx, row.redirectToId);
  }
}

@Resolver(() => Article)
export class ArticleRedirectResolver {
  @FieldResolver(() => Article, {
    nullable: true,
    description: 'For an archived article: the article its readers are sent to (setArticleRedirect), as the viewer may see it; null for others.',
  })
  redirectTo(@Root() row: ArticleEntity, @Ctx() ctx: Context) {
    return visibleTarget(ctx, row.redirectToId);
  }

  @Mutation(() => ArticlePayload, {
    description:
      'Archive an article and send its readers to another, published one, or (redirectToId null) to a page that says it was archived (AGENT and above). Publishing it again drops the redirect. A target that is not published is BAD_USER_INPUT (reason TARGET_NOT_PUBLISHED).',
  })
  async setArticleRedirect(@Arg('input', () => SetArticleRedirectInput, { description: 'The input of the mutation.' }) input: SetArticleRedirectInput, @Ctx() ctx: Context) {
    return { article: await ctx.services.articles.setRedirect(ctx.viewer, input.articleId, input.redirectToId ?? null) };
  }
}
