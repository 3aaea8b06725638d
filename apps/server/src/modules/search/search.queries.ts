import { createHash } from 'node:crypto';
import type { Db } from '../../db/data-source.js';
import { selectColumns } from '../../db/columns.js';
import { paginate, type ConnectionValue, type KeysetQuery, type PageArgs } from '../../graphql/connection.js';
import type { Viewer } from '../../lib/viewer.js';
import { ArticleEntity } from '../article/article.entity.js';
import { articleVisibleSql } from '../article/article.policy.js';
import { parseSearchQuery, tsquerySql, type ParsedSearch } from './search.query.js';
import { snippetsFor } from './search.snippet.js';

/**
 * Weights {D, C, B, A} for ts_rank_cd: a title hit (A) counts ten body hits (C), so an
 * article about the thing beats one that mentions it often.
 */
const RANK_WEIGHTS = `'{0.05, 0.1, 0.4, 1.0}'`;

export interface SearchFilter {
  sectionId?: string | null;
  label?: string | null;
}

export interface SearchHit {
  cursor: string;
  node: ArticleEntity;
  snippet: string;
  rank: number;
}

export interface SearchResult extends Omit<ConnectionValue<ArticleEntity>, 'edges'> {
  edges: SearchHit[];
  /** true when nothing matched the words as typed and the hits are for corrected words or typo-tolerant title matches. */
  fuzzy: boolean;
}

/** fts: the words as typed; fix: misspelled words corrected from the vocabulary; trgm: titles alike. */
type Mode = 'fts' | 'fix' | 'trgm';

/**
 * Only this many of the matches, the best by their title and labels (`head`), get the full
 * ts_rank_cd over the whole article; the others are ordered by the title-and-labels rank alone,
 * after them. Ranking every match read and scored every matching article (thousands for a
 * common word); this keeps a search's cost near that of counting its matches.
 */
const FULL_RANK_CANDIDATES = 50;

/**
 * A misspelled word is replaced by the vocabulary's most alike word when at least this alike
 * (pg_trgm similarity). It is pg_trgm's default similarity_threshold, which the `%` operator
 * (served by the trigram index) applies: no transaction is needed to set it.
 */
const CORRECTION_THRESHOLD = 0.3;
/** At most this many words of a query are looked up for correction. */
const MAX_CORRECTED_WORDS = 8;

/**
 * Typo tolerance: how much of the query's trigrams must occur in a part of a title.
 * A swapped or missing letter in a short word leaves only a third to a half of them
 * ("paswsord" ~ password: 0.56, "updte" ~ update: 0.5, "destkop" ~ desktop: 0.38), so
 * pg_trgm's default (0.6) would miss most typos; hits are ranked by similarity anyway.
 */
const WORD_SIMILARITY_THRESHOLD = 0.3;

/**
 * Runs `work` in a transaction whose pg_trgm threshold is ours (set local), so the `<%`
 * operator, which the trigram index serves, applies it. Only .query() of the handle is used.
 */
