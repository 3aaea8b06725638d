/**
 * A cold load of the heaviest article in Chromium on a "mid-range phone" (#23): CDP 4x CPU
 * throttling and 150 ms latency / 1.6 Mbps down (750 kbps up), a fresh browser context (no
 * cache). Prints first contentful paint, when the first comment became visible, the GraphQL
 * requests sent before that, and the JavaScript the page loaded (gzipped, level 9).
 *
 *   npx tsx scripts/perf-throttled.ts [baseURL=http://127.0.0.1:4000] [articlePath] [--runs 3]
 *
 * Without articlePath, the published article with the most comments (the heaviest demo one).
 */
import { gzipSync } from 'node:zlib';
import { launchBrowser, newContext } from '../e2e/browser';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const positional = args.filter((a, i) => !a.startsWith('--') && !(runsAt >= 0 && i === runsAt + 1));
const base = positional[0] ?? 'http://127.0.0.1:4000';

async function heaviestArticle(): Promise<string> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ articles(first: 100) { edges { node { slug commentCount bodyHtml } } } }' }),
  });
  const { data } = (await res.json()) as { data: { articles: { edges: Array<{ node: { slug: string; commentCount: number; bodyHtml: string } }> } } };
  const nodes = data.articles.edges.map((e) => e.node);
  nodes.sort((a, b) => b.commentCount - a.commentCount || b.bodyHtml.length - a.bodyHtml.length);
  return `/articles/${nodes[0].slug}`;
}

interface Sample {
  fcp: number;
  firstComment: number;
  graphqlBefore: number;
  graphqlTotal: number;
  jsGzipKb: number;
  status: number;
}

const articlePath = positional[1] ?? (await heaviestArticle());
console.log(`article: ${articlePath}`);
const browser = await launchBrowser();
const samples: Sample[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await newContext(browser, base, 'phone');
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // injected by the browser, not the page (no CSP involved): when a comment is first laid out
    // (a string: tsx would add helpers the page does not have to a function's source)
    await page.addInitScript(`(() => {
      const check = () => {
        const el = document.querySelector('[data-testid="comment"]');
        if (el && el.getBoundingClientRect().height > 0) { window.__firstComment = performance.now(); return; }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })()`);
    const graphql: number[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/graphql' && r.method() !== 'OPTIONS') graphql.push(Date.now());
    });
    const res = await page.goto(articlePath, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as { __firstComment?: number }).__firstComment !== undefined, null, { timeout: 120_000 });
    await page.waitForLoadState('networkidle', { timeout: 120_000 });
    const m = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      firstComment: (window as unknown as { __firstComment: number }).__firstComment,
      scripts: performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => new URL(n).pathname.endsWith('.js')),
    }));
    let js = 0;
    for (const src of new Set(m.scripts)) js += gzipSync(Buffer.from(await (await fetch(src)).arrayBuffer()), { level: 9 }).length;
    const commentAt = m.origin + m.firstComment;
    samples.push({
      fcp: m.fcp,
      firstComment: m.firstComment,
      graphqlBefore: graphql.filter((t) => t < commentAt).length,
      graphqlTotal: graphql.length,
      jsGzipKb: js / 1024,
      status: res?.status() ?? 0,
    });
    await context.close();
  }
} finally {
  await browser.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`\nCold load of ${base}${articlePath}: Chromium, phone viewport, CPU 4x slower, 150 ms latency, 1.6 Mbps down; ${runs} runs`);
console.log('| run | status | FCP ms | first comment visible ms | GraphQL before it | GraphQL total | JS loaded (gzip KB) |');
console.log('|-----|--------|--------|--------------------------|-------------------|---------------|---------------------|');
samples.forEach((s, i) =>
  console.log(`| ${i + 1} | ${s.status} | ${s.fcp.toFixed(0)} | ${s.firstComment.toFixed(0)} | ${s.graphqlBefore} | ${s.graphqlTotal} | ${s.jsGzipKb.toFixed(1)} |`),
);
console.log(
  `| median | | ${median(samples.map((s) => s.fcp)).toFixed(0)} | ${median(samples.map((s) => s.firstComment)).toFixed(0)} | ${median(samples.map((s) => s.graphqlBefore))} | ${median(samples.map((s) => s.graphqlTotal))} | ${median(samples.map((s) => s.jsGzipKb)).toFixed(1)} |`,
);
