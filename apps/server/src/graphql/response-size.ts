import { log } from '../lib/logger.js';
import { ARTICLE_BODY_MAX_LENGTH as ARTICLE_BODY_CHARS } from './input-rules.js';

/** Rendered HTML is assumed at most twice its markdown (tags around every block). */
const HTML_PER_MARKDOWN = 2;

/**
 * The largest value of each large text field, in bytes (characters: ASCII text, as most of it
 * is), for the response estimate of graphql/limits.ts. Other leaves count a few bytes each.
 */
export function largeFieldBytesOf(config: { commentMaxLength: number }): Record<string, number> {
  const comment = config.commentMaxLength;
  return {
    'Article.body': ARTICLE_BODY_CHARS,
    'Article.bodyHtml': ARTICLE_BODY_CHARS * HTML_PER_MARKDOWN,
    'Article.excerpt': 400,
    'Article.title': 200,
    'ArticleRevision.body': ARTICLE_BODY_CHARS,
    'ArticleRevision.title': 200,
    'Comment.body': comment,
    'Comment.bodyHtml': comment * HTML_PER_MARKDOWN,
    'CommentRevision.body': comment,
    'ArticleSearchEdge.snippet': 1_000,
  };
}

/** The JSON text of a response refused by size, as graphql-js would have answered an error. */
export function responseTooLargeBody(maxBytes: number): string {
  return `${JSON.stringify({
    errors: [
      {
        message: `The response is larger than ${maxBytes} bytes. Ask for fewer items or aliases, or leave out large fields (body, bodyHtml).`,
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'responseBytes', maxResponseBytes: maxBytes },
      },
    ],
    data: null,
  })}\n`;
}

/**
 * Levels of the response below which values are serialized in one JSON.stringify call: the
 * result (0), `data` (1), each top-level field (2), and each item or field of those (3). Enough
 * to stop aliased lists or a long list by ids after the first piece past the limit, at the
 * cost of a few dozen calls instead of one on a large page.
 */
const PIECE_DEPTH = 3;

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (typeof v !== 'object' || v === null) return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Pieces pay off where a response multiplies: several top-level fields (aliases) or a
 * top-level list (`nodes(ids:)`). Elsewhere they cost a copy of the whole text (about 1 ms on
 * a 680 KB page), so one native call serializes it.
 */
function inPieces(value: unknown): boolean {
  const data = (value as { data?: unknown } | null)?.data;
  if (!isPlainContainer(data) || Array.isArray(data)) return false;
  let fields = 0;
  for (const key in data) {
    if (++fields > 1 || Array.isArray(data[key])) return true;
  }
  return false;
}

/**
 * JSON.stringify(value) in pieces (objects and arrays down to PIECE_DEPTH levels, one native
 * call below), in the same text, or null as soon as the pieces so far are larger than `max`
 * bytes: the rest is never serialized, and at most the pieces under the limit plus one are held.
 */
export function stringifyWithin(value: unknown, max: number): string | null {
  if (!inPieces(value)) {
    // one top-level field that is not a list (the article page, `{ __typename }`): one native
    // call, as fast as before; a larger answer is held once, then dropped
    const whole = JSON.stringify(value);
    return whole.length * 3 <= max || Buffer.byteLength(whole) <= max ? whole : null;
  }
  const pieces: string[] = [];
  let chars = 0;
  let exact = false;
  let bytes = 0;
  const push = (s: string): boolean => {
    pieces.push(s);
    chars += s.length;
    if (!exact && chars * 3 > max) {
      // from here on, count bytes exactly (every piece so far once)
      exact = true;
      bytes = 0;
      for (const p of pieces) bytes += Buffer.byteLength(p);
      return bytes <= max;
    }
    if (exact) bytes += Buffer.byteLength(s);
    return !exact || bytes <= max;
  };
  const write = (v: unknown, depth: number): boolean => {
    if (depth >= PIECE_DEPTH || !isPlainContainer(v)) {
      const s = JSON.stringify(v);
      return push(s === undefined ? 'null' : s);
    }
    if (Array.isArray(v)) {
      if (!push('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !push(',')) return false;
        if (!write(v[i], depth + 1)) return false;
      }
      return push(']');
    }
    if (!push('{')) return false;
    let first = true;
    for (const key of Object.keys(v)) {
      const item = v[key];
      // what JSON.stringify leaves out of an object
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!push(`${first ? '' : ','}${JSON.stringify(key)}:`)) return false;
      first = false;
      if (!write(item, depth + 1)) return false;
    }
    return push('}');
  };
  if (!write(value, 0)) return null;
  return pieces.join('');
}

/**
 * Apollo's `stringifyResult` with a size cap: the response text as Apollo writes it
 * (JSON and a newline), or a QUERY_TOO_COMPLEX error in its place when it would be larger than
 * `maxBytes` (the estimate before execution cannot know how full lists will be).
 */
export function cappedStringifyResult(maxBytes: number): (value: unknown) => string {
  return (value) => {
    const text = stringifyWithin(value, maxBytes);
    if (text !== null) return `${text}\n`;
    log().warn({ maxResponseBytes: maxBytes }, 'response refused: larger than MAX_RESPONSE_BYTES');
    return responseTooLargeBody(maxBytes);
  };
}
