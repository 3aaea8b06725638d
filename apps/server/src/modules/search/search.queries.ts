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
  /** true when nothing matched the words and the hits are typo-tolerant title matches. */
  fuzzy: boolean;
}

type Mode = 'fts' | 'trgm';

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
function baseWhere(viewer: Viewer | null, filter: SearchFilter, params: unknown[]): string[] {
  const where = [articleVisibleSql(viewer, 'a')];
  if (filter.sectionId) {
    params.push(filter.sectionId);
    where.push(`a.section_id = $${params.length}`);
  }
  if (filter.label) {
    params.push(filter.label.toLowerCase());
    where.push(`a.labels @> array[$${params.length}::text]`);
  }
  return where;
}

interface BuiltQuery extends KeysetQuery<RankedRow> {
  /** Set from the first page's window count, which saves a second scan for totalCount. */
  knownTotal: number | null;
}

function buildQuery(db: Db, viewer: Viewer | null, parsed: ParsedSearch, filter: SearchFilter, mode: Mode): BuiltQuery {
  const params: unknown[] = [];
  let match: string;
  let rank: string;
  if (mode === 'fts') {
    const q = tsquerySql(parsed, params);
    match = `a.search_vector @@ ${q}`;
    rank = `ts_rank_cd(${RANK_WEIGHTS}, a.search_vector, ${q})::float8`;
  } else {
    params.push(parsed.fuzzy);
    const t = `$${params.length}::text`;
    // <% is word_similarity >= the threshold (the query close to some part of the title),
    // served by the trigram index; among equally close titles, the more alike whole wins.
    match = `${t} <% a.title`;
    rank = `(word_similarity(${t}, a.title) + similarity(${t}, a.title) / 10)::float8`;
  }
  const where = [match, ...baseWhere(viewer, filter, params)];
  const built: BuiltQuery = {
    tag: tagOf(parsed, filter, mode),
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
      return mode === 'trgm' ? withTrigramThreshold(db, count) : count(db);
    },
  };
  return built;
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
  let mode: Mode = parsed.fuzzy && cursorTag(cursor) === tagOf(parsed, filter, 'trgm') ? 'trgm' : 'fts';
  let q = buildQuery(db, viewer, parsed, filter, mode);
  const trigramPage = (built: BuiltQuery) => withTrigramThreshold(db, (tx) => paginate(tx, args, built));
  let page = mode === 'trgm' ? await trigramPage(q) : await paginate(db, args, q);
  if (mode === 'fts' && page.edges.length === 0 && cursor == null && parsed.fuzzy) {
    mode = 'trgm';
    q = buildQuery(db, viewer, parsed, filter, mode);
    page = await trigramPage(q);
  }
  if (cursor == null) q.knownTotal = page.edges.length ? Number(page.edges[0].node.searchTotal) : 0;

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
  const snippetQuery = tsquerySql(parsed, snippetParams);
  const snippets = await snippetsFor(db, found.map((e) => byId.get(e.node.id)!.body), snippetQuery, snippetParams);

  const edges = found.map((e, i) => ({ cursor: e.cursor, node: byId.get(e.node.id)!, snippet: snippets[i], rank: Number(e.node.searchRank) }));
  return { ...page, edges, nodes: edges.map((e) => e.node), fuzzy: mode === 'trgm' };
}
