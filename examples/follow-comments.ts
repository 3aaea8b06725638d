/**
 * Follows one article's comments live over graphql-ws, with typed documents from @atrium/schema.
 *   ATRIUM_URL=http://localhost:4000 ATRIUM_TOKEN=<api token, optional> npx tsx examples/follow-comments.ts <article-slug>
 * Prints each event (ADDED, UPDATED, REMOVED, VOTED) until Ctrl+C.
 */
import { ArticleDocument, CommentEventsDocument, type CommentEventsSubscription } from '@atrium/schema';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const base = (process.env.ATRIUM_URL ?? 'http://localhost:4000').replace(/\/$/, '');
const token = process.env.ATRIUM_TOKEN;
const slug = process.argv[2];
if (!slug) {
  console.error('usage: follow-comments.ts <article-slug>');
  process.exit(2);
}

async function articleId(): Promise<string> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: print(ArticleDocument), variables: { slug } }),
  });
  const body = (await res.json()) as { data?: { article: { id: string; title: string } | null } };
  if (!body.data?.article) throw new Error(`no article "${slug}"`);
  console.log(`following comments on "${body.data.article.title}"`);
  return body.data.article.id;
}

async function main() {
  const id = await articleId();
  const client = createClient({
    url: `${base.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
  const events = client.iterate<CommentEventsSubscription>({ query: print(CommentEventsDocument), variables: { articleId: id } });
  process.on('SIGINT', () => void Promise.resolve(client.dispose()).then(() => process.exit(0)));
  for await (const result of events) {
    if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
    const ev = result.data!.commentEvents;
    const who = ev.comment.author?.displayName ?? 'deleted';
    console.log(`${ev.kind} ${ev.comment.id} by ${who}: ${ev.comment.body.replace(/\s+/g, ' ').slice(0, 80)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
