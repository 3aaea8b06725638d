import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ForbiddenError, UnauthenticatedError } from '../graphql/errors.js';
import { log } from '../lib/logger.js';
import { createRedisClient } from '../lib/redis.js';
import { hasRole, type Viewer } from '../lib/viewer.js';
import type { Role } from '../lib/roles.js';
import type { EventPublisher } from './publisher.js';

/**
 * Live events between services (publishers, after commit) and subscription resolvers.
 *
 * - In-process by default. With REDIS_URL every event also goes through one Redis channel,
 *   so subscribers on other instances get it. Subscribers on the publishing instance are
 *   served in-process, never through Redis: Redis being down costs only the other
 *   instances (logged once per outage; ioredis keeps reconnecting and resubscribes).
 * - Payloads are plain JSON (ids and statuses, never text): each subscriber's answer is read
 *   from the database with that subscriber's visibility.
 *
 * Writing a subscription (example: the moderation queue, for MODERATOR+):
 *
 * ```ts
 * @Subscription(() => ModerationQueueEvent, {
 *   description: 'MODERATOR+: a flag or PENDING comment arrived or was resolved.',
 *   subscribe: ({ context }: { context: Context }) => {
 *     requireRole(context.viewer, 'MODERATOR');            // FORBIDDEN / UNAUTHENTICATED error, not silence
 *     return subscribeTopic<ModerationQueueMessage>(context.services.pubsub, MODERATION_QUEUE, {
 *       filter: (m) => canModerate(context.viewer),          // checked per event, in memory
 *       // map: async (m) => ({ ... })                       // optional: turn the ids into rows
 *     });
 *   },
 * })
 * moderationQueue(@Root() event: ModerationQueueEventValue) { return event; }
 * ```
 *
 * An error thrown in `subscribe` reaches the client as a GraphQL error formatted by
 * graphql/errors.ts, the socket stays open. Over WebSocket the context (and its loaders,
 * which do not cache) lives as long as the subscription: read what can change per event.
 * For events that fan out to many subscribers (comments), see `KeyedFanout` and
 * modules/comment/comment.subscriptions.ts: one database read per event, shared.
 */
export interface PubSub extends EventPublisher {
  /** Delivers `payload` to every subscriber of `topic`, here and (with Redis) on other instances. */
  publish(topic: string, payload: unknown): void;
  /** Calls `handler` for each event of `topic` until the returned function is called. */
  subscribe<T = unknown>(topic: string, handler: (payload: T) => void | Promise<void>): () => void;
  /** A queue a subscription resolver returns as its AsyncIterable (see Channel). */
  channel<T>(onReturn?: () => void): Channel<T>;
  /** Resolves once every event handled so far has been delivered to its sockets (or after `timeoutMs`). */
  drain(timeoutMs?: number): Promise<void>;
  /** 'memory', or 'redis'. */
  readonly mode: 'memory' | 'redis';
  /** Open subscription channels on this instance (tests wait for it instead of sleeping). */
  readonly subscriptions: number;
  /** Metrics hooks (http/server.ts wires them to /metrics). */
  instrument(hooks: PubSubHooks): void;
  close(): Promise<void>;
}

export interface PubSubHooks {
  /** An event was published on this instance. */
  published(topic: string): void;
  /** Fan-out of one event on this instance: from its publish (or arrival from Redis) until its last subscriber got it. */
  delivered(topic: string, seconds: number): void;
}

/** One Redis channel carries every topic; `o` tells an instance its own events apart. */
const REDIS_CHANNEL = 'atrium:events';
interface Envelope {
  o: string;
  t: string;
  p: unknown;
}

/** Events a subscriber may have queued before it is considered stuck and ended. */
const MAX_QUEUED = 1000;

