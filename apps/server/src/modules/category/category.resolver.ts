import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectColumns } from '../../db/columns.js';
import { PageArgs } from '../../graphql/connection.js';
import { connectionSelection } from '../../graphql/lookahead.js';
import type { Context } from '../context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { slugMatchSql } from '../../lib/slug-history.js';
import { listArticles } from '../article/article.queries.js';
import { ArticleConnection, ArticleOrderEnum } from '../article/article.type.js';
import { SectionEntity } from '../section/section.entity.js';
import { CategoryEntity } from './category.entity.js';
import {
  DeleteCategoryInput,
  DeleteCategoryPayload,
  DeleteSectionInput,
  DeleteSectionPayload,
  ReorderCategoriesInput,
  ReorderCategoriesPayload,
  ReorderSectionsInput,
  ReorderSectionsPayload,
  UpdateCategoryInput,
  UpdateSectionInput,
} from './category.inputs.js';
import { canManageStructure } from './category.policy.js';
import {
  Category,
  CategoryPayload,
  CreateCategoryInput,
  CreateSectionInput,
  Section,
  SectionPayload,
} from './category.type.js';

const INPUT = { description: 'The input of the mutation.' };

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'All categories, in their position order.' })
  categories(@Ctx() ctx: Context) {
    return ctx.db.query(`select ${selectColumns(ctx.db, CategoryEntity, 'c')} from categories c order by c.position, c.name, c.id`);
  }

  @Query(() => Category, {
    nullable: true,
    description: 'A category by its slug, or by an old slug it had (or of a deleted category whose sections it received): compare `slug` to see which.',
  })
  async category(@Arg('slug', () => String, { description: 'The category slug.' }) slug: string, @Ctx() ctx: Context) {
    const [row] = await ctx.db.query(
      `select ${selectColumns(ctx.db, CategoryEntity, 'c')} from categories c where ${slugMatchSql('category', 'c', '$1')}`,
      [slug],
    );
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

  @FieldResolver(() => Boolean, { description: 'Whether the viewer may change the structure of the help center (ADMIN).' })
  viewerCanManage(@Ctx() ctx: Context) {
    return canManageStructure(ctx.viewer);
  }

  @Mutation(() => CategoryPayload, { description: 'Create a category (ADMIN).' })
  async createCategory(@Arg('input', () => CreateCategoryInput, INPUT) input: CreateCategoryInput, @Ctx() ctx: Context) {
    return { category: await ctx.services.categories.createCategory(ctx.viewer, input) };
  }

  @Mutation(() => CategoryPayload, { description: 'Rename, describe or re-slug a category (ADMIN); its old slug keeps working.' })
  async updateCategory(@Arg('input', () => UpdateCategoryInput, INPUT) input: UpdateCategoryInput, @Ctx() ctx: Context) {
    return { category: await ctx.services.categories.updateCategory(ctx.viewer, input) };
  }

  @Mutation(() => ReorderCategoriesPayload, { description: 'Put all categories in a new order (ADMIN).' })
  async reorderCategories(@Arg('input', () => ReorderCategoriesInput, INPUT) input: ReorderCategoriesInput, @Ctx() ctx: Context) {
    return { categories: await ctx.services.categories.reorderCategories(ctx.viewer, input.categoryIds) };
  }

  @Mutation(() => DeleteCategoryPayload, {
    description: 'Delete a category (ADMIN): only an empty one, unless moveSectionsTo names a category that receives its sections and old URLs.',
  })
  async deleteCategory(@Arg('input', () => DeleteCategoryInput, INPUT) input: DeleteCategoryInput, @Ctx() ctx: Context) {
    const { deleted, movedTo } = await ctx.services.categories.deleteCategory(ctx.viewer, input);
    return { deletedCategoryId: toGlobalId('Category', deleted.id), movedTo };
  }
}

@Resolver(() => Section)
export class SectionResolver {
  @Query(() => Section, {
    nullable: true,
    description: 'A section by its slug, or by an old slug it had (or of a deleted section whose articles it received): compare `slug` to see which.',
  })
  async section(@Arg('slug', () => String, { description: 'The section slug.' }) slug: string, @Ctx() ctx: Context) {
    const [row] = await ctx.db.query(
      `select ${selectColumns(ctx.db, SectionEntity, 's')} from sections s where ${slugMatchSql('section', 's', '$1')}`,
      [slug],
    );
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

  @FieldResolver(() => Int, { description: 'How many articles of the section the viewer may read (for staff: every status, drafts and archived ones too).' })
  articleCount(@Root() row: SectionEntity, @Ctx() ctx: Context) {
    return ctx.loaders.articles.countBySection.load(row.id);
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

  @Mutation(() => SectionPayload, { description: 'Create a section in a category (ADMIN).' })
  async createSection(@Arg('input', () => CreateSectionInput, INPUT) input: CreateSectionInput, @Ctx() ctx: Context) {
    return { section: await ctx.services.categories.createSection(ctx.viewer, input) };
  }

  @Mutation(() => SectionPayload, {
    description: 'Rename, describe or re-slug a section, or move it to another category (ADMIN); its old slug keeps working.',
  })
  async updateSection(@Arg('input', () => UpdateSectionInput, INPUT) input: UpdateSectionInput, @Ctx() ctx: Context) {
    return { section: await ctx.services.categories.updateSection(ctx.viewer, input) };
  }

  @Mutation(() => ReorderSectionsPayload, { description: 'Put the sections of one category in a new order (ADMIN).' })
  async reorderSections(@Arg('input', () => ReorderSectionsInput, INPUT) input: ReorderSectionsInput, @Ctx() ctx: Context) {
    return { category: await ctx.services.categories.reorderSections(ctx.viewer, input.categoryId, input.sectionIds) };
  }

  @Mutation(() => DeleteSectionPayload, {
    description:
      'Delete a section (ADMIN): only an empty one (articles of every status count, archived too), unless moveArticlesTo names a section that receives its articles and old URLs.',
  })
  async deleteSection(@Arg('input', () => DeleteSectionInput, INPUT) input: DeleteSectionInput, @Ctx() ctx: Context) {
    const { deleted, movedTo } = await ctx.services.categories.deleteSection(ctx.viewer, input);
    return { deletedSectionId: toGlobalId('Section', deleted.id), category: await ctx.loaders.categories.byId.load(deleted.categoryId), movedTo };
  }
}
