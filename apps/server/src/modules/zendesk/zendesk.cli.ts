import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stat, writeFile } from 'node:fs/promises';

/*
 * npm run import -- zendesk --from ./export            a folder of Help Center API pages
 * npm run import -- zendesk --url https://acme.zendesk.com --email a@b.c --token T
 *   [--dry-run] [--skip-attachments] [--report report.json]
 * npm run export -- zendesk --to ./out
 * Uses the configured database (DATABASE_URL, else the embedded one in ./.data like npm start;
 * stop the server first when it is the embedded one: PGlite has one process at a time).
 */
class UsageError extends Error {}

const [command, what, ...rest] = process.argv.slice(2);
const usage = `usage:
  npm run import -- zendesk (--from <folder> | --url <https://x.zendesk.com> --email <address> --token <api token>) [--dry-run] [--skip-attachments] [--report <file.json>]
  npm run export -- zendesk --to <folder>`;
if (what !== 'zendesk' || (command !== 'import' && command !== 'export')) {
  console.error(usage);
  process.exit(2);
}
const { values: args } = parseArgs({
  args: rest,
  options: {
    from: { type: 'string' }, url: { type: 'string' }, email: { type: 'string' }, token: { type: 'string' }, to: { type: 'string' },
    'dry-run': { type: 'boolean', default: false }, 'skip-attachments': { type: 'boolean', default: false }, report: { type: 'string' }, 'page-size': { type: 'string' },
  },
  strict: true,
});
// paths as the user typed them, from where they ran npm (npm runs the script in apps/server)
const userPath = (p: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), p);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
process.env.DATA_DIR ??= path.join(root, '.data'); // the same embedded database as `npm start`
process.env.LOG_LEVEL ??= 'error'; // slow-statement warnings would bury the progress lines

const { loadConfig } = await import('../../config.js');
const { openDatabase } = await import('../database.js');
const config = loadConfig();
const database = await openDatabase(config);
try {
  if (command === 'export') {
    if (!args.to) throw new UsageError('--to <folder> is required');
    const { exportZendesk } = await import('./zendesk.export.js');
    const counts = await exportZendesk(database.ds, userPath(args.to), { origin: config.publicUrl });
    console.log(`Exported to ${userPath(args.to)}:`, Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', '));
  } else {
    await runImport();
  }
} catch (e) {
  console.error(e instanceof UsageError ? `${e.message}\n${usage}` : e);
  process.exitCode = e instanceof UsageError ? 2 : 1;
} finally {
  await database.close();
}

async function runImport() {
  const { FolderSource, ApiSource } = await import('./zendesk.source.js');
  const { ZendeskImporter, REPORT_KINDS } = await import('./zendesk.import.js');
  const { UserService } = await import('../user/user.service.js');
  const { ArticleService } = await import('../article/article.service.js');
  const { CategoryService } = await import('../category/category.service.js');
  const { CommentService } = await import('../comment/comment.service.js');
  const { ArticleFeedbackService } = await import('../article-feedback/article-feedback.service.js');
  const { FileService } = await import('../file/file.service.js');
  if (!args.from === !args.url) throw new UsageError('give either --from <folder> or --url (with --email and --token)');
  if (args.url && (!args.email || !args.token)) throw new UsageError('--url needs --email and --token');
  if (args.from && !(await stat(userPath(args.from)).catch(() => null))?.isDirectory()) throw new UsageError(`${userPath(args.from)} is not a folder`);
  const source = args.from
    ? new FolderSource(userPath(args.from))
    : new ApiSource({
        url: args.url!, email: args.email!, token: args.token!, pageSize: args['page-size'] ? Number(args['page-size']) : 100,
        onRetry: ({ status, waitMs }) => console.error(`(${status ?? 'network error'}: waiting ${Math.round(waitMs / 1000)} s, then the same page again)`),
      });
  const { EventLog } = await import('../../events/event-log.js');
  const db = database.ds;
  // imported and changed articles record their domain events (page caches, change feed, webhooks);
  // comments and votes of the past record none: nobody is notified of history
  const articles = new ArticleService(db, new EventLog(db));
  const services = {
    users: new UserService(db),
    articles,
    categories: new CategoryService(db, articles),
    comments: new CommentService(db, config, articles),
    feedback: new ArticleFeedbackService(db, articles),
    files: new FileService(db, config),
  };
  // attachments are fetched with the API's credentials (sent to its origin only); a fake Zendesk on
  // this machine (--url http://localhost:…) may be reached, every other private address stays refused
  const local = args.url ? ['localhost', '127.0.0.1', '[::1]'].includes(new URL(args.url).hostname) : false;
  const download = source instanceof ApiSource ? { ...source.downloadAuth, alsoAllow: local ? ['127.0.0.1', '::1'] : [] } : {};
  const progress = await progressReporter();
  const importer = new ZendeskImporter(db, services, source, { dryRun: args['dry-run'], progress, copyAttachments: !args['skip-attachments'], download });
  const started = Date.now();
  const report = await importer.run();
  progress.stop();
  console.log(`\n${report.dryRun ? 'Dry run (nothing written)' : 'Imported'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.table(Object.fromEntries(REPORT_KINDS.map((k) => [k, report.counts[k]])));
  if (report.warnings.length) {
    console.log(`${report.warnings.length} warning(s):`);
    for (const w of report.warnings.slice(0, 200)) console.log(`  ${w.kind} ${w.zendeskId}: ${w.message}`);
    if (report.warnings.length > 200) console.log(`  … ${report.warnings.length - 200} more${args.report ? '' : ' (write them all with --report <file.json>)'}`);
  }
  if (args.report) await writeFile(userPath(args.report), JSON.stringify(report, null, 2));
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

/** A progress bar on a terminal (cli-progress), one plain line per page of articles otherwise. */
async function progressReporter() {
  type State = Parameters<import('./zendesk.import.js').ImportProgress['update']>[0];
  const line = (s: State) =>
    `${s.articlesDone}/${s.articlesSeen} articles, ${s.counts.comments.created + s.counts.comments.updated + s.counts.comments.unchanged} comments, ` +
    `${s.counts.articleVotes.created + s.counts.articleVotes.unchanged + s.counts.commentVotes.created + s.counts.commentVotes.unchanged} votes, ${s.warnings} warnings`;
  if (!process.stdout.isTTY) return { update: (s: State) => console.log(line(s)), stop() {} };
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ format: 'articles {bar} {value}/{total} | {comments} comments | {votes} votes | {warnings} warnings', hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update(s: State) {
      const payload = {
        comments: s.counts.comments.created + s.counts.comments.updated + s.counts.comments.unchanged,
        votes: s.counts.articleVotes.created + s.counts.articleVotes.unchanged + s.counts.commentVotes.created + s.counts.commentVotes.unchanged,
        warnings: s.warnings,
      };
      if (!started) bar.start(s.articlesSeen, s.articlesDone, payload);
      started = true;
      bar.setTotal(s.articlesSeen);
      bar.update(s.articlesDone, payload);
    },
    stop: () => started && bar.stop(),
  };
}

