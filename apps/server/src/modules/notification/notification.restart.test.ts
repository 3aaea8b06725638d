import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { AddCommentDocument } from '@atrium/schema';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../database.js';
import type { Db } from '../../db/data-source.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { createApp, type App } from '../../http/server.js';
import { hashPassword, SESSION_PREFIX, tokenHash } from '../auth/auth.service.js';
import { startTestApp } from '../../../test/harness.js';

/** A second app on the same database (PostgreSQL URL or PGlite folder), like a restarted server. */
async function startOn(first: App): Promise<App> {
  const config = loadConfig(
    { NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', PORT: '0', HOST: '127.0.0.1' },
    { databaseUrl: first.config.databaseUrl, dataDir: first.config.dataDir, seedDemo: false, redisUrl: null },
  );
  return createApp(config, { database: await openDatabase(config) });
}

async function makeUser(db: Db, role = 'MEMBER') {
  const handle = `r_${randomBytes(5).toString('hex')}`;
  const [u] = await db.query(
    `insert into users (handle, display_name, email, password_hash, role) values ($1, $1, $1 || '@test.example', $2, $3) returning id`,
    [handle, await hashPassword('correct horse battery'), role],
  );
  const token = SESSION_PREFIX + randomBytes(32).toString('base64url');
  await db.query(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day')`, [u.id, tokenHash(token)]);
  return { id: u.id as string, token };
}

async function addComment(app: App, token: string, articleId: string, body: string, parentId?: string): Promise<string> {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(AddCommentDocument), variables: { input: { articleId, body, parentId } } }),
  });
  const json = (await res.json()) as { data?: { addComment: { comment: { id: string } } }; errors?: unknown };
  if (!json.data) throw new Error(JSON.stringify(json.errors));
  return json.data.addComment.comment.id;
}

const count = async (db: Db, sql: string, params: unknown[] = []) => ((await db.query(sql, params)) as Array<{ n: number }>)[0].n;

describe('notification outbox across a restart', () => {
  it('an app stopped before processing leaves its events to the next one: each notification exactly once', async () => {
    // PGlite needs a folder (not memory) to survive the restart; PostgreSQL keeps the test database
    const dataDir = process.env.DATABASE_URL ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-outbox-'));
    const first = await startTestApp(dataDir ? { dataDir } : {});
    let second: App | null = null;
    try {
      await first.services.notifications.stop(); // the worker never runs in this one
      const db = first.database.ds;
      const [cat] = await db.query(`insert into categories (slug, name) values ($1, 'C') returning id`, [`c-${randomUUID()}`]);
      const [sec] = await db.query(`insert into sections (category_id, slug, name) values ($1, $2, 'S') returning id`, [cat.id, `s-${randomUUID()}`]);
      const author = await makeUser(db, 'AGENT');
      const [art] = await db.query(
        `insert into articles (section_id, author_id, slug, title, body, body_html, excerpt, status, published_at)
         values ($1, $2, $3, 'T', 'b', '<p>b</p>', 'b', 'PUBLISHED', now()) returning id`,
        [sec.id, author.id, `a-${randomUUID()}`],
      );
      const articleGid = toGlobalId('Article', art.id);
      const followers = await Promise.all(Array.from({ length: 5 }, () => makeUser(db)));
      await db.query('insert into follows (user_id, article_id) select unnest($1::uuid[]), $2', [followers.map((f) => f.id), art.id]);
      const writers = await Promise.all(Array.from({ length: 3 }, () => makeUser(db)));

      // 3 writers x 4 comments, every other one a reply to the writer's previous comment
      const comments: string[] = [];
      for (const w of writers) {
        let parent: string | undefined;
        for (let i = 0; i < 4; i++) {
          const id = await addComment(first, w.token, articleGid, `comment ${i}`, i % 2 ? parent : undefined);
          comments.push(id);
          parent = id;
        }
      }
      expect(await first.services.notifications.backlog()).toBe(12);
      expect(await count(db, 'select count(*)::int as n from notifications')).toBe(0);
      await first.close();

      second = await startOn(first);
      const db2 = second.database.ds;
      const outbox = second.services.notifications.outbox;
      // the worker started with the app; two more drains race it for the same rows
      await Promise.all([outbox.drain(), outbox.drain()]);
      await vi.waitFor(async () => expect(await second!.services.notifications.backlog()).toBe(0), { timeout: 10_000, interval: 50 });

      // each of the 12 comments: the 5 followers + the 2 other writers (auto-followers by then), never the writer
      const perRecipient: Array<{ recipient: string; n: number }> = await db2.query(
        'select recipient_id as recipient, count(*)::int as n from notifications group by recipient_id',
      );
      const expected = 12 * 5 + 3 * 4 * 2;
      expect(await count(db2, 'select count(*)::int as n from notifications')).toBe(expected);
      expect(await count(db2, 'select count(*)::int as n from (select distinct recipient_id, comment_id from notifications) x')).toBe(expected);
      for (const f of followers) expect(perRecipient.find((r) => r.recipient === f.id)?.n).toBe(12);
      expect(await count(db2, 'select count(*)::int as n from notifications n join comments c on c.id = n.comment_id where n.recipient_id = c.author_id')).toBe(0);

      // replaying every event (as after a crash between fan-out and commit) adds nothing
      await db2.query('update notification_outbox set processed_at = null');
      await outbox.drain();
      expect(await count(db2, 'select count(*)::int as n from notifications')).toBe(expected);
      expect(await second.services.notifications.backlog()).toBe(0);
    } finally {
      await second?.close();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