function withTrigramThreshold<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('pg_trgm.word_similarity_threshold', $1, true)`, [String(WORD_SIMILARITY_THRESHOLD)]);
    return work(tx as unknown as Db);
  });
}

interface RankedRow {
  id: string;
  searchRank: number;
  /** bigint: a string from pg, a bigint from PGlite. */
  searchTotal: string | bigint;
}

/** The visibility rule and the filters, shared by both modes; pushes onto `params`. */
function baseWhere(viewer: Viewer | null, filter: SearchFilter, params: unknown[], alias = 'a'): string[] {
  const where = [articleVisibleSql(viewer, alias)];
  if (filter.sectionId) {
    params.push(filter.sectionId);
    where.push(`${alias}.section_id = $${params.length}`);
  }
  if (filter.label) {
    params.push(filter.label.toLowerCase());
    where.push(`${alias}.labels @> array[$${params.length}::text]`);
  }
  return where;
}

interface BuiltQuery extends KeysetQuery<RankedRow> {
  /** Set from the first page's window count, which saves a second scan for totalCount. */
  knownTotal: number | null;
}

function buildQuery(db: Db, viewer: Viewer | null, parsed: ParsedSearch, filter: SearchFilter, mode: Mode, tag = tagOf(parsed, filter, mode)): BuiltQuery {
  if (mode !== 'trgm') return buildTextQuery(db, viewer, parsed, filter, tag);
  const params: unknown[] = [];
  params.push(parsed.fuzzy);
  const t = `$${params.length}::text`;
  // <% is word_similarity >= the threshold (the query close to some part of the title),
  // served by the trigram index; among equally close titles, the more alike whole wins.
  const match = `${t} <% a.title`;
  const rank = `(word_similarity(${t}, a.title) + similarity(${t}, a.title) / 10)::float8`;
  const where = [match, ...baseWhere(viewer, filter, params)];
  const built: BuiltQuery = {
    tag,
    // Narrow rows (id, rank): every matching row goes through the sort, only a page of
    // articles is read whole afterwards. The rank is computed once per row (offset 0 keeps
    // Postgres from inlining it into the select list, the order by and the cursor condition,
    // each computing it again). count(*) over () is the total when no cursor narrows the
    // rows: the first page, which is most searches, then needs no count query.
    from: `select a.id as "id", rk.r as "searchRank", count(*) over () as "searchTotal"
      from articles a cross join lateral (select ${rank} as r offset 0) rk`,
    where,
    params,
    keys: [
      { sql: 'rk.r', cast: 'float8' },
      { sql: 'a.id', cast: 'uuid' },
    ],
    dir: 'desc',
    knownTotal: null,
    totalCount: async () => {
      if (built.knownTotal != null) return built.knownTotal;
      const count = async (q: Db) => (await q.query(`select count(*)::int as n from articles a where ${where.join(' and ')}`, params))[0].n as number;
      return withTrigramThreshold(db, count);
    },
  };
  return built;
}

/**
 * Full-text search over search_documents. The tsquery is computed once (a one-row subquery:
 * written inline, ts_rank_cd parsed it again for every row). Every match is read from the GIN
 * index and the narrow table and ranked by its title and labels (`head`, small and inline);
 * the best FULL_RANK_CANDIDATES (a top-N sort, then a hashed lookup; no full sort of the
 * matches) get ts_rank_cd over the whole article (normalized to 0..1, plus 1, so they stay
 * first), the rest keep their head rank (0..1). The total is counted in the same statement,
 * over every match whatever the cursor.
 */
function buildTextQuery(db: Db, viewer: Viewer | null, parsed: ParsedSearch, filter: SearchFilter, tag: string): BuiltQuery {
  const params: unknown[] = [];
  const q = tsquerySql(parsed, params);
  const where = ['d.doc @@ tq.q', ...baseWhere(viewer, filter, params, 'd')];
  const built: BuiltQuery = {
    tag,
    from: `select h.id as "id", h.r as "searchRank", h.total as "searchTotal" from (
        with tq as (select ${q} as q offset 0),
        hits as materialized (
          select d.article_id as id, ts_rank_cd(${RANK_WEIGHTS}, d.head, tq.q, 32)::float8 as t
            from tq, search_documents d where ${where.join(' and ')}),
        top as materialized (select id from hits order by t desc, id desc limit ${FULL_RANK_CANDIDATES})
        select hits.id, (select count(*) from hits) as total,
               case when hits.id in (select id from top)
                    then 1 + (select ts_rank_cd(${RANK_WEIGHTS}, d.doc, tq.q, 32)::float8 from search_documents d where d.article_id = hits.id)
                    else hits.t end as r
          from tq, hits
      ) h`,
    where: [],
    params,
    keys: [
      { sql: 'h.r', cast: 'float8' },
      { sql: 'h.id', cast: 'uuid' },
    ],
    dir: 'desc',
    knownTotal: null,
    // a page past the end has no row to carry the total
    totalCount: async () =>
      built.knownTotal ??
      ((await db.query(`with tq as (select ${q} as q offset 0) select count(*)::int as n from tq, search_documents d where ${where.join(' and ')}`, params))[0]
        .n as number),
  };
  return built;
}

/**
 * The query with its misspelled words replaced by the most alike words of the vocabulary
 * (search_words: the words of published articles, kept by triggers), or null when no word
 * changed. A word already in the vocabulary stays. One statement.
 */
async function correctedQuery(db: Db, parsed: ParsedSearch): Promise<ParsedSearch | null> {
  const words = [...new Set((parsed.fuzzy ?? '').toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 3 && w.length <= 40))].slice(
    0,
    MAX_CORRECTED_WORDS,
  );
  if (words.length === 0) return null;
  const rows: Array<{ typed: string; word: string | null }> = await db.query(
    `select t.w as typed, best.word
       from unnest($1::text[]) with ordinality t(w, i)
       left join lateral (
         select s.word from search_words s where s.word % t.w and similarity(s.word, t.w) >= $2
          order by similarity(s.word, t.w) desc, s.articles desc, s.word limit 1) best on true
      order by t.i`,
    [words, CORRECTION_THRESHOLD],
  );
  const fixed = rows.map((r) => r.word ?? r.typed);
  if (rows.every((r) => r.word == null || r.word === r.typed)) return null;
  return parseSearchQuery(`${fixed.join(' ')} `);
}

/** Names the list: mode, query and filters, hashed so a cursor stays short whatever the label. */
function tagOf(parsed: ParsedSearch, filter: SearchFilter, mode: Mode): string {
  const key = createHash('sha256')
    .update(JSON.stringify([parsed.fingerprint, filter.sectionId ?? null, filter.label?.toLowerCase() ?? null]))
    .digest('base64url')
    .slice(0, 16);
  return `search:${mode}:${key}`;
}

/** The tag inside a cursor, without validating the rest (paginate does that). */
function cursorTag(cursor: string | null | undefined): string | null {
  if (!cursor || cursor.length > 500) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) && typeof parsed[0] === 'string' ? parsed[0] : null;
  } catch {
    return null;
  }
}

/**
 * Ranked full-text search over the articles the viewer may read, keyset-paginated on
 * (rank desc, id desc). When full-text search finds nothing at all, the same call
 * answers with typo-tolerant trigram matches on titles, ranked by similarity; cursors
 * remember which of the two lists they belong to.
 */
export async function searchArticles(
  db: Db,
  viewer: Viewer | null,
  query: string,
  args: PageArgs,
  filter: SearchFilter = {},
): Promise<SearchResult> {
  const parsed = parseSearchQuery(query);
  const cursor = args.after ?? args.before;
  const tag = cursorTag(cursor);
  let mode: Mode = parsed.fuzzy && tag === tagOf(parsed, filter, 'trgm') ? 'trgm' : parsed.fuzzy && tag === tagOf(parsed, filter, 'fix') ? 'fix' : 'fts';
  // the query full-text search runs: the words as typed, or corrected (mode fix)
  let words: ParsedSearch = parsed;
  if (mode === 'fix') words = (await correctedQuery(db, parsed)) ?? parsed;
  let q = buildQuery(db, viewer, words, filter, mode, tagOf(parsed, filter, mode));
  const trigramPage = (built: BuiltQuery) => withTrigramThreshold(db, (tx) => paginate(tx, args, built));
  let page = mode === 'trgm' ? await trigramPage(q) : await paginate(db, args, q);
  if (mode === 'fts' && page.edges.length === 0 && cursor == null && parsed.fuzzy) {
    // nothing matched the words as typed: misspelled words corrected from the vocabulary ...
    const corrected = await correctedQuery(db, parsed);
    if (corrected) {
      mode = 'fix';
      words = corrected;
      q = buildQuery(db, viewer, words, filter, mode, tagOf(parsed, filter, mode));
      page = await paginate(db, args, q);
    }
    // ... and when that finds nothing either, titles alike the whole query
    if (page.edges.length === 0) {
      mode = 'trgm';
      words = parsed;
      q = buildQuery(db, viewer, parsed, filter, mode);
      page = await trigramPage(q);
    }
  }
  // the text modes count every match in the page's statement; the trigram mode only without a cursor
  if (page.edges.length && (cursor == null || mode !== 'trgm')) q.knownTotal = Number(page.edges[0].node.searchTotal);
  else if (cursor == null) q.knownTotal = 0;

  const ids = page.edges.map((e) => e.node.id);
  const rows: ArticleEntity[] = ids.length
    ? await db.query(
        `select ${selectColumns(db, ArticleEntity, 'a')} from articles a where a.id = any($1::uuid[]) and ${articleVisibleSql(viewer, 'a')}`,
        [ids],
      )
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // An article unpublished between the two statements is left out rather than shown.
  const found = page.edges.filter((e) => byId.has(e.node.id));

  // Snippets highlight what full-text search matched; in typo mode that is usually
  // nothing, and the snippet is the start of the article.
  const snippetParams: unknown[] = [];
  const snippetQuery = tsquerySql(words, snippetParams);
  const snippets = await snippetsFor(db, found.map((e) => byId.get(e.node.id)!.body), snippetQuery, snippetParams);

  const edges = found.map((e, i) => ({ cursor: e.cursor, node: byId.get(e.node.id)!, snippet: snippets[i], rank: Number(e.node.searchRank) }));
  return { ...page, edges, nodes: edges.map((e) => e.node), fuzzy: mode !== 'fts' };
}
