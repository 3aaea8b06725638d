import { AddCommentDocument, CommentEventsDocument } from '@atrium/schema';
import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cleanUpChildServers, startChildServer } from '../child-server.js';
import { buildArticle, buildUser } from '../factories.js';
import { app, useTestApp } from '../harness.js';
import { connect, wsUrl } from './ws-client.js';

const onPostgres = !!process.env.DATABASE_URL;
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

useTestApp();

cleanUpChildServers();

/** `main.ts` as its own process, on the test's database and the shared Redis. */
function startServer(databaseUrl: string) {
  // the loop below may post more comments than a member's per-minute budget while B (another
  // process, slow under a loaded CI) registers its subscription: raise the budget for this test
  return startChildServer({ DATABASE_URL: databaseUrl, REDIS_URL, SEED_DEMO: 'false', WRITE_LIMIT_COMMENTS: '1000' });
}

describe('fan-out across instances (Redis)', () => {
  it.skipIf(!onPostgres)(
    'a comment added on instance A reaches a subscriber on instance B; SIGTERM closes B’s sockets with 1001 (skipped on PGlite: one embedded database cannot be shared by two processes)',
    async () => {
      const databaseUrl = app().config.databaseUrl!;
      const article = await buildArticle();
      const writer = await buildUser();
      const [a, b] = await Promise.all([startServer(databaseUrl), startServer(databaseUrl)]);
      const c = connect({ url: wsUrl(b.url) });
      const sub = c.subscribe(CommentEventsDocument, { articleId: article.gid });
      // B registers the subscription asynchronously and is another process: add comments on A until one arrives
      const posted: string[] = [];
      let event: Awaited<ReturnType<typeof sub.next>> | null = null;
      for (let i = 0; i < 40 && !event; i++) {
        const res = await fetch(`${a.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${writer.token}` },
          body: JSON.stringify({ query: print(AddCommentDocument), variables: { input: { articleId: article.gid, body: `from A #${i}` } } }),
        });
        const body = (await res.json()) as { data: { addComment: { comment: { id: string } } } | null; errors?: unknown };
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
        posted.push(body.data!.addComment.comment.id);
        event = await sub.next(500).catch(() => null);
      }
      expect(event?.commentEvents.kind).toBe('ADDED');
      expect(posted).toContain(event!.commentEvents.comment.id);
      expect(event!.commentEvents.comment.body).toMatch(/^from A #/);

      b.proc.kill('SIGTERM');
      expect((await c.closed).code).toBe(1001);
      expect(await b.exited).toBe(0);
      a.proc.kill('SIGTERM');
      expect(await a.exited).toBe(0);
      await c.dispose();
    },
    90_000,
  );
});
