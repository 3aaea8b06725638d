#!/usr/bin/env node
// `npm start`: builds the web client and the server when their sources changed since the last
// build, then runs the server (embedded PGlite unless DATABASE_URL is set). Signals pass through.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry === 'dist' || entry === 'generated') continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

const web = path.join(root, 'apps/web');
const builtAt = newestMtime(path.join(web, 'dist/index.html'));
const sources = [
  'apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json',
  'packages/schema/schema.graphql', 'packages/schema/operations',
].map((p) => newestMtime(path.join(root, p)));
if (fs.existsSync(path.join(web, 'index.html')) && Math.max(...sources) > builtAt) {
  console.log('Building the web client (first start or sources changed)...');
  const r = spawnSync(bin('turbo'), ['run', 'build', '--filter=@atrium/web', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.error('The web client failed to build; starting the API only.');
}

// the server runs as compiled JavaScript (apps/server/dist, rebuilt by esbuild in well under a
// second when its sources changed): no TypeScript loader in the production process
const serverDir = path.join(root, 'apps/server');
const { buildServer, isStale, serverNodeFlags } = await import(pathToFileURL(path.join(serverDir, 'scripts/build.mjs')).href);
if (isStale()) await buildServer();
const server = spawn(process.execPath, [...serverNodeFlags, path.join(serverDir, 'dist/main.js')], {
  cwd: serverDir,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', DATA_DIR: path.join(root, '.data'), ...process.env },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
