import { toGlobalId } from '../src/graphql/global-id.js';
import { benchDatabase, load, seedHelpCenter, sqlPerRequest, startBenchApp, table } from './lib.js';

/** The section list on Atrium: 20 articles in position order, with author and totalCount. */
export const ATRIUM_SECTION_QUERY = `query CompareSection($sectionId: ID!) {
  articles(sectionId: $sectionId, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id slug title excerpt helpfulCount voteCount publishedAt author { id handle displayName } }
  }
}`;

/** The same list on PostGraphile (amber preset): published articles of the section, same order. */
export const POSTGRAPHILE_SECTION_QUERY = `query CompareSection($sectionId: UUID!) {
  allArticles(first: 20, condition: { sectionId: $sectionId, status: "PUBLISHED" }, orderBy: [POSITION_ASC, ROW_ID_ASC]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { rowId slug title excerpt helpfulCount voteCount publishedAt userByAuthorId { rowId handle displayName } }
  }
}`;

export const atriumSectionBody = (sectionUuid: string) =>
  JSON.stringify({ query: ATRIUM_SECTION_QUERY, variables: { sectionId: toGlobalId('Section', sectionUuid) } });
export const postgraphileSectionBody = (sectionUuid: string) =>
  JSON.stringify({ query: POSTGRAPHILE_SECTION_QUERY, variables: { sectionId: sectionUuid } });

/** `npm run bench -- section`: Atrium alone on a small help center (PostgreSQL). */
export async function runSectionListBench({ seconds = 10 } = {}) {
  const db = await benchDatabase('section');
  const app = await startBenchApp(db.url);
  try {
    const seed = await seedHelpCenter(app.database, { articles: 100, articlesPerSection: 50, comments: 5000, mainComments: 2000, levels: 6, users: 200, mainVotes: 5000, otherVotes: 5000 });
    const body = atriumSectionBody(seed.sectionId);
    const sql = await sqlPerRequest(app.url, body);
    const r = await load('anonymous', app.url, body, {}, seconds);
    table(
      `Section list: 20 of 50 articles with author and totalCount; PostgreSQL; autocannon 10 connections, ${seconds} s`,
      ['viewer', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL/request'],
      [[r.label, r.rps, r.p50, r.p99, r.errors, sql]],
    );
  } finally {
    await app.close();
    await db.drop();
  }
}
