import { z } from 'zod';

/*
 * The Help Center API shapes the importer reads (and the exporter writes), checked at the
 * edge: an item that does not parse is a warning with its id, never a crash.
 */

const id = z.number().int().positive();
const time = z.string().datetime({ offset: true });

export const ZUser = z.object({
  id,
  name: z.string().nullish(),
  email: z.string().nullish(),
  role: z.enum(['end-user', 'agent', 'admin']).catch('end-user'),
  created_at: time,
  updated_at: time,
});
export type ZUser = z.infer<typeof ZUser>;

export const ZCategory = z.object({
  id,
  name: z.string(),
  description: z.string().nullish(),
  position: z.number().int().catch(0),
  locale: z.string().nullish(),
  html_url: z.string().nullish(),
  created_at: time,
  updated_at: time,
});
export type ZCategory = z.infer<typeof ZCategory>;

export const ZSection = ZCategory.extend({
  category_id: id,
  parent_section_id: id.nullish(),
});
export type ZSection = z.infer<typeof ZSection>;

export const ZArticle = z.object({
  id,
  title: z.string(),
  body: z.string().nullish(),
  section_id: id,
  author_id: id.nullish(),
  draft: z.boolean().catch(false),
  promoted: z.boolean().catch(false),
  position: z.number().int().catch(0),
  label_names: z.array(z.string()).catch([]),
  comments_disabled: z.boolean().catch(false),
  vote_sum: z.number().int().catch(0),
  vote_count: z.number().int().nonnegative().catch(0),
  locale: z.string().nullish(),
  html_url: z.string().nullish(),
  created_at: time,
  updated_at: time,
  edited_at: time.nullish(),
});
export type ZArticle = z.infer<typeof ZArticle>;

export const ZComment = z.object({
  id,
  body: z.string(),
  author_id: id.nullish(),
  source_id: id,
  source_type: z.literal('Article').catch('Article'),
  locale: z.string().nullish(),
  vote_sum: z.number().int().catch(0),
  vote_count: z.number().int().nonnegative().catch(0),
  created_at: time,
  updated_at: time,
});
export type ZComment = z.infer<typeof ZComment>;

export const ZVote = z.object({
  id,
  user_id: id,
  value: z.union([z.literal(1), z.literal(-1)]),
  item_id: id,
  item_type: z.enum(['Article', 'Comment']),
  created_at: time,
  updated_at: time,
});
export type ZVote = z.infer<typeof ZVote>;

export const ZAttachment = z.object({
  id,
  file_name: z.string().min(1).max(255),
  content_url: z.string(),
  content_type: z.string().nullish(),
  size: z.number().int().nonnegative().nullish(),
  inline: z.boolean().catch(false),
});
export type ZAttachment = z.infer<typeof ZAttachment>;

/** One page of a cursor-paginated list (`page[size]`), as the API answers it. */
export interface ZPage {
  /** The list's items under their collection key (`articles`, `users`, …), not parsed yet. */
  items: unknown[];
  meta?: { has_more?: boolean; after_cursor?: string | null; before_cursor?: string | null };
  links?: { next?: string | null; prev?: string | null };
}

export type ListKind = 'users' | 'categories' | 'sections' | 'articles';
