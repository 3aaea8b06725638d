import { performance } from 'node:perf_hooks';
import {
  AddCommentDocument,
  ArticleWithThreadDocument,
  CommentEventsDocument,
  HideCommentDocument,
  VoteArticleDocument,
  VoteCommentDocument,
} from '@atrium/schema';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Instance } from './instances.js';
import type { SoakComment, SoakSeed, SoakUser } from './seed.js';

export type Kind = 'articlePage' | 'addComment' | 'voteComment' | 'voteArticle' | 'hideComment';
export const KINDS: Kind[] = ['articlePage', 'addComment', 'voteComment', 'voteArticle', 'hideComment'];

/** Error codes the soak accepts: the rate limiter refusing is the system working. */
export const ACCEPTED_CODES = new Set(['RATE_LIMITED']);

export class Stats {
  readonly latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  readonly failed = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  /** extensions.code (or HTTP_<status> / NETWORK) -> count, and one example message each. */
  readonly errors = new Map<string, { count: number; example: string }>();

  record(kind: Kind, ms: number) {
    this.latencies.get(kind)!.push(ms);
  }

  error(kind: Kind, code: string, message: string) {
    this.failed.set(kind, this.failed.get(kind)! + 1);
    const e = this.errors.get(code) ?? { count: 0, example: `${kind}: ${message.slice(0, 160)}` };
    e.count++;
    this.errors.set(code, e);
  }
}

const printed = new Map<unknown, string>();
function queryOf(doc: TypedDocumentNode<any, any>): string {
  let q = printed.get(doc);
  if (!q) printed.set(doc, (q = print(doc)));
  return q;
}

/** One GraphQL POST; records its latency and its errors by code; null when it failed. */
async function gql<TData, TVars>(
  stats: Stats,
  kind: Kind,
  url: string,
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  token?: string,
): Promise<TData | null> {
  const t0 = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: queryOf(doc), variables }),
    });
    text = await res.text();
  } catch (err) {
    stats.error(kind, 'NETWORK', String((err as Error).cause ?? err));
    return null;
  }
  stats.record(kind, performance.now() - t0);
  let json: { data?: TData | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    json = JSON.parse(text);
  } catch {
    stats.error(kind, `HTTP_${res.status}`, text);
    return null;
  }
  if (json.errors?.length) {
    for (const e of json.errors) stats.error(kind, e.extensions?.code ?? 'NO_CODE', e.message);
    return null;
  }
  if (!res.ok || !json.data) {
    stats.error(kind, `HTTP_${res.status}`, text);
    return null;
  }
  return json.data;
}

/** What the writers did, for the expected side of the event count. */
export interface Ledger {
  /** Article global id -> comments added during the load (global ids). */
  added: Map<string, Set<string>>;
  /** Article global id -> comments hidden during the load (global ids). */
  hidden: Map<string, Set<string>>;
}

/** One subscription per article on every client; counts every ADDED / REMOVED per comment id. */
export class Subscriber {
  readonly client: Client;
  /** Article global id -> comment id -> times seen. */
  readonly addedSeen = new Map<string, Map<string, number>>();
  readonly removedSeen = new Map<string, Map<string, number>>();
  readonly other = new Map<string, number>();
  readonly failures: string[] = [];
  private readonly unsubscribers: Array<() => void> = [];

