#!/usr/bin/env node
// `npm start`: builds the web client and the server when their sources changed since the last
// build, then runs the server (embedded PGlite unless DATABASE_URL is set).
//
// Stopping: this process stays the server's parent, passes SIGTERM/SIGINT on, waits while the
// server drains and exits with its code. The root package.json runs it as
// `exec node scripts/start.mjs`, so npm's child is this process and not `sh` (which npm's
// forwarded SIGTERM would kill, leaving this process and the server orphaned). Neither outlives
// the other: started by a package manager, this process stops the server (draining) when its
// own parent goes away (npm or its shell was killed), and the server stops (draining) when this
// process goes away (it watches the IPC channel it gets from here).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/** The process this one waits for (the web build, then the server) and what it is. */
let child = null;
let childName = '';
/** The signal that asked to stop; passed on to `child`. */
let stopping = null;
const exitCodeOf = (signal) => 128 + (os.constants.signals[signal] ?? 0);

function stop(signal, why) {
  if (!stopping) console.error(`npm start: ${why}, stopping${child ? ` the ${childName}` : ''}`);
  stopping ??= signal;
  if (!child) process.exit(exitCodeOf(signal));
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(sig, sig));

// Started by a package manager: when the parent dies this process is reparented and nobody would
// pass a signal on any more, so stop as on SIGTERM. (Run by hand in the background, the shell
// that started it may end without meaning "stop": then there is no such check.)
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop('SIGTERM', `its parent process ${parent} is gone`);
  }, 250).unref();
}

/** Runs `cmd` as the child; resolves with its exit code (128 + n when signal n ended it). */
function run(name, cmd, args, options) {
  child = spawn(cmd, args, options);
  childName = name;
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? exitCodeOf(signal)));
    child.once('error', (err) => {
      console.error(`npm start: could not run ${cmd}: ${err.message}`);
      resolve(1);
    });
  });
}

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

// ATRIUM_SKIP_WEB_BUILD=1 serves apps/web/dist as it is (or only the API without one)
const web = path.join(root, 'apps/web');
const builtAt = newestMtime(path.join(web, 'dist/index.html'));
const sources = [
  'apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/package.json',
  'packages/schema/schema.graphql', 'packages/schema/operations',
].map((p) => newestMtime(path.join(root, p)));
if (process.env.ATRIUM_SKIP_WEB_BUILD !== '1' && fs.existsSync(path.join(web, 'index.html')) && Math.max(...sources) > builtAt) {
  console.log('Building the web client (first start or sources changed)...');
  const code = await run('web build', bin('turbo'), ['run', 'build', '--filter=@atrium/web', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  child = null;
  if (stopping) process.exit(exitCodeOf(stopping));
  if (code !== 0) console.error('The web client failed to build; starting the API only.');
}

// the server runs as compiled JavaScript (apps/server/dist, rebuilt by esbuild in well under a
// second when its sources changed): no TypeScript loader in the production process
const serverDir = path.join(root, 'apps/server');
const { buildServer, isStale, serverNodeFlags } = await import(pathToFileURL(path.join(serverDir, 'scripts/build.mjs')).href);
if (isStale()) await buildServer();
if (stopping) process.exit(exitCodeOf(stopping));

const code = await run('server', process.execPath, [...serverNodeFlags, path.join(serverDir, 'dist/main.js')], {
  cwd: serverDir,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  env: { NODE_ENV: 'production', DATA_DIR: path.join(root, '.data'), ...process.env },
});
process.exit(code);
