import type { Redis } from 'ioredis';
import { log } from './logger.js';
import { createRedisClient } from './redis.js';

/**
 * Version counters per cache tag, the page cache's only shared state (lib/page-cache.ts).
 * A write bumps the tags of what it changed before its response is sent; every cache hit
 * reads the current versions of its entry's tags and is served only when none moved. With
 * REDIS_URL the counters live in Redis (every instance sees a bump at once); without it, in
 * this process (one instance).
 *
 * `generation` moves with every bump of any tag: a renderer reads it before reading its data
 * and again with its tags' versions afterwards, and stores nothing when it moved in between
 * (a bump during the render may concern data it already read).
 */
export interface TagVersions {
  /** The global generation (see above). */
  generation(): Promise<number>;
  /** [generation, ...versions of `tags`] in one atomic read. */
  read(tags: readonly string[]): Promise<number[]>;
  /** Bumps `tags` and the generation; resolves once every instance's next read sees it. */
  bump(tags: readonly string[]): Promise<void>;
  /** Called when bumps may have been missed (Redis reconnected): the cache drops everything. */
  onReset(fn: () => void): void;
  readonly mode: 'memory' | 'redis';
  close(): Promise<void>;
}

const GENERATION = '\0generation';

export class MemoryTagVersions implements TagVersions {
  readonly mode = 'memory' as const;
  private readonly versions = new Map<string, number>();

  async generation(): Promise<number> {
    return this.versions.get(GENERATION) ?? 0;
  }

  async read(tags: readonly string[]): Promise<number[]> {
    return [this.versions.get(GENERATION) ?? 0, ...tags.map((t) => this.versions.get(t) ?? 0)];
  }

  async bump(tags: readonly string[]): Promise<void> {
    for (const t of [GENERATION, ...tags]) this.versions.set(t, (this.versions.get(t) ?? 0) + 1);
  }

  onReset(): void {}

  async close(): Promise<void> {}
}

/**
 * A bump is retried this long while Redis is unreachable before the write's response goes out
 * anyway (logged). Short: with Redis gone, every write would wait this long (the fault test holds
 * writes under 5 s), and instances that lost Redis drop their entries and serve none meanwhile.
 */
const BUMP_RETRY_MS = 1000;

export class RedisTagVersions implements TagVersions {
  readonly mode = 'redis' as const;
  private readonly redis: Redis;
  private readonly resets = new Set<() => void>();
  private readonly prefix: string;

  /** `namespace`: one per database, so help centers sharing a Redis never share versions. */
  constructor(url: string, namespace: string) {
    this.prefix = `atrium:pagecache:${namespace}:v:`;
    this.redis = createRedisClient(url);
    // a reconnect may hide bumps this instance never saw answered (or a Redis restart that reset
    // the counters): drop every entry rather than trust versions read before the outage
    this.redis.on('ready', () => {
      for (const fn of this.resets) fn();
    });
    this.redis.on('error', () => {
      for (const fn of this.resets) fn();
    });
  }

  async generation(): Promise<number> {
    return Number((await this.redis.get(this.prefix + GENERATION)) ?? 0);
  }

  async read(tags: readonly string[]): Promise<number[]> {
    const values = await this.redis.mget(this.prefix + GENERATION, ...tags.map((t) => this.prefix + t));
    return values.map((v) => Number(v ?? 0));
  }

  async bump(tags: readonly string[]): Promise<void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        const multi = this.redis.multi();
        for (const t of [GENERATION, ...tags]) multi.incr(this.prefix + t);
        await multi.exec();
        return;
      } catch (err) {
        if (Date.now() - started > BUMP_RETRY_MS) {
          // every instance drops its cache when its own Redis connection fails or returns (onReset)
          log().error({ err: (err as Error).message, tags }, 'page cache: could not bump tag versions in Redis');
          return;
        }
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
      }
    }
  }

  onReset(fn: () => void): void {
    this.resets.add(fn);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export function createTagVersions(redisUrl: string | null, namespace: string): TagVersions {
  return redisUrl ? new RedisTagVersions(redisUrl, namespace) : new MemoryTagVersions();
}
