import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Category, Section } from './category.type.js';

@InputType('UpdateCategoryInput', { description: 'Changes to a category (ADMIN); omitted fields stay as they are.' })
export class UpdateCategoryInput {
  @Field(() => ID, { description: 'The category to change.' })
  categoryId!: string;
  @Field(() => String, { nullable: true, description: 'A new name (1..100 characters).' })
  name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A new slug (lowercase letters, digits and dashes). The old one keeps working: `category(slug:)` finds it and `GET /categories/<old>` answers 301.',
  })
  slug?: string | null;
  @Field(() => String, { nullable: true, description: 'A new description (at most 500 characters); an empty string removes it.' })
  description?: string | null;
}

@InputType('UpdateSectionInput', { description: 'Changes to a section (ADMIN); omitted fields stay as they are.' })
export class UpdateSectionInput {
  @Field(() => ID, { description: 'The section to change.' })
  sectionId!: string;
  @Field(() => String, { nullable: true, description: 'A new name (1..100 characters).' })
  name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A new slug (lowercase letters, digits and dashes). The old one keeps working: `section(slug:)` finds it and `GET /sections/<old>` answers 301.',
  })
  slug?: string | null;
  @Field(() => String, { nullable: true, description: 'A new description (at most 500 characters); an empty string removes it.' })
  description?: string | null;
  @Field(() => ID, { nullable: true, description: 'Move the section (with its articles) to this category, last in its order.' })
  categoryId?: string | null;
}

@InputType('ReorderCategoriesInput', { description: 'The new order of all categories (ADMIN).' })
export class ReorderCategoriesInput {
  @Field(() => [ID], { description: 'Every category, each once, in the new order; a list that misses or adds one is BAD_USER_INPUT (reason STALE_ORDER).' })
  categoryIds!: string[];
}

@InputType('ReorderSectionsInput', { description: 'The new order of the sections of one category (ADMIN).' })
export class ReorderSectionsInput {
  @Field(() => ID, { description: 'The category whose sections are reordered.' })
  categoryId!: string;
  @Field(() => [ID], { description: 'Every section of the category, each once, in the new order; a list that misses or adds one is BAD_USER_INPUT (reason STALE_ORDER).' })
  sectionIds!: string[];
}

@InputType('DeleteCategoryInput', { description: 'A category to delete (ADMIN).' })
export class DeleteCategoryInput {
  @Field(() => ID, { description: 'The category to delete.' })
  categoryId!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'Move its sections (with their articles) to this category first, and send its old URLs there. Without it, a category that still has sections is BAD_USER_INPUT (reason CATEGORY_NOT_EMPTY).',
  })
  moveSectionsTo?: string | null;
}

@InputType('DeleteSectionInput', { description: 'A section to delete (ADMIN).' })
export class DeleteSectionInput {
  @Field(() => ID, { description: 'The section to delete.' })
  sectionId!: string;
  @Field(() => ID, {
    nullable: true,
    description:
      'Move its articles (every status, archived too) to this section first, and send its old URLs there. Without it, a section that still holds articles is BAD_USER_INPUT (reason SECTION_NOT_EMPTY).',
  })
  moveArticlesTo?: string | null;
}

@ObjectType('ReorderCategoriesPayload', { description: 'The categories after a reorder.' })
export class ReorderCategoriesPayload {
  @Field(() => [Category], { description: 'Every category, in the new order.' })
  categories!: object[];
}

@ObjectType('ReorderSectionsPayload', { description: 'The category whose sections were reordered.' })
export class ReorderSectionsPayload {
  @Field(() => Category, { description: 'The category; its sections are in the new order.' })
  category!: object;
}

@ObjectType('DeleteCategoryPayload', { description: 'What deleting a category changed.' })
export class DeleteCategoryPayload {
  @Field(() => ID, { description: 'The global id of the deleted category.' })
  deletedCategoryId!: string;
  @Field(() => Category, { nullable: true, description: 'The category that received its sections and old URLs, when one was named.' })
  movedTo!: object | null;
}

@ObjectType('DeleteSectionPayload', { description: 'What deleting a section changed.' })
export class DeleteSectionPayload {
  @Field(() => ID, { description: 'The global id of the deleted section.' })
  deletedSectionId!: string;
  @Field(() => Category, { description: 'The category the section belonged to, without it.' })
  category!: object;
  @Field(() => Section, { nullable: true, description: 'The section that received its articles and old URLs, when one was named.' })
  movedTo!: object | null;
}