/**
 * A push queue consumed as an AsyncIterator (what graphql-js' subscribe needs). graphql-ws
 * asks for the next item only after the previous one is executed and sent, so `busy` tells
 * whether an item is still in flight (for a clean shutdown).
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private done = false;
  busy = false;

  constructor(
    private readonly onReturn: () => void = () => {},
    private readonly registry?: Set<Channel<unknown>>,
  ) {
    registry?.add(this as Channel<unknown>);
  }

  get pending(): number {
    return this.queue.length + (this.busy ? 1 : 0);
  }

  get closed(): boolean {
    return this.done;
  }

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      this.busy = true;
      resolve({ value, done: false });
      return;
    }
    if (this.queue.length >= MAX_QUEUED) {
      // a consumer this far behind is gone or too slow: end it rather than grow without bound
      log().warn({ queued: this.queue.length }, 'subscription queue full: ending the subscription');
      void this.return();
      return;
    }
    this.queue.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    this.busy = false;
    if (this.queue.length) {
      this.busy = true;
      return Promise.resolve({ value: this.queue.shift() as T, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.busy = false;
      this.queue.length = 0;
      this.registry?.delete(this as Channel<unknown>);
      this.onReturn();
      const w = this.waiting;
      this.waiting = null;
      w?.({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

class LocalBus {
  private readonly handlers = new Map<string, Set<(payload: unknown) => void | Promise<void>>>();
  readonly inflight = new Set<Promise<unknown>>();
  hooks: PubSubHooks | null = null;

  subscribe<T>(topic: string, handler: (payload: T) => void | Promise<void>): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    const h = handler as (payload: unknown) => void | Promise<void>;
    set.add(h);
    return () => {
      set.delete(h);
      if (!set.size) this.handlers.delete(topic);
    };
  }

  dispatch(topic: string, payload: unknown, started = performance.now()): void {
    const set = this.handlers.get(topic);
    if (!set) return;
    const pending: Promise<unknown>[] = [];
    for (const h of [...set]) {
      try {
        const r = h(payload);
        if (r && typeof (r as Promise<void>).then === 'function') {
          const p = (r as Promise<void>).catch((err: unknown) => log().error({ err, topic }, 'live event handler failed'));
          this.inflight.add(p);
          pending.push(p);
          void p.finally(() => this.inflight.delete(p));
        }
      } catch (err) {
        log().error({ err, topic }, 'live event handler failed');
      }
    }
    const hooks = this.hooks;
    if (!hooks) return;
    const done = () => hooks.delivered(topic, (performance.now() - started) / 1000);
    if (pending.length) void Promise.all(pending).then(done);
    else done();
  }
}

export function createPubSub(opts: { redisUrl: string | null }): PubSub {
  const bus = new LocalBus();
  const channels = new Set<Channel<unknown>>();
  const instance = randomUUID();
  let pub: Redis | null = null;
  let sub: Redis | null = null;
  let publishFailing = false;

  if (opts.redisUrl) {
    pub = createRedisClient(opts.redisUrl);
    // the subscriber queues its SUBSCRIBE until connected and resubscribes after a reconnect
    sub = createRedisClient(opts.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
    sub.subscribe(REDIS_CHANNEL).catch((err: Error) => log().warn({ err: err.message }, 'redis subscribe failed; retried on reconnect'));
    sub.on('message', (_channel: string, raw: string) => {
      let env: Envelope;
      try {
        env = JSON.parse(raw) as Envelope;
      } catch {
        return;
      }
      if (env.o === instance || typeof env.t !== 'string') return;
      bus.dispatch(env.t, env.p);
    });
  }

  return {
    mode: opts.redisUrl ? 'redis' : 'memory',
    get subscriptions() {
      return channels.size;
    },
    instrument(hooks) {
      bus.hooks = hooks;
    },
    publish(topic, payload) {
      bus.hooks?.published(topic);
      const started = performance.now();
      // after the caller's commit; the fan-out must not delay the mutation's answer
      setImmediate(() => bus.dispatch(topic, payload, started));
      if (!pub) return;
      pub.publish(REDIS_CHANNEL, JSON.stringify({ o: instance, t: topic, p: payload } satisfies Envelope)).then(
        () => {
          if (publishFailing) log().info('redis publish works again');
          publishFailing = false;
        },
        (err: Error) => {
          if (!publishFailing) log().warn({ err: err.message, topic }, 'redis publish failed: live events reach this instance only');
          publishFailing = true;
        },
      );
    },
    subscribe(topic, handler) {
      return bus.subscribe(topic, handler);
    },
    channel<T>(onReturn?: () => void) {
      return new Channel<T>(onReturn, channels);
    },
    async drain(timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      // let events published just before (setImmediate) reach their handlers
      await new Promise((r) => setImmediate(r));
      while (Date.now() < until) {
        if (bus.inflight.size) {
          await Promise.race([Promise.allSettled([...bus.inflight]), new Promise((r) => setTimeout(r, until - Date.now()))]);
          continue;
        }
        let pending = 0;
        for (const c of channels) pending += c.pending;
        if (!pending) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      for (const c of [...channels]) await c.return();
      // quit() waits for a connection that may never come back: only when connected
      await Promise.all(
        [pub, sub].map(async (c) => {
          if (!c) return;
          if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
          else c.disconnect();
        }),
      );
    },
  };
}

/**
 * A subscription to one topic as the AsyncIterable a `subscribe:` function returns. `filter`
 * runs per event for this subscriber; `map` turns the message into the root value.
 */
