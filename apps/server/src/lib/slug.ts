import slugify from 'slugify';

export function toSlug(text: string): string {
  const slug = slugify(text, { lower: true, strict: true, trim: true }).slice(0, 80).replace(/-+$/, '');
  return slug || 'untitled';
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
