import { print } from 'graphql';
import { ArticleWithThreadDocument } from '@atrium/schema';
import { benchDatabase, load, seedThread, sqlPerRequest, startBenchApp, table, type LoadResult } from './lib.js';

/**
 * The article page (article, votes, first 50 top-level comments by BEST, each with its first
 * 10 replies three levels deep, authors, viewerVote) against PostgreSQL, anonymous and signed in.
 */
export async function runArticlePageBench({ seconds = 10 } = {}) {
  const db = await benchDatabase('page');
  const app = await startBenchApp(db.url);
  try {
    const seed = await seedThread(app.database, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
    const body = JSON.stringify({ query: print(ArticleWithThreadDocument), variables: { slug: seed.slug } });
    const auth = { authorization: `Bearer ${seed.memberToken}` };
    const results: LoadResult[] = [];
    for (const [label, headers] of [['anonymous', {}], ['signed in (viewerVote)', auth]] as const) {
      const sql = await sqlPerRequest(app.url, body, headers);
      results.push({ ...(await load(label, app.url, body, headers, seconds)), sql });
    }
    table(
      `Article page: ${seed.comments} comments, 6 levels, 200 users, 20,000 votes; PostgreSQL; autocannon 10 connections, ${seconds} s`,
      ['viewer', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'SQL/request'],
      results.map((r) => [r.label, r.rps, r.p50, r.p99, r.errors, r.sql ?? '']),
    );
    return results;
  } finally {
    await app.close();
    await db.drop();
  }
}

if (process.argv[1]?.endsWith('article-page.ts')) await runArticlePageBench();
