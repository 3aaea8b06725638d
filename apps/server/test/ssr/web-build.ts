import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const WEB = path.join(ROOT, 'apps/web');

function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p)) if (e !== 'node_modules' && e !== 'dist') newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/**
 * The web app built (client + server renderer) for the SSR tests, in a temporary folder named
 * after its sources' newest change: built once, reused until a source changes.
 * SSR_TEST_WEB_DIST=<folder> uses a build made elsewhere.
 */
export function webBuild(): string {
  if (process.env.SSR_TEST_WEB_DIST) return process.env.SSR_TEST_WEB_DIST;
  const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/build', 'packages/schema/operations', 'packages/schema/src'];
  const stamp = createHash('sha256').update(sources.map((s) => newestMtime(path.join(ROOT, s))).join(',')).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `atrium-ssr-test-${stamp}`);
  if (!fs.existsSync(path.join(dir, '.ssr/entry-server.mjs'))) {
    const tmp = `${dir}.${process.pid}`;
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error', '--outDir', tmp, '--emptyOutDir'], { cwd: WEB, stdio: 'inherit' });
    try {
      fs.renameSync(tmp, dir);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another test file built it first
    }
  }
  return dir;
}
