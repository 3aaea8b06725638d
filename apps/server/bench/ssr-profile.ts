import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { openDatabase } from '../src/modules/database.js';
import { benchDatabase, seedThread, startBenchApp } from './lib.js';

/**
 * `WEB_DIST=<build>[,<build>...] npx tsx bench/ssr-profile.ts [pages] [rounds]` (#23): the
 * server-rendered article page of the ssr bench (2,000 comments, the page shows 20 top-level with
 * replies), uncached, rendered `pages` times one after another in this process; prints CPU and
 * wall ms/page. Several builds (a comma-separated WEB_DIST) take turns, `rounds` times each, on
 * the same data: an A/B on a busy machine. SSR_PROFILE=<file>: a CPU profile of the first
 * build's timed pages (open it in Chrome DevTools). A `vite build` holds its server renderer.
 */
process.env.NODE_ENV = 'production'; // as the production server runs the renderer
const pages = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 1);
const dists = (process.env.WEB_DIST ?? '').split(',').filter(Boolean);
if (!dists.length) throw new Error('WEB_DIST=<a vite build folder>');
const db = await benchDatabase('ssrprof');
try {
  const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 4 });
  const seed = await seedThread(database, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
  await database.close();
  const apps = [];
  for (const webDist of dists) apps.push(await startBenchApp(db.url, { webDist, pageCacheBytes: 0 }));
  try {
    const once = async (url: string) => {
      // no accept-encoding: the page's own cost, not compression's (as the bench's autocannon)
      const res = await fetch(url, { headers: { accept: 'text/html', 'accept-encoding': 'identity' } });
      const text = await res.text();
      if (res.status !== 200 || !text.includes('atrium-state')) throw new Error(`${res.status} ${text.slice(0, 300)}`);
      return text.length;
    };
    const results = dists.map(() => [] as Array<{ cpu: number; wall: number }>);
    for (const app of apps) for (let i = 0; i < 30; i++) await once(`${app.url}/articles/${seed.slug}`);
    for (let round = 0; round < rounds; round++) {
      for (const [i, app] of apps.entries()) {
        const url = `${app.url}/articles/${seed.slug}`;
        const session = process.env.SSR_PROFILE && i === 0 && round === 0 ? new Session() : null;
        if (session) {
          session.connect();
          await session.post('Profiler.enable');
          await session.post('Profiler.start');
        }
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        let bytes = 0;
        for (let n = 0; n < pages; n++) bytes = await once(url);
        const wall = (performance.now() - t0) / pages;
        const used = process.cpuUsage(cpu0);
        const cpu = (used.user + used.system) / 1000 / pages;
        if (session) {
          const { profile } = await session.post('Profiler.stop');
          fs.writeFileSync(process.env.SSR_PROFILE!, JSON.stringify(profile));
          session.disconnect();
        }
        results[i].push({ cpu, wall });
        console.log(`${dists[i]} round ${round + 1}: ${pages} pages, ${cpu.toFixed(1)} ms/page CPU, ${wall.toFixed(1)} ms/page wall, ${bytes} bytes`);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const [i, r] of results.entries()) {
      console.log(`${dists[i]}: median ${median(r.map((x) => x.cpu)).toFixed(1)} ms/page CPU, ${median(r.map((x) => x.wall)).toFixed(1)} ms/page wall (${rounds} rounds of ${pages})`);
    }
  } finally {
    for (const app of apps) await app.close();
  }
} finally {
  await db.drop();
}
