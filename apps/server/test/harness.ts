import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase } from '../src/modules/database.js';
import { createApp, type App } from '../src/http/server.js';
import { withDatabase } from './global-setup.js';
import type { TestUser } from './factories.js';

export interface TestContext {
  app: App;
  url: string;
}

/** A fresh database for this test file: a copy of the run's migrated template, or a new in-memory PGlite. */
async function freshDatabaseUrl(): Promise<string | null> {
  const template = inject('templateDatabase');
  const base = process.env.DATABASE_URL;
  if (!template || !base) return null;
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return withDatabase(base, name);
}

export async function startTestApp(overrides: Partial<Config> = {}): Promise<App> {
  const databaseUrl = await freshDatabaseUrl();
  const config = loadConfig(
    // GRAPHQL_JIT: the suite runs with compiled execution on (default) and off
    { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', PORT: '0', HOST: '127.0.0.1', GRAPHQL_JIT: process.env.GRAPHQL_JIT },
    {
      databaseUrl,
      dataDir: null,
      seedDemo: false,
      // apps share nothing through Redis unless a test asks (fan-out tests start their own processes)
      redisUrl: null,
      // tests that are not about rate limits must not trip them; those that are set their own
      ...({
        rateLimitTokenPoints: 1e9,
        rateLimitUserPoints: 1e9,
        rateLimitIpPoints: 1e9,
        writeLimits: { comments: 1e6, votes: 1e6, flags: 1e6, signin: 1e6 },
        accountMailLimit: 1e6,
      } as Partial<Config>),
      ...overrides,
    },
  );
  const database = await openDatabase(config);
  return createApp(config, { database });
}

let current: App | null = null;

/**
 * Boots one app for the test file (in beforeAll) and closes it afterwards. `overrides` may be a
 * function, read when the app starts (e.g. `() => ({ smtpUrl: mailbox.url })` after useMailServer()).
 */
export function useTestApp(overrides: Partial<Config> | (() => Partial<Config>) = {}): () => App {
  beforeAll(async () => {
    current = await startTestApp(typeof overrides === 'function' ? overrides() : overrides);
  });
  afterAll(async () => {
    await current?.close();
    current = null;
  });
  return () => {
    if (!current) throw new Error('the test app is not started (call useTestApp at the top of the file)');
    return current;
  };
}

export function app(): App {
  if (!current) throw new Error('the test app is not started');
  return current;
}

export interface GqlOptions {
  as?: TestUser | null;
  token?: string;
  headers?: Record<string, string>;
}

export class GqlResponse<TData> {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly body: ExecutionResult<TData> & { errors?: GraphQLFormattedError[] },
    private readonly exchange: string,
  ) {}

  get errors(): readonly GraphQLFormattedError[] {
    return this.body.errors ?? [];
  }

  /** The data; fails on any error, printing the exchange. */
  expectData(): TData {
    if (this.errors.length || !this.body.data) {
      throw new Error(`expected data without errors, got:\n${this.exchange}\n<- ${this.status} ${JSON.stringify(this.body, null, 2)}`);
    }
    return this.body.data;
  }

  /** Asserts that some error carries this extensions.code; returns that error. */
  expectErrorCode(code: string): GraphQLFormattedError {
    const hit = this.errors.find((e) => e.extensions?.code === code);
    if (!hit) {
      throw new Error(`expected an error with code ${code}, got:\n${this.exchange}\n<- ${this.status} ${JSON.stringify(this.body, null, 2)}`);
    }
    expect(JSON.stringify(this.body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    return hit;
  }

  get sqlStatements(): number {
    return Number(this.headers.get('x-sql-statements'));
  }
}

/** Sends a typed document over real HTTP to the running test app. */
export async function gql<TData, TVars>(
  doc: TypedDocumentNode<TData, TVars>,
  variables?: TVars,
  opts: GqlOptions = {},
): Promise<GqlResponse<TData>> {
  const query = print(doc);
  const token = opts.token ?? opts.as?.token;
  const res = await fetch(`${app().url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: ExecutionResult<TData>;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON answer ${res.status}: ${text.slice(0, 500)}`);
  }
  const exchange = `-> ${query.split('\n')[0]} ${JSON.stringify(variables ?? {})}${opts.as ? ` as ${opts.as.handle}` : ''}`;
  return new GqlResponse<TData>(res.status, res.headers, body as GqlResponse<TData>['body'], exchange);
}

/** Raw SQL against the test app's database (assertions on rows). */
export function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return app().database.ds.query(text, params);
}

export { openDatabase };
