import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { SLUG_PATTERN, toSlug } from '../../lib/slug.js';
import { constraintOf, inTransaction, sqlState } from '../../lib/tx.js';
import { hasRole, type Viewer } from '../../lib/viewer.js';
import { assertCanWrite } from '../user/user.policy.js';
import { SectionEntity } from '../section/section.entity.js';
import { CategoryEntity } from './category.entity.js';

interface StructureInput {
  name: string;
  slug?: string | null;
  description?: string | null;
  position?: number | null;
}

function clean(input: StructureInput) {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) throw new BadUserInputError('name must be 1..100 characters.', { field: 'name' });
  const slug = input.slug ?? toSlug(name);
  if (!SLUG_PATTERN.test(slug) || slug.length > 80) throw new BadUserInputError('slug must be lowercase letters, digits and dashes.', { field: 'slug' });
  const description = input.description?.trim() || null;
  if (description && description.length > 500) throw new BadUserInputError('description is at most 500 characters.', { field: 'description' });
  if (input.position != null && (!Number.isInteger(input.position) || input.position < 0)) {
    throw new BadUserInputError('position must be 0 or more.', { field: 'position' });
  }
  return { name, slug, description, position: input.position ?? null };
}

/** Categories and sections: the structure of the knowledge base (ADMIN). */
export class CategoryService {
  constructor(private readonly db: Db) {}

  private assertAdmin(viewer: Viewer | null): asserts viewer is Viewer {
    assertCanWrite(viewer);
    if (!hasRole(viewer, 'ADMIN')) throw new ForbiddenError('Only admins can change the knowledge base structure.');
  }

  private duplicate(err: unknown): never {
    if (sqlState(err) === '23505' && /slug/.test(constraintOf(err) ?? '')) {
      throw new BadUserInputError('That slug is already taken.', { field: 'slug' });
    }
    throw err;
  }

  async createCategory(viewer: Viewer | null, input: StructureInput): Promise<CategoryEntity> {
    this.assertAdmin(viewer);
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
    this.assertAdmin(viewer);
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
}
