import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { print } from 'graphql';
import { AddCommentDocument, ArticlesDocument, SignInDocument } from '@atrium/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../child-server.js';
import { openDatabase } from '../../src/modules/database.js';
import { app, useTestApp } from '../harness.js';

// `npm start` as a process manager or container runtime runs it: the real root script
// (npm → scripts/start.mjs → node dist/main.js), stopped by a signal to the npm process only.

useTestApp();

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const PASSWORD = 'npm-start-test-pw';

interface Started {
  npm: ChildProcess;
  url: string;
  /** npm's exit code (or 128 + signal). */
  exited: Promise<number>;
  /** npm and every process below it, as they were once the server was ready. */
  tree: Array<{ pid: number; cmd: string }>;
  /** node scripts/start.mjs and node dist/main.js in that tree. */
  start: number;
  server: number;
  dataDir: string | null;
  output: () => string;
}

const groups: number[] = [];
const dataDirs: string[] = [];
afterAll(() => {
  // whatever a failing test left running (the whole tree shares npm's process group)
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** pid → parent pid of every process on the machine. */
function parents(): Map<number, { ppid: number; cmd: string }> {
  const out = new Map<number, { ppid: number; cmd: string }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.set(Number(entry), { ppid, cmd });
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}

function descendants(root: number): Array<{ pid: number; cmd: string }> {
  const all = parents();
  const found = [{ pid: root, cmd: all.get(root)?.cmd ?? '' }];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, p] of all) if (p.ppid === found[i].pid) found.push({ pid, cmd: p.cmd });
  }
  return found;
}

