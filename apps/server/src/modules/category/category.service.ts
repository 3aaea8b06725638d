import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { returningRows, selectColumns } from '../../db/columns.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { handOverSlugs, rememberOldSlug } from '../../lib/slug-history.js';
import { freeSlug } from '../../lib/free-slug.js';
import { SLUG_PATTERN, toSlug } from '../../lib/slug.js';
import { constraintOf, inTransaction, sqlState } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import type { ArticleService } from '../article/article.service.js';
import { SectionEntity } from '../section/section.entity.js';
import { CategoryEntity } from './category.entity.js';
import type { DeleteCategoryInput, DeleteSectionInput, UpdateCategoryInput, UpdateSectionInput } from './category.inputs.js';
import { assertCanManageStructure } from './category.policy.js';

interface StructureInput {
  name: string;
  slug?: string | null;
  description?: string | null;
  position?: number | null;
}

/** A category or section as another help center had it (see CategoryService.importCategory). */
export interface ImportedStructure {
  name: string;
  description: string | null;
  position: number;
  createdAt: Date;
}

function cleanName(name: string): string {
  const n = name.trim();
  if (n.length < 1 || n.length > 100) throw new BadUserInputError('name must be 1..100 characters.', { field: 'name' });
  return n;
}
function cleanSlug(slug: string): string {
  if (!SLUG_PATTERN.test(slug) || slug.length > 80) throw new BadUserInputError('slug must be lowercase letters, digits and dashes.', { field: 'slug' });
  return slug;
}
function cleanDescription(description: string | null | undefined): string | null {
  const d = description?.trim() || null;
  if (d && d.length > 500) throw new BadUserInputError('description is at most 500 characters.', { field: 'description' });
  return d;
}

function clean(input: StructureInput) {
  const name = cleanName(input.name);
  const slug = cleanSlug(input.slug ?? toSlug(name));
  const description = cleanDescription(input.description);
  if (input.position != null && (!Number.isInteger(input.position) || input.position < 0)) {
    throw new BadUserInputError('position must be 0 or more.', { field: 'position' });
  }
  return { name, slug, description, position: input.position ?? null };
}

/** The changed fields of an update; an empty description removes it. */
function cleanChanges<T extends { name: string; slug: string; description: string | null }>(
  current: T,
  input: { name?: string | null; slug?: string | null; description?: string | null },
): T {
  return {
    ...current,
    name: input.name != null ? cleanName(input.name) : current.name,
    slug: input.slug != null ? cleanSlug(input.slug) : current.slug,
    description: input.description != null ? cleanDescription(input.description) : current.description,
  };
}

/** Decodes a complete new order: every id of `current` once, nothing else. */
function newOrder(ids: readonly string[], type: 'Category' | 'Section', field: string, current: readonly string[]): string[] {
  const uuids = ids.map((id) => decodeId(id, type, field));
  const known = new Set(current);
  if (new Set(uuids).size !== uuids.length || uuids.length !== known.size || uuids.some((u) => !known.has(u))) {
    throw new BadUserInputError(`${field} must name every ${type.toLowerCase()} exactly once; the list has changed since it was read, reload it.`, {
      field,
      reason: 'STALE_ORDER',
    });
  }
  return uuids;
}

/** Categories and sections: the structure of the knowledge base (ADMIN). */
export class CategoryService {
  constructor(
    private readonly db: Db,
    private readonly articles: ArticleService,
  ) {}

  private duplicate(err: unknown): never {
    if (sqlState(err) === '23505' && /slug/.test(constraintOf(err) ?? '')) {
      throw new BadUserInputError('That slug is already taken.', { field: 'slug' });
    }
    throw err;
  }

  private async lockCategory(tx: EntityManager, categoryId: string, field = 'categoryId'): Promise<CategoryEntity> {
    const uuid = decodeId(categoryId, 'Category', field);
    const [row]: CategoryEntity[] = await tx.query(`select ${selectColumns(this.db, CategoryEntity, 'c')} from categories c where c.id = $1 for update`, [uuid]);
    if (!row) throw new NotFoundError('category');
    return row;
  }

  private async lockSection(tx: EntityManager, sectionId: string, field = 'sectionId'): Promise<SectionEntity> {
    const uuid = decodeId(sectionId, 'Section', field);
    const [row]: SectionEntity[] = await tx.query(`select ${selectColumns(this.db, SectionEntity, 's')} from sections s where s.id = $1 for update`, [uuid]);
    if (!row) throw new NotFoundError('section');
    return row;
  }

  /**
   * A category or section imported from another help center (the Zendesk importer), in the
   * caller's transaction, with its creation time: `existingId` null inserts it under a free
   * slug made from the name, else updates that row's name, description, position (and
   * category). Checked like createCategory/createSection.
   */
  async importCategory(tx: EntityManager, existingId: string | null, input: ImportedStructure): Promise<{ id: string; slug: string; created: boolean }> {
    return this.importStructure(tx, 'categories', existingId, input, null);
  }

