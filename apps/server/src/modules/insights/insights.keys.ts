import { BadUserInputError } from '../../graphql/errors.js';

/** What an attention item is about: an article, or a normalized search query. */
export type AttentionItemKey = { kind: 'ARTICLE'; articleId: string } | { kind: 'SEARCH'; query: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PREFIX = 'AttentionItem:';

/** The key stored in attention_states: `article:<uuid>` or `search:<query>`. */
export function attentionItemKey(item: AttentionItemKey): string {
  return item.kind === 'ARTICLE' ? `article:${item.articleId}` : `search:${item.query}`;
}

/** The opaque AttentionItem.id (base64url of `AttentionItem:<key>`). */
export function encodeAttentionItemId(key: string): string {
  return Buffer.from(PREFIX + key, 'utf8').toString('base64url');
}

/** Decodes AttentionItem.id; anything else (forged, another type's id, too long) is BAD_USER_INPUT. */
export function decodeAttentionItemId(id: string, field = 'itemId'): AttentionItemKey {
  const raw = id.length <= 400 && /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  if (raw.startsWith(`${PREFIX}article:`)) {
    const articleId = raw.slice(PREFIX.length + 8);
    if (UUID.test(articleId)) return { kind: 'ARTICLE', articleId };
  } else if (raw.startsWith(`${PREFIX}search:`)) {
    const query = raw.slice(PREFIX.length + 7);
    if (query.length >= 1 && query.length <= 200 && !query.includes('\u0000')) return { kind: 'SEARCH', query };
  }
  throw new BadUserInputError(`${field} is not an attention item id.`, { field });
}