export function subscribeTopic<T, R = T>(
  pubsub: PubSub,
  topic: string,
  opts: { filter?: (payload: T) => boolean | Promise<boolean>; map?: (payload: T) => R | Promise<R> } = {},
): AsyncIterableIterator<R> {
  let stop = () => {};
  const channel = pubsub.channel<R>(() => stop());
  stop = pubsub.subscribe<T>(topic, async (payload) => {
    if (opts.filter && !(await opts.filter(payload))) return;
    channel.push(opts.map ? await opts.map(payload) : (payload as unknown as R));
  });
  return channel;
}

/**
 * For protected subscriptions: throws UNAUTHENTICATED (anonymous) or FORBIDDEN (signed in,
 * role too low) from `subscribe`, so the client gets an error instead of silence.
 */
export function requireRole(viewer: Viewer | null, role: Role): asserts viewer is Viewer {
  if (!viewer) throw new UnauthenticatedError('Sign in to subscribe to this.');
  if (!hasRole(viewer, role)) throw new ForbiddenError(`Only ${role.toLowerCase()}s and above can subscribe to this.`);
}

/**
 * Subscribers grouped by a key (an article id, ...), with one handler per topic for all of
 * them: an event costs one lookup by key plus one delivery per interested subscriber, and
 * `deliver` can read the database once for all of them.
 */
export class KeyedFanout<M, S> {
  private readonly byKey = new Map<string, Set<S>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly pubsub: PubSub,
    private readonly topic: string,
    private readonly keyOf: (message: M) => string,
    private readonly deliver: (message: M, subscribers: S[]) => Promise<void>,
  ) {}

  add(key: string, subscriber: S): () => void {
    this.unsubscribe ??= this.pubsub.subscribe<M>(this.topic, (m) => {
      const set = this.byKey.get(this.keyOf(m));
      return set?.size ? this.deliver(m, [...set]) : undefined;
    });
    let set = this.byKey.get(key);
    if (!set) this.byKey.set(key, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (!set.size) this.byKey.delete(key);
    };
  }

  get size(): number {
    let n = 0;
    for (const s of this.byKey.values()) n += s.size;
    return n;
  }
}

/**
 * type-graphql 2 insists on a `pubSub` in buildSchema even when every subscription has its
 * own `subscribe:` function (ours do: the pubsub belongs to the running app, the schema is
 * built once per process). This one refuses `topics:`-style subscriptions.
 */
export const schemaPubSub = {
  publish(): void {
    throw new Error('Publish through the app pubsub (services.pubsub), not the schema.');
  },
  subscribe(): AsyncIterable<unknown> {
    throw new Error('Use `subscribe:` with subscribeTopic() (pubsub/index.ts) instead of `topics:`.');
  },
};

export type { EventPublisher } from './publisher.js';
