import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/modules/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated template database on DATABASE_URL; null when tests use PGlite. */
    templateDatabase: string | null;
    runId: string;
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * With DATABASE_URL: one fresh database per run (atrium_test_<random>), migrated once and
 * used as the template of each test file's own database. Without it: every test file gets
 * a new in-memory PGlite.
 */
export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString('hex');
  project.provide('runId', runId);
  const url = process.env.DATABASE_URL;
  if (!url) {
    project.provide('templateDatabase', null);
    return;
  }
  const template = `atrium_test_${runId}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const db = await openDatabase({ databaseUrl: withDatabase(url, template), dataDir: null, dbPoolSize: 2 });
  await db.close();
  project.provide('templateDatabase', template);
  await admin.end();

  return async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${template}%`]);
    for (const r of rows) {
      await c.query(`drop database if exists ${r.datname} with (force)`);
    }
    await c.end();
  };
}

export { withDatabase };
