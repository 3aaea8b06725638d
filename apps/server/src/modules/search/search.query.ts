import { createHash } from 'node:crypto';
import { BadUserInputError } from '../../graphql/errors.js';

export const MAX_QUERY_LENGTH = 200;
/** A shorter last word is matched as a whole word: "a:*" would match half the vocabulary. */
const MIN_PREFIX_LENGTH = 2;
const MAX_PREFIX_LENGTH = 64;
/** Typo tolerance needs a few trigrams to mean anything. */
const MIN_FUZZY_LENGTH = 3;

/** A search query taken apart: what full-text search and the typo fallback each get. */
export interface ParsedSearch {
  /** websearch_to_tsquery text for the words already finished (quotes, OR, -exclusion); '' when none. */
  complete: string;
  /** The last word while it is still being typed, matched as a prefix; only letters and digits. */
  prefix: string | null;
  /** How the prefix joins the rest: "a b or pre" is (a & b) | pre:*, as websearch reads it. */
  joiner: 'and' | 'or';
  /** Plain words for trigram matching on titles when full-text search finds nothing; null: no fallback. */
  fuzzy: string | null;
  /** Identifies the query in cursor tags, so a cursor of one search is refused by another. */
  fingerprint: string;
}

const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * Validates and splits the user's query. Never produces text that can make Postgres raise:
 * websearch_to_tsquery accepts anything, and the prefix word is letters and digits only
 * (and quoted with quote_literal in SQL besides).
 */
export function parseSearchQuery(raw: string): ParsedSearch {
  // NUL cannot travel in a Postgres text value; other control characters mean nothing here.
  const text = raw.replace(CONTROL, ' ');
  const trimmed = text.trim();
  if (!trimmed) throw new BadUserInputError('`query` must not be empty.', { field: 'query' });
  if (trimmed.length > MAX_QUERY_LENGTH) {
    throw new BadUserInputError(`\`query\` must be at most ${MAX_QUERY_LENGTH} characters.`, { field: 'query' });
  }

  let complete = trimmed;
  let prefix: string | null = null;
  let joiner: ParsedSearch['joiner'] = 'and';
  // A trailing space or an open quote means the last word is finished (or part of a phrase).
  const quotes = (trimmed.match(/"/g) ?? []).length;
  const last = /(^|\s)([\p{L}\p{N}]+)$/u.exec(text.trimStart());
  if (last && quotes % 2 === 0 && !/\s$/.test(text)) {
    const word = last[2];
    if (word.length >= MIN_PREFIX_LENGTH && word.length <= MAX_PREFIX_LENGTH && word.toLowerCase() !== 'or') {
      prefix = word;
      complete = text.trimStart().slice(0, last.index + last[1].length).trim();
      const or = /(^|\s)or$/i.exec(complete);
      if (or) {
        joiner = 'or';
        complete = complete.slice(0, or.index).trim();
      }
    }
  }

  const fuzzyText = trimmed
    .replace(/(^|\s)-\S*/g, ' ') // excluded words are not what the user looks for
    .replace(/(^|\s)or(?=\s|$)/gi, ' ')
    .replace(/[^\p{L}\p{N}\s'-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);

  const fingerprint = createHash('sha256')
    .update(JSON.stringify([complete, prefix, joiner]))
    .digest('base64url')
    .slice(0, 12);
  return { complete, prefix, joiner, fuzzy: fuzzyText.length >= MIN_FUZZY_LENGTH ? fuzzyText : null, fingerprint };
}

/**
 * The tsquery as an SQL expression; pushes its parameters onto `params`.
 * The prefix is stemmed (english: "passwords" → password:*) and also taken as typed
 * (simple: "configura" → configura:*): a partial word's stem is not always a prefix of
 * the full word's stem, so the union catches both.
 */
export function tsquerySql(p: ParsedSearch, params: unknown[]): string {
  const parts: string[] = [];
  if (p.complete) {
    params.push(p.complete);
    parts.push(`websearch_to_tsquery('english', $${params.length})`);
  }
  if (p.prefix) {
    params.push(p.prefix);
    const n = params.length;
    parts.push(`(to_tsquery('english', quote_literal($${n}) || ':*') || to_tsquery('simple', quote_literal($${n}) || ':*'))`);
  }
  if (parts.length === 0) return `''::tsquery`;
  if (parts.length === 1) return parts[0];
  return `(${parts[0]} ${p.joiner === 'or' ? '||' : '&&'} ${parts[1]})`;
}