  async importSection(tx: EntityManager, existingId: string | null, input: ImportedStructure & { categoryId: string }): Promise<{ id: string; slug: string; created: boolean }> {
    return this.importStructure(tx, 'sections', existingId, input, input.categoryId);
  }

  private async importStructure(tx: EntityManager, table: 'categories' | 'sections', existingId: string | null, input: ImportedStructure, categoryId: string | null) {
    const name = cleanName(input.name);
    const description = cleanDescription(input.description);
    const position = Math.max(0, Math.min(1_000_000, Math.trunc(input.position)));
    const section = table === 'sections';
    if (existingId) {
      const [row]: Array<{ id: string; slug: string }> = await tx.query(
        section
          ? 'update sections set name = $2, description = $3, position = $4, created_at = $5, category_id = $6 where id = $1 returning id, slug'
          : 'update categories set name = $2, description = $3, position = $4, created_at = $5 where id = $1 returning id, slug',
        section ? [existingId, name, description, position, input.createdAt, categoryId] : [existingId, name, description, position, input.createdAt],
      );
      if (row) return { ...row, created: false };
    }
    const slug = await freeSlug(tx, table, toSlug(name));
    const [row]: Array<{ id: string; slug: string }> = await tx.query(
      section
        ? 'insert into sections (slug, name, description, position, created_at, category_id) values ($1, $2, $3, $4, $5, $6) returning id, slug'
        : 'insert into categories (slug, name, description, position, created_at) values ($1, $2, $3, $4, $5) returning id, slug',
      section ? [slug, name, description, position, input.createdAt, categoryId] : [slug, name, description, position, input.createdAt],
    );
    return { ...row, created: true };
  }

  async createCategory(viewer: Viewer | null, input: StructureInput): Promise<CategoryEntity> {
    assertCanManageStructure(viewer);
    const c = clean(input);
    const rows: CategoryEntity[] = await this.db
      .query(
        `insert into categories (slug, name, description, position)
         values ($1, $2, $3, coalesce($4, (select coalesce(max(position) + 1, 0) from categories)))
         returning ${selectColumns(this.db, CategoryEntity, 'categories')}`,
        [c.slug, c.name, c.description, c.position],
      )
      .catch((e) => this.duplicate(e));
    return rows[0];
  }

  async createSection(viewer: Viewer | null, input: StructureInput & { categoryId: string }): Promise<SectionEntity> {
    assertCanManageStructure(viewer);
    const c = clean(input);
    const categoryId = decodeId(input.categoryId, 'Category', 'categoryId');
    return inTransaction(this.db, async (tx) => {
      const [cat] = await tx.query('select id from categories where id = $1 for update', [categoryId]);
      if (!cat) throw new NotFoundError('category');
      const rows: SectionEntity[] = await tx
        .query(
          `insert into sections (category_id, slug, name, description, position)
           values ($1, $2, $3, $4, coalesce($5, (select coalesce(max(position) + 1, 0) from sections where category_id = $1)))
           returning ${selectColumns(this.db, SectionEntity, 'sections')}`,
          [categoryId, c.slug, c.name, c.description, c.position],
        )
        .catch((e) => this.duplicate(e));
      return rows[0];
    });
  }

