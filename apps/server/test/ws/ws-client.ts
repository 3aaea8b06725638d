import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Viewer } from '../../src/lib/viewer.js';
import type { TestUser } from '../factories.js';
import { app } from '../harness.js';

/** The WebSocket URL of the running test app (same port and path as HTTP). */
export function wsUrl(base = app().url): string {
  return `${base.replace(/^http/, 'ws')}/graphql`;
}

export interface ConnectOptions {
  /** Bearer token of this user in connection_init. */
  as?: TestUser | null;
  token?: string;
  /** Session cookie on the upgrade request. */
  cookie?: string;
  origin?: string;
  url?: string;
  /** connection_init's payload as given (instead of the one `as`/`token` make). */
  connectionParams?: Record<string, unknown>;
}

export interface TestClient {
  client: Client;
  /** Resolves with the close event once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  subscribe<TData, TVars>(doc: TypedDocumentNode<TData, TVars>, variables: TVars): Subscription<TData>;
  /** Raw text subscription (for invalid documents). */
  subscribeText<TData = unknown>(query: string, variables?: Record<string, unknown>): Subscription<TData>;
  dispose(): Promise<void>;
}

/** A real graphql-ws client over the `ws` package. */
export function connect(opts: ConnectOptions = {}): TestClient {
  const token = opts.token ?? opts.as?.token;
  let resolveClosed!: (e: { code: number; reason: string }) => void;
  const closed = new Promise<{ code: number; reason: string }>((r) => (resolveClosed = r));
  const headers: Record<string, string> = opts.cookie ? { cookie: opts.cookie } : {};
  class Socket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers, ...(opts.origin ? { origin: opts.origin } : {}) });
    }
  }
  const client = createClient({
    url: opts.url ?? wsUrl(),
    webSocketImpl: Socket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: opts.connectionParams ?? (token ? { authorization: `Bearer ${token}` } : undefined),
    on: {
      closed: (e) => {
        const ev = e as { code?: number; reason?: string };
        resolveClosed({ code: ev.code ?? 0, reason: String(ev.reason ?? '') });
      },
    },
    onNonLazyError: () => {},
  });
  const make = <T>(query: string, variables?: Record<string, unknown>) => new Subscription<T>(client, query, variables);
  return {
    client,
    closed,
    subscribe: (doc, variables) => make(print(doc), variables as Record<string, unknown>),
    subscribeText: (query, variables) => make(query, variables),
    dispose: () => client.dispose() as Promise<void>,
  };
}

type Outcome<T> = { kind: 'next'; value: ExecutionResult<T> & { errors?: GraphQLFormattedError[] } } | { kind: 'error'; error: unknown } | { kind: 'complete' };

/** One subscription, read with `next()`: the next event, or a failure after a timeout (never a sleep). */
export class Subscription<T> {
  private readonly outcomes: Outcome<T>[] = [];
  private waiter: ((o: Outcome<T>) => void) | null = null;
  readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables?: Record<string, unknown>) {
    this.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (value) => this.push({ kind: 'next', value: value as unknown as ExecutionResult<T> & { errors?: GraphQLFormattedError[] } }),
        error: (error) => this.push({ kind: 'error', error }),
        complete: () => this.push({ kind: 'complete' }),
      },
    );
  }

  private push(o: Outcome<T>) {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w(o);
    } else this.outcomes.push(o);
  }

  /** The next thing the server sent (an event, an error, completion), or throws after `ms`. */
  outcome(ms = 5000): Promise<Outcome<T>> {
    const queued = this.outcomes.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new Error(`no message from the server within ${ms} ms`));
      }, ms);
      this.waiter = (o) => {
        clearTimeout(timer);
        resolve(o);
      };
    });
  }

  /** The next event's data; fails on errors. */
  async next(ms = 5000): Promise<T> {
    const o = await this.outcome(ms);
    if (o.kind !== 'next' || o.value.errors?.length || !o.value.data) {
      throw new Error(`expected an event, got ${JSON.stringify(o, (_k, v) => (v instanceof Error ? v.message : v))}`);
    }
    return o.value.data;
  }

  /** The GraphQL errors the server answered with (an `error` message, or a `next` with errors). */
  async errors(ms = 5000): Promise<GraphQLFormattedError[]> {
    const o = await this.outcome(ms);
    if (o.kind === 'error' && Array.isArray(o.error)) return o.error as GraphQLFormattedError[];
    if (o.kind === 'next' && o.value.errors?.length) return o.value.errors;
    throw new Error(`expected GraphQL errors, got ${JSON.stringify(o, (_k, v) => (v instanceof Error ? v.message : v))}`);
  }

  /** Whether nothing has arrived yet (used only after a later event proved ordering). */
  get queued(): number {
    return this.outcomes.length;
  }
}

/** Waits until the server has `n` more open subscriptions than `base` (registration is asynchronous). */
export async function subscribed(n: number, base = 0, ms = 5000): Promise<void> {
  const pubsub = app().services.pubsub;
  const until = Date.now() + ms;
  while (pubsub.subscriptions < base + n) {
    if (Date.now() > until) throw new Error(`expected ${base + n} open subscriptions, have ${pubsub.subscriptions}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function viewerOf(user: TestUser, role = user.role): Viewer {
  return { id: user.id, handle: user.handle, role, status: 'ACTIVE', suspendedUntil: null, credential: { kind: 'session', id: 'test' } };
}

/** A status change as the moderation module makes it: in a transaction; its event goes live after commit. */
export async function moderate(moderator: TestUser, commentUuid: string, from: Array<'PUBLISHED' | 'PENDING' | 'HIDDEN'>, to: 'PUBLISHED' | 'HIDDEN', hideReason: 'SPAM' | null = null) {
  const a = app();
  const event = to === 'HIDDEN' ? 'comment.hidden' : from.includes('HIDDEN') ? 'comment.unhidden' : 'comment.approved';
  await a.database.ds.transaction((tx) => a.services.comments.moderate(tx, viewerOf(moderator), commentUuid, { from, to, hideReason, event }));
}

/** Waits until the server has closed every subscription (after clients disposed theirs). */
export async function unsubscribedAll(ms = 5000): Promise<void> {
  const pubsub = app().services.pubsub;
  const until = Date.now() + ms;
  while (pubsub.subscriptions > 0) {
    if (Date.now() > until) throw new Error(`${pubsub.subscriptions} subscriptions still open`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
