import type { Db } from '../../db/data-source.js';
import { plainText } from '../../lib/markdown.js';

/**
 * ts_headline marks matches with control characters that cannot occur in the text (they
 * are stripped from it first); the output is then made HTML-safe as a whole and only
 * afterwards are the markers turned into <mark> tags. So nothing the author or searcher
 * typed can ever come out as markup.
 */
const START = '\u0001';
const STOP = '\u0002';
const SELECTORS = `StartSel=${START}, StopSel=${STOP}`;
/** Up to two passages of a long body around the best matches. */
const PASSAGES = `${SELECTORS}, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`;
/** A short body is shown whole. */
const WHOLE = `${SELECTORS}, HighlightAll=true`;
const WHOLE_MAX_WORDS = 40;
/** ts_headline reads the whole text; a snippet from the first part of a long article is enough. */
const MAX_SOURCE = 60_000;
const MAX_TEXT = 20_000;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * The body as escaped plain text. Escaping before ts_headline keeps text like "<input>"
 * (the parser would drop it as a tag); its entities are single tokens, never cut.
 */
export function headlineSource(markdown: string): string {
  const text = plainText(markdown.slice(0, MAX_SOURCE)).replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_TEXT);
  return escapeHtml(text);
}

/** Turns ts_headline output of escaped text into safe HTML with <mark>s. */
export function finishSnippet(headline: string): string {
  const safe = headline
    // Whatever ts_headline did, no raw markup and no broken entity can get through.
    .replace(/&(?!(?:amp|lt|gt|quot|#39);)/g, '&amp;')
    .replace(/[<>"']/g, (c) => ESCAPES[c])
    .replace(/\s+/g, ' ')
    .trim();
  let open = false;
  let out = '';
  for (const ch of safe) {
    if (ch === START) {
      if (!open) out += '<mark>';
      open = true;
    } else if (ch === STOP) {
      if (open) out += '</mark>';
      open = false;
    } else out += ch;
  }
  return open ? `${out}</mark>` : out;
}

/**
 * Snippets for a page of hits, in one statement: `tsquery` is the SQL of the search's
 * tsquery over `params` (numbered from $1); the bodies follow as one more parameter.
 */
export async function snippetsFor(db: Db, bodies: string[], tsquery: string, params: unknown[]): Promise<string[]> {
  if (bodies.length === 0) return [];
  const texts = bodies.map(headlineSource);
  const options = texts.map((t) => (t.split(/\s+/, WHOLE_MAX_WORDS + 1).length > WHOLE_MAX_WORDS ? PASSAGES : WHOLE));
  const all = [...params, texts, options];
  const rows: Array<{ s: string }> = await db.query(
    `select ts_headline('english', h.t, ${tsquery}, h.o) as s
       from unnest($${all.length - 1}::text[], $${all.length}::text[]) with ordinality as h(t, o, i)
      order by h.i`,
    all,
  );
  return rows.map((r) => finishSnippet(r.s ?? ''));
}