  constructor(readonly instance: Instance) {
    this.client = createClient({
      url: `${instance.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: (e) => this.failures.push(`connection: ${String(e)}`),
    });
  }

  follow(articleId: string) {
    const added = new Map<string, number>();
    const removed = new Map<string, number>();
    this.addedSeen.set(articleId, added);
    this.removedSeen.set(articleId, removed);
    this.unsubscribers.push(
      this.client.subscribe<{ commentEvents: { kind: string; comment: { id: string } } }>(
        { query: queryOf(CommentEventsDocument), variables: { articleId } },
        {
          next: (r) => {
            if (r.errors?.length || !r.data) {
              this.failures.push(`event error: ${JSON.stringify(r.errors).slice(0, 200)}`);
              return;
            }
            const { kind, comment } = r.data.commentEvents;
            const into = kind === 'ADDED' ? added : kind === 'REMOVED' ? removed : null;
            if (into) into.set(comment.id, (into.get(comment.id) ?? 0) + 1);
            else this.other.set(kind, (this.other.get(kind) ?? 0) + 1);
          },
          error: (e) => this.failures.push(`subscription ended with an error: ${JSON.stringify(e).slice(0, 200)}`),
          complete: () => {},
        },
      ),
    );
  }

  async close() {
    for (const u of this.unsubscribers) u();
    await this.client.dispose();
  }
}

export interface EventCount {
  expected: number;
  delivered: number;
  missing: number;
  duplicates: number;
  unexpected: number;
}

/** ADDED and REMOVED delivered to every subscription against what the writers were told. */
export function countEvents(subscribers: Subscriber[], ledger: Ledger, ignore: Set<string>): { added: EventCount; removed: EventCount } {
  const zero = (): EventCount => ({ expected: 0, delivered: 0, missing: 0, duplicates: 0, unexpected: 0 });
  const out = { added: zero(), removed: zero() };
  const tally = (c: EventCount, expected: Set<string>, seen: Map<string, number>) => {
    c.expected += expected.size;
    for (const id of expected) {
      const n = seen.get(id) ?? 0;
      if (n > 0) c.delivered++;
      else c.missing++;
      if (n > 1) c.duplicates += n - 1;
    }
    for (const [id, n] of seen) if (!expected.has(id) && !ignore.has(id)) c.unexpected += n;
  };
  for (const s of subscribers) {
    for (const [articleId, seen] of s.addedSeen) tally(out.added, ledger.added.get(articleId) ?? new Set(), seen);
    for (const [articleId, seen] of s.removedSeen) tally(out.removed, ledger.hidden.get(articleId) ?? new Set(), seen);
  }
  return out;
}

export interface LoadOptions {
  seconds: number;
  readers: number;
  commenters: number;
  commentVoters: number;
  articleVoters: number;
  /** ms between two hides of the moderator. */
  hideEveryMs: number;
  /** A comment is hidden only when its ADDED had this long to reach every subscriber. */
  hideAfterMs: number;
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)];

/**
 * The mixed load: closed loops (each waits for its answer before the next request), every
 * request to a random instance. Writers never touch a comment the moderator may hide, so a
 * vote or reply never races a hide; the moderator hides only comments added during the load.
 */
export async function runLoad(seed: SoakSeed, instances: Instance[], stats: Stats, ledger: Ledger, opts: LoadOptions, onTick?: (elapsedS: number) => void) {
  const deadline = performance.now() + opts.seconds * 1000;
  const running = () => performance.now() < deadline;
  const url = () => pick(instances).url;
  const member = (): SoakUser => pick(seed.members);
  // targets of votes and replies: the seeded comments and every other comment added now
  const votable: SoakComment[] = [...seed.comments];
  // the moderator's pool: comments added now, with the time they were acknowledged
  const hideable: Array<{ c: SoakComment; at: number }> = [];
  let added = 0;

  const reader = async () => {
    while (running()) {
      const a = pick(seed.articles);
      await gql(stats, 'articlePage', url(), ArticleWithThreadDocument, { slug: a.slug }, Math.random() < 0.5 ? member().token : undefined);
    }
  };
  const commenter = async () => {
    while (running()) {
      const user = member();
      const article = pick(seed.articles);
      const parents = votable.filter((c) => c.articleId === article.id && c.depth < 5);
      const parent = Math.random() < 0.5 && parents.length ? pick(parents) : null;
      const n = added++;
      const data = await gql(
        stats,
        'addComment',
        url(),
        AddCommentDocument,
        { input: { articleId: article.id, body: `Soak comment ${n}`, ...(parent ? { parentId: parent.id } : {}) } },
        user.token,
      );
      if (!data) continue;
      const c: SoakComment = { id: data.addComment.comment.id, articleId: article.id, authorId: user.id, depth: parent ? parent.depth + 1 : 0 };
      ledger.added.get(article.id)!.add(c.id);
      if (n % 3 === 0) hideable.push({ c, at: performance.now() });
      else votable.push(c);
    }
  };
  const commentVoter = async () => {
    const values = ['UP', 'UP', 'DOWN', null] as const;
    while (running()) {
      const c = pick(votable);
      let user = member();
      while (user.id === c.authorId) user = member();
      await gql(stats, 'voteComment', url(), VoteCommentDocument, { input: { commentId: c.id, value: pick([...values]) as never } }, user.token);
    }
  };
  const articleVoter = async () => {
    const values = [true, true, false, null];
    while (running()) {
      await gql(stats, 'voteArticle', url(), VoteArticleDocument, { input: { articleId: pick(seed.articles).id, helpful: pick(values) } }, member().token);
    }
  };
  const moderator = async () => {
    const reasons = ['OFF_TOPIC', 'DUPLICATE', 'ABUSE', 'OUTDATED'] as const;
    while (running()) {
      await new Promise((r) => setTimeout(r, opts.hideEveryMs));
      const now = performance.now();
      const i = hideable.findIndex((h) => now - h.at >= opts.hideAfterMs);
      if (i < 0 || !running()) continue;
      const [{ c }] = hideable.splice(i, 1);
      const data = await gql(stats, 'hideComment', url(), HideCommentDocument, { input: { commentId: c.id, reason: pick([...reasons]) as never } }, seed.moderator.token);
      if (data) ledger.hidden.get(c.articleId)!.add(c.id);
    }
  };
  const ticker = async () => {
    const t0 = performance.now();
    let next = 10;
    while (running()) {
      await new Promise((r) => setTimeout(r, 250));
      const s = (performance.now() - t0) / 1000;
      if (s >= next) {
        onTick?.(next);
        next += 10;
      }
    }
  };

  const loops = [
    ...Array.from({ length: opts.readers }, reader),
    ...Array.from({ length: opts.commenters }, commenter),
    ...Array.from({ length: opts.commentVoters }, commentVoter),
    ...Array.from({ length: opts.articleVoters }, articleVoter),
    moderator(),
    ticker(),
  ];
  await Promise.all(loops);
}

/** Adds one comment per article and waits until every subscription has its ADDED: all are live. */
export async function probe(seed: SoakSeed, instances: Instance[], subscribers: Subscriber[], timeoutMs = 15_000): Promise<Set<string>> {
  const stats = new Stats();
  const ids = new Set<string>();
  for (const a of seed.articles) {
    const data = await gql(stats, 'addComment', instances[0].url, AddCommentDocument, { input: { articleId: a.id, body: 'Soak probe' } }, seed.members[0].token);
    if (!data) throw new Error(`probe comment failed: ${JSON.stringify([...stats.errors])}`);
    ids.add(data.addComment.comment.id);
  }
  const deadline = performance.now() + timeoutMs;
  const ready = () => subscribers.every((s) => [...s.addedSeen.values()].every((seen) => [...seen.keys()].some((id) => ids.has(id))));
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('subscribers did not get the probe comments: the subscriptions are not live');
    await new Promise((r) => setTimeout(r, 50));
  }
  return ids;
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
