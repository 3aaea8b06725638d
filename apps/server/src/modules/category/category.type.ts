import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';

@ObjectType('Category', { implements: Node, description: 'A top-level group of sections in the knowledge base.' })
export class Category extends Node {
  @Field(() => ID, { description: 'The opaque global id of the category.' })
  declare id: string;
  @Field(() => String, { description: 'URL-friendly unique name.' })
  slug!: string;
  @Field(() => String, { description: 'The name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'A short description.' })
  description!: string | null;
  @Field(() => Int, { description: 'Sort position among categories (ascending).' })
  position!: number;
}

@ObjectType('Section', { implements: Node, description: 'A group of articles within a category.' })
export class Section extends Node {
  @Field(() => ID, { description: 'The opaque global id of the section.' })
  declare id: string;
  @Field(() => String, { description: 'URL-friendly unique name.' })
  slug!: string;
  @Field(() => String, { description: 'The name.' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'A short description.' })
  description!: string | null;
  @Field(() => Int, { description: 'Sort position within the category (ascending).' })
  position!: number;
}

@InputType('CreateCategoryInput', { description: 'A new category (ADMIN).' })
export class CreateCategoryInput {
  @Field(() => String, { description: 'The name (1..100 characters).' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'URL-friendly name; derived from the name when omitted.' })
  slug?: string | null;
  @Field(() => String, { nullable: true, description: 'A short description.' })
  description?: string | null;
  @Field(() => Int, { nullable: true, description: 'Sort position; last when omitted.' })
  position?: number | null;
}

@InputType('CreateSectionInput', { description: 'A new section in a category (ADMIN).' })
export class CreateSectionInput {
  @Field(() => ID, { description: 'The category it belongs to.' })
  categoryId!: string;
  @Field(() => String, { description: 'The name (1..100 characters).' })
  name!: string;
  @Field(() => String, { nullable: true, description: 'URL-friendly name; derived from the name when omitted.' })
  slug?: string | null;
  @Field(() => String, { nullable: true, description: 'A short description.' })
  description?: string | null;
  @Field(() => Int, { nullable: true, description: 'Sort position; last when omitted.' })
  position?: number | null;
}

@ObjectType('CategoryPayload', { description: 'The category a mutation changed.' })
export class CategoryPayload {
  @Field(() => Category, { description: 'The category.' })
  category!: object;
}

@ObjectType('SectionPayload', { description: 'The section a mutation changed.' })
export class SectionPayload {
  @Field(() => Section, { description: 'The section.' })
  section!: object;
}