  /** Name, slug (the old one is kept in history) and description. */
  async updateCategory(viewer: Viewer | null, input: UpdateCategoryInput): Promise<CategoryEntity> {
    assertCanManageStructure(viewer);
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockCategory(tx, input.categoryId);
      const next = cleanChanges(current, input);
      const [row] = await returningRows<CategoryEntity>(
        tx,
        `update categories c set name = $2, slug = $3, description = $4 where c.id = $1
         returning ${selectColumns(this.db, CategoryEntity, 'c')}`,
        [current.id, next.name, next.slug, next.description],
      ).catch((e) => this.duplicate(e));
      await rememberOldSlug(tx, 'category', current.id, current.slug, next.slug);
      return row;
    });
  }

  /** Name, slug (the old one is kept in history), description, and its category (moved last). */
  async updateSection(viewer: Viewer | null, input: UpdateSectionInput): Promise<SectionEntity> {
    assertCanManageStructure(viewer);
    return inTransaction(this.db, async (tx) => {
      const current = await this.lockSection(tx, input.sectionId);
      const next = cleanChanges(current, input);
      if (input.categoryId != null) {
        const target = await this.lockCategory(tx, input.categoryId);
        if (target.id !== current.categoryId) {
          const [{ last }] = await tx.query('select coalesce(max(position) + 1, 0)::int as last from sections where category_id = $1', [target.id]);
          next.categoryId = target.id;
          next.position = last;
        }
      }
      const [row] = await returningRows<SectionEntity>(
        tx,
        `update sections s set name = $2, slug = $3, description = $4, category_id = $5, position = $6 where s.id = $1
         returning ${selectColumns(this.db, SectionEntity, 's')}`,
        [current.id, next.name, next.slug, next.description, next.categoryId, next.position],
      ).catch((e) => this.duplicate(e));
      await rememberOldSlug(tx, 'section', current.id, current.slug, next.slug);
      return row;
    });
  }

  async reorderCategories(viewer: Viewer | null, categoryIds: readonly string[]): Promise<CategoryEntity[]> {
    assertCanManageStructure(viewer);
    return inTransaction(this.db, async (tx) => {
      const current: Array<{ id: string }> = await tx.query('select id from categories order by id for update');
      const order = newOrder(categoryIds, 'Category', 'categoryIds', current.map((r) => r.id));
      await tx.query(
        `update categories c set position = o.ord - 1 from unnest($1::uuid[]) with ordinality o(id, ord) where c.id = o.id`,
        [order],
      );
      return tx.query(`select ${selectColumns(this.db, CategoryEntity, 'c')} from categories c order by c.position, c.name, c.id`);
    });
  }

  async reorderSections(viewer: Viewer | null, categoryId: string, sectionIds: readonly string[]): Promise<CategoryEntity> {
    assertCanManageStructure(viewer);
    return inTransaction(this.db, async (tx) => {
      const category = await this.lockCategory(tx, categoryId);
      const current: Array<{ id: string }> = await tx.query('select id from sections where category_id = $1 order by id for update', [category.id]);
      const order = newOrder(sectionIds, 'Section', 'sectionIds', current.map((r) => r.id));
      await tx.query(
        `update sections s set position = o.ord - 1 from unnest($1::uuid[]) with ordinality o(id, ord) where s.id = o.id`,
        [order],
      );
      return category;
    });
  }

  /**
   * Deletes an empty category, or first moves its sections (after the target's own) and
   * hands its URLs over to `moveSectionsTo`.
   */
  async deleteCategory(viewer: Viewer | null, input: DeleteCategoryInput): Promise<{ deleted: CategoryEntity; movedTo: CategoryEntity | null }> {
    assertCanManageStructure(viewer);
    return inTransaction(this.db, async (tx) => {
      const category = await this.lockCategory(tx, input.categoryId);
      const target = input.moveSectionsTo != null ? await this.lockCategory(tx, input.moveSectionsTo, 'moveSectionsTo') : null;
      if (target?.id === category.id) throw new BadUserInputError('moveSectionsTo must be another category.', { field: 'moveSectionsTo' });
      const [{ count }] = await tx.query('select count(*)::int as count from sections where category_id = $1', [category.id]);
      if (count > 0 && !target) {
        throw new BadUserInputError(
          `This category still has ${count} ${count === 1 ? 'section' : 'sections'}: delete or move them first, or name a category to move them to (moveSectionsTo).`,
          { field: 'moveSectionsTo', reason: 'CATEGORY_NOT_EMPTY', sectionCount: count },
        );
      }
      if (target) {
        await tx.query(
          `update sections s set category_id = $2,
             position = (select coalesce(max(position) + 1, 0) from sections where category_id = $2) + s.position
           where s.category_id = $1`,
          [category.id, target.id],
        );
        await handOverSlugs(tx, 'category', category.id, category.slug, target.id);
      }
      await tx.query('delete from categories where id = $1', [category.id]);
      return { deleted: category, movedTo: target };
    });
  }

  /**
   * Deletes an empty section (articles of every status count, archived ones too), or first
   * moves its articles (after the target's own) and hands its URLs over to `moveArticlesTo`.
   */
  async deleteSection(viewer: Viewer | null, input: DeleteSectionInput): Promise<{ deleted: SectionEntity; movedTo: SectionEntity | null }> {
    assertCanManageStructure(viewer);
    return inTransaction(this.db, async (tx) => {
      const section = await this.lockSection(tx, input.sectionId);
      const target = input.moveArticlesTo != null ? await this.lockSection(tx, input.moveArticlesTo, 'moveArticlesTo') : null;
      if (target?.id === section.id) throw new BadUserInputError('moveArticlesTo must be another section.', { field: 'moveArticlesTo' });
      const [{ count }] = await tx.query('select count(*)::int as count from articles where section_id = $1', [section.id]);
      if (count > 0 && !target) {
        throw new BadUserInputError(
          `This section still holds ${count} ${count === 1 ? 'article' : 'articles'} (drafts and archived ones count): move them first, or name a section to move them to (moveArticlesTo).`,
          { field: 'moveArticlesTo', reason: 'SECTION_NOT_EMPTY', articleCount: count },
        );
      }
      if (target) {
        await this.articles.moveAllToSection(tx, section.id, target.id);
        await handOverSlugs(tx, 'section', section.id, section.slug, target.id);
      }
      await tx.query('delete from sections where id = $1', [section.id]);
      return { deleted: section, movedTo: target };
    });
  }
}
