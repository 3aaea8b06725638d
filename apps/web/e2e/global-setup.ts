import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startOidcProvider, type TestOidcProvider } from '../../server/test/oidc-provider';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    demoPassword: string;
    /** The test OpenID provider's issuer ('' with E2E_OIDC=0): sso.e2e.ts signs in through it. */
    oidcIssuer: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../../..');
const WEB = path.resolve(import.meta.dirname, '..');
export const DEMO_PASSWORD = 'e2e-demo-password';
/** People at the e2e OpenID provider, by the login typed on its sign-in page. */
const E2E_OIDC_ACCOUNTS = {
  mia: { sub: 'e2e-mia', email: 'mia@corp.example', email_verified: true, name: 'Mia Moderator', preferred_username: 'mia', groups: ['mods'] },
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, server: ChildProcess, log: () => string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${log()}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not become ready in ${timeoutMs / 1000}s:\n${log()}`);
}

/**
 * With DATABASE_URL, the suite's server gets a database of its own (created here, dropped at
 * the end), so what one run wrote (comments, archived articles, log entries) never meets the
 * next run's demo help center. `pg` comes from the server's dependencies.
 */
async function freshDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const pg = createRequire(path.join(ROOT, 'apps/server/package.json'))('pg') as typeof import('pg');
  const name = `atrium_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** Builds the web app (unless E2E_SKIP_BUILD=1), starts the real server on a free port. */
export default async function setup(project: TestProject) {
  if (process.env.E2E_SKIP_BUILD !== '1') {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
  }
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  // single sign-on through a real OpenID provider (sso.e2e.ts); E2E_OIDC=0 leaves it off
  const oidc: TestOidcProvider | null =
    process.env.E2E_OIDC === '0' ? null : await startOidcProvider({ accounts: E2E_OIDC_ACCOUNTS, redirectUris: () => [`${baseURL}/auth/oidc/callback`] });
  const dataRoot = mkdtempSync(path.join(tmpdir(), 'atrium-web-e2e-'));
  const database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dataRoot, 'data'),
    DEMO_PASSWORD,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    WEB_DIST: process.env.WEB_DIST || path.join(WEB, 'dist'), // E2E_SKIP_BUILD=1 WEB_DIST=<folder>: a build made elsewhere
    // The suite signs in and writes a lot from one address in a short time (the limits
    // themselves are tested in the server's tests).
    RATE_LIMIT_IP_POINTS: '100000',
    RATE_LIMIT_USER_POINTS: '100000',
    WRITE_LIMIT_SIGNIN: '1000',
    WRITE_LIMIT_COMMENTS: '1000',
    WRITE_LIMIT_VOTES: '1000',
    PERSISTED_QUERIES: 'apq',
    // webhooks e2e: the receiver is a local server in the test process
    WEBHOOK_ALLOW_PRIVATE: 'true',
    PUBLIC_URL: baseURL,
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...(oidc
      ? {
          OIDC_ISSUER: oidc.issuer,
          OIDC_CLIENT_ID: oidc.clientId,
          OIDC_CLIENT_SECRET: oidc.clientSecret,
          OIDC_SCOPES: 'openid email profile groups',
          OIDC_ROLE_CLAIM: 'groups',
          OIDC_ROLE_MAP: 'atrium-admins:ADMIN,support:AGENT,mods:MODERATOR',
          OIDC_BUTTON_LABEL: 'Acme ID',
        }
      : {}),
  };
  let output = '';
  const server = spawn('npx', ['tsx', '--tsconfig', 'apps/server/tsconfig.json', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const collect = (b: Buffer) => {
    output = (output + b.toString()).slice(-8000);
  };
  server.stdout!.on('data', collect);
  server.stderr!.on('data', collect);
  const stop = async () => {
    await oidc?.close();
    if (server.exitCode === null && server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise((r) => {
        const t = setTimeout(() => {
          try {
            process.kill(-server.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
          r(undefined);
        }, 10_000);
        server.once('exit', () => {
          clearTimeout(t);
          r(undefined);
        });
      });
    }
    rmSync(dataRoot, { recursive: true, force: true });
    await database?.drop().catch((e: unknown) => console.error(`could not drop the e2e database: ${String(e)}`));
  };
  try {
    await waitReady(baseURL, server, () => output);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide('baseURL', baseURL);
  project.provide('demoPassword', DEMO_PASSWORD);
  project.provide('oidcIssuer', oidc?.issuer ?? '');
  return stop;
}
