export {};
/**
 * `npm run bench`: prints a table per benchmark. Needs PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test); each bench creates and drops its own database.
 *   npm run bench                 all benchmarks
 *   npm run bench -- page         only the article page
 *   npm run bench -- --seconds 5  shorter load phases
 */
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 10;
const want = (name: string) => only.length === 0 || only.includes(name);

const benches: Array<[string, () => Promise<unknown>]> = [
  ['page', async () => (await import('./article-page.js')).runArticlePageBench({ seconds })],
  ['search', async () => (await import('./search.js')).runSearchBench()],
];

for (const [name, run] of benches) {
  if (want(name)) await run();
}
process.exit(0);
