import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { openDatabase } from '../src/modules/database.js';
import { benchDatabase, seedThread, startBenchApp } from './lib.js';

/**
 * `npx tsx bench/ssr-profile.ts [pages]` (#23): the server-rendered article page of the ssr bench
 * (2,000 comments, the page shows 20 top-level with replies), rendered `pages` times one after
 * another in this process; prints ms/page. Run with `node --cpu-prof --import tsx` for a profile.
 * Needs WEB_DIST (a `vite build` with its server renderer).
 */
process.env.NODE_ENV = "production"; // as the production server runs the renderer (Vue's production paths)
const pages = Number(process.argv[2] ?? 200);
const db = await benchDatabase('ssrprof');
try {
  const database = await openDatabase({ databaseUrl: db.url, dataDir: null, dbPoolSize: 4 });
  const seed = await seedThread(database, { comments: 2000, levels: 6, users: 200, votes: 20_000 });
  await database.close();
  const app = await startBenchApp(db.url, { webDist: process.env.WEB_DIST!, pageCacheBytes: 0 });
  const url = `${app.url}/articles/${seed.slug}`;
  try {
    const once = async () => {
      const res = await fetch(url, { headers: { accept: 'text/html' } });
      const text = await res.text();
      if (res.status !== 200 || !text.includes('atrium-state')) throw new Error(`${res.status} ${text.slice(0, 300)}`);
      return text.length;
    };
    for (let i = 0; i < 30; i++) await once();
    // SSR_PROFILE=<file>: a CPU profile of the timed pages only (open it in Chrome DevTools)
    const session = process.env.SSR_PROFILE ? new Session() : null;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let bytes = 0;
    for (let i = 0; i < pages; i++) bytes = await once();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(process.env.SSR_PROFILE!, JSON.stringify(profile));
      session.disconnect();
    }
    console.log(`${pages} pages: ${(ms / pages).toFixed(1)} ms/page wall, ${((cpu.user + cpu.system) / 1000 / pages).toFixed(1)} ms/page CPU, ${bytes} bytes`);
  } finally {
    await app.close();
  }
} finally {
  await db.drop();
}