/** Running (a zombie waiting for its parent to reap it has finished). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs: number, detail: () => string = () => '') {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`${what} (after ${timeoutMs} ms)\n${detail()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function npmStart({ seed = false } = {}): Promise<Started> {
  const databaseUrl = app().config.databaseUrl;
  // one embedded database for the file's servers, one after the other: migrated once
  if (!databaseUrl && !dataDirs.length) dataDirs.push(fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-npm-start-')));
  const dataDir = databaseUrl ? null : dataDirs[0];
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: String(seed),
    DEMO_PASSWORD: PASSWORD,
    WRITE_LIMIT_COMMENTS: '100000',
    // the API is all this test needs: no web build (start.mjs still builds the server's dist)
    ATRIUM_SKIP_WEB_BUILD: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
  };
  if (!databaseUrl) delete env.DATABASE_URL;
  // its own process group, so that afterAll can end whatever a failure leaves behind
  const npm = spawn('npm', ['start'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  groups.push(npm.pid!);
  let log = '';
  const collect = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  };
  npm.stdout!.on('data', collect);
  npm.stderr!.on('data', collect);
  const exited = new Promise<number>((r) => npm.once('exit', (code, signal) => r(code ?? 128 + os.constants.signals[signal!])));
  const url = `http://127.0.0.1:${port}`;
  let ready = false;
  const until = Date.now() + 120_000;
  while (!ready) {
    if (npm.exitCode !== null) throw new Error(`npm start exited (${npm.exitCode}):\n${log}`);
    if (Date.now() > until) throw new Error(`npm start was not ready in 120 s:\n${log}`);
    ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 200));
  }
  const tree = descendants(npm.pid!);
  // npm → node scripts/start.mjs → node dist/main.js: no shell between npm and start.mjs
  const start = tree.find((p) => p.cmd.includes('scripts/start.mjs'));
  const server = tree.find((p) => p.cmd.includes('dist/main.js'));
  if (tree[1]?.pid !== start?.pid || !server) throw new Error(`unexpected process tree:\n${tree.map((p) => `${p.pid} ${p.cmd}`).join('\n')}`);
  return { npm, url, exited, tree, start: start!.pid, server: server.pid, dataDir, output: () => log };
}

async function post<T>(url: string, query: string, variables: unknown, token?: string): Promise<{ data?: T; errors?: unknown[] }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: unknown[] };
}

function describeTree(s: Started): string {
  return `${s.tree.map((p) => `${p.pid} ${alive(p.pid) ? 'RUNNING' : 'gone'} ${p.cmd}`).join('\n')}\n--- output:\n${s.output()}`;
}

describe('npm start', () => {
  it('SIGTERM to the npm process alone: the server drains, every acknowledged write is stored, the whole tree exits 0', async () => {
    const started = await npmStart({ seed: true });
    const { npm, url, tree } = started;

    const signIn = await post<{ signIn: { token: string } }>(url, print(SignInDocument), { input: { login: 'member', password: PASSWORD } });
    const token = signIn.data!.signIn.token;
    const articles = await post<{ articles: { edges: Array<{ node: { id: string } }> } }>(url, print(ArticlesDocument), { first: 1 });
    if (!articles.data) throw new Error(JSON.stringify(articles));
    const articleId = articles.data.articles.edges[0].node.id;

    const acknowledged: string[] = [];
    let refused = 0;
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      writes.push(
        post<{ addComment: { comment: { id: string } } }>(url, print(AddCommentDocument), { input: { articleId, body: `npm burst ${i}` } }, token).then(
          (r) => {
            if (r.data?.addComment) acknowledged.push(r.data.addComment.comment.id);
            else refused++;
          },
          () => {
            refused++; // refused or reset: not acknowledged
          },
        ),
      );
      if (i === 15) npm.kill('SIGTERM'); // npm only, as a process manager or `docker stop` would
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(writes);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.length + refused).toBe(40);

    // npm waited for the drained server and exited with its code; nothing of the tree is left
    await waitUntil('no process of the npm start tree may outlive the stop', () => tree.every((p) => !alive(p.pid)), 25_000, () => describeTree(started));
    expect(await started.exited, started.output()).toBe(0);
    expect(started.output()).not.toMatch(/"level":(50|60)/); // no error or fatal log line

    const db = await openDatabase({ databaseUrl: app().config.databaseUrl, dataDir: started.dataDir, dbPoolSize: 1 });
    try {
      const rows: Array<{ id: string }> = await db.ds.query(`select c.id from comments c where c.body like 'npm burst %'`);
      const { toGlobalId } = await import('../../src/graphql/global-id.js');
      const stored = new Set(rows.map((r) => toGlobalId('Comment', r.id)));
      for (const id of acknowledged) expect(stored.has(id), `acknowledged comment ${id} is stored`).toBe(true);
    } finally {
      await db.close();
    }
  }, 180_000);

  it('npm killed outright (SIGKILL): start.mjs and the server do not run on orphaned, the server drains and exits', async () => {
    const started = await npmStart();
    started.npm.kill('SIGKILL');
    await waitUntil('start.mjs and the server must exit once npm is gone', () => !alive(started.start) && !alive(started.server), 25_000, () => describeTree(started));
    expect(started.output()).toContain('stopping the server');
  }, 180_000);

  it('start.mjs killed outright (SIGKILL): the server notices its parent is gone and exits', async () => {
    const started = await npmStart();
    process.kill(started.start, 'SIGKILL');
    await waitUntil('the server must exit once start.mjs is gone', () => !alive(started.server), 25_000, () => describeTree(started));
    await started.exited;
  }, 180_000);

  it('the Dockerfile runs the command npm start runs, and installs every workspace of the lock file', async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { serverNodeFlags } = (await import('../../scripts/build.mjs')) as { serverNodeFlags: string[] };
    const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(JSON.parse(/^CMD (.*)$/m.exec(runtime)![1])).toEqual(['node', ...serverNodeFlags, 'dist/main.js']);
    expect(/^WORKDIR (.*)$/m.exec(runtime.slice(runtime.lastIndexOf('\nWORKDIR ')))![1]).toBe('/app/apps/server');
    // `npm ci` in the image sees only the manifests it copies: one per workspace, or it fails
    const workspaces = fs.readdirSync(path.join(repoRoot, 'apps')).map((d) => `apps/${d}`)
      .concat(fs.readdirSync(path.join(repoRoot, 'packages')).map((d) => `packages/${d}`))
      .filter((d) => fs.existsSync(path.join(repoRoot, d, 'package.json')));
    for (const w of workspaces) expect(dockerfile, `${w}/package.json is copied before npm ci`).toContain(`COPY ${w}/package.json ${w}/`);
  });
});
