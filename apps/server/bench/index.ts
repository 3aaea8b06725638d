export {};
/**
 * `npm run bench`: prints a table per benchmark. Needs PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test); each bench creates and drops its own database.
 *   npm run bench                 all benchmarks
 *   npm run bench -- page         only the article page
 *   npm run bench -- --seconds 5  shorter load phases
 *   npm run bench -- search --articles 100000 --rounds 3   search latency per kind of query (bench/search.ts; default 10,000 articles, 1 round)
 *   npm run bench -- section      only the section list
 *   npm run bench -- comment-write   addComment/voteComment latency, one at a time (bench/comment-write.ts)
 *   npm run bench -- insights     the staff dashboard's queries on 5,000 articles, 2 million views, 500,000 votes (bench/insights.ts)
 *   npm run bench -- mail         notification mail to 10,000 followers (PostgreSQL and PGlite)
 *   npm run bench -- import       Zendesk import of 2,000 articles, 100,000 comments, 200,000 votes (PostgreSQL and PGlite)
 *   npm run bench -- --compare    Atrium against PostGraphile 5 on one large help center (bench/compare.ts)
 *   npm run bench -- ssr          the server-rendered article page against its GraphQL JSON, uncached (bench/ssr.ts)
 *   npm run bench -- webhooks --minutes 2   1,000 comments/minute with 20 webhook endpoints (one slow, one failing), A/B without (bench/webhooks.ts)
 *   npm run bench -- files        uploads and downloads of files in PostgreSQL and PGlite; bytea chunks against large objects (bench/files.ts)
 *   npm run bench -- pagecache    the anonymous page cache and compression, cached and uncached, against PostGraphile (bench/pagecache.ts)
 */
const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 10;
const minutesArg = args.indexOf('--minutes');
const minutes = minutesArg >= 0 ? Number(args[minutesArg + 1]) : 5;
const numberArg = (name: string) => (args.indexOf(name) >= 0 ? Number(args[args.indexOf(name) + 1]) : undefined);
const valueIndexes = new Set(['--seconds', '--minutes', '--articles', '--rounds'].map((n) => args.indexOf(n)).filter((i) => i >= 0).map((i) => i + 1));
const only = args.filter((a, i) => !a.startsWith('--') && !valueIndexes.has(i));
const compare = args.includes('--compare');
const want = (name: string) => (compare ? name === 'compare' : only.length === 0 || only.includes(name));

const benches: Array<[string, () => Promise<unknown>]> = [
  ['page', async () => (await import('./article-page.js')).runArticlePageBench({ seconds })],
  ['search', async () => (await import('./search.js')).runSearchBench({ articles: numberArg('--articles'), rounds: numberArg('--rounds') })],
  ['section', async () => (await import('./section-list.js')).runSectionListBench({ seconds })],
  ['compare', async () => (await import('./compare.js')).runCompareBench({ seconds })],
  ['fanout', async () => (await import('./fanout.js')).runFanoutBench()],
  ['mail', async () => (await import('./mail.js')).runMailBench()],
  ['insights', async () => (await import('./insights.js')).runInsightsBench()],
  ['comment-write', async () => (await import('./comment-write.js')).runCommentWriteBench()],
  ['import', async () => (await import('./zendesk-import.js')).runZendeskImportBench()],
  ['pagecache', async () => (await import('./pagecache.js')).runPageCacheBench({ seconds })],
  ['webhooks', async () => (await import('./webhooks.js')).runWebhooksBench({ minutes })],
  ['ssr', async () => (await import('./ssr.js')).runSsrBench({ seconds })],
  ['files', async () => (await import('./files.js')).runFilesBench()],
];

for (const [name, run] of benches) {
  if (want(name)) await run();
}
process.exit(process.exitCode ?? 0);
