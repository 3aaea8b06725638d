import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectColumns } from '../../db/columns.js';
import { PageArgs } from '../../graphql/connection.js';
import { connectionSelection } from '../../graphql/lookahead.js';
import type { Context } from '../../graphql/context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { listArticles } from '../article/article.queries.js';
import { ArticleConnection, ArticleOrderEnum } from '../article/article.type.js';
import { SectionEntity } from '../section/section.entity.js';
import { CategoryEntity } from './category.entity.js';
import {
  Category,
  CategoryPayload,
  CreateCategoryInput,
  CreateSectionInput,
  Section,
  SectionPayload,
} from './category.type.js';

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'All categories, in their position order.' })
  categories(@Ctx() ctx: Context) {
    return ctx.db.query(`select ${selectColumns(ctx.db, CategoryEntity, 'c')} from categories c order by c.position, c.name, c.id`);
  }

  @Query(() => Category, { nullable: true, description: 'A category by its slug.' })
  async category(@Arg('slug', () => String, { description: 'The category slug.' }) slug: string, @Ctx() ctx: Context) {
    const [row] = await ctx.db.query(`select ${selectColumns(ctx.db, CategoryEntity, 'c')} from categories c where c.slug = $1`, [slug]);
    return row ?? null;
  }

  @FieldResolver(() => ID, { description: 'The opaque global id of the category.' })
  id(@Root() row: CategoryEntity) {
    return toGlobalId('Category', row.id);
  }

  @FieldResolver(() => [Section], { description: 'The sections of the category, in their position order.' })
  sections(@Root() row: CategoryEntity, @Ctx() ctx: Context) {
    return ctx.loaders.categories.sections.load(row.id);
  }

  @Authorized('ADMIN')
  @Mutation(() => CategoryPayload, { description: 'Create a category (ADMIN).' })
  async createCategory(@Arg('input', () => CreateCategoryInput, { description: 'The input of the mutation.' }) input: CreateCategoryInput, @Ctx() ctx: Context) {
    return { category: await ctx.services.categories.createCategory(ctx.viewer, input) };
  }
}

@Resolver(() => Section)
export class SectionResolver {
  @Query(() => Section, { nullable: true, description: 'A section by its slug.' })
  async section(@Arg('slug', () => String, { description: 'The section slug.' }) slug: string, @Ctx() ctx: Context) {
    const [row] = await ctx.db.query(`select ${selectColumns(ctx.db, SectionEntity, 's')} from sections s where s.slug = $1`, [slug]);
    return row ?? null;
  }

  @FieldResolver(() => ID, { description: 'The opaque global id of the section.' })
  id(@Root() row: SectionEntity) {
    return toGlobalId('Section', row.id);
  }

  @FieldResolver(() => Category, { description: 'The category the section belongs to.' })
  category(@Root() row: SectionEntity, @Ctx() ctx: Context) {
    return ctx.loaders.categories.byId.load(row.categoryId);
  }

  @FieldResolver(() => ArticleConnection, { description: 'The articles of the section the viewer may read.' })
  articles(
    @Root() row: SectionEntity,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('orderBy', () => ArticleOrderEnum, { nullable: true, description: 'Sort order; POSITION by default.' })
    orderBy: ArticleOrderEnum | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return listArticles(ctx.db, ctx.viewer, page, { sectionId: row.id, orderBy: orderBy ?? ArticleOrderEnum.POSITION }, connectionSelection(info));
  }

  @Authorized('ADMIN')
  @Mutation(() => SectionPayload, { description: 'Create a section in a category (ADMIN).' })
  async createSection(@Arg('input', () => CreateSectionInput, { description: 'The input of the mutation.' }) input: CreateSectionInput, @Ctx() ctx: Context) {
    return { section: await ctx.services.categories.createSection(ctx.viewer, input) };
  }
}

