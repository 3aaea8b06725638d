import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createRedisClient } from './redis.js';

/** The outcome of one consume(): always carries what the RateLimit-* headers need. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Points per window. */
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Seconds to wait before trying again (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Takes `points` from `key`'s budget. Never throws for "over the limit": see `allowed`. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** Gives points back (e.g. a sign-in that succeeded should not count as an attempt). */
  reward(key: string, points?: number): Promise<void>;
  readonly points: number;
  readonly durationSeconds: number;
  /** Resolves once Redis is connected (at once in memory); until then budgets are per process. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Budget per key and window. */
  points: number;
  durationSeconds: number;
  /** Names the budget (`api:token`, `write:comment`, `signin:ip`): keys of different limiters never mix. */
  keyPrefix: string;
  /** Shared through Redis when set; in memory otherwise. */
  redisUrl?: string | null;
  /** An existing client to share (not closed by close()). */
  redis?: Redis;
}

/**
 * A fixed-window points budget per key (rate-limiter-flexible). With Redis the budget is
 * shared by every server process; while Redis is down each process falls back to its own
 * in-memory budget (the "insurance" limiter) instead of failing requests.
 */
export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const base = { points: opts.points, duration: opts.durationSeconds, keyPrefix: opts.keyPrefix };
  const ownClient = !opts.redis && opts.redisUrl ? createRedisClient(opts.redisUrl) : null;
  const client = opts.redis ?? ownClient;
  const limiter: RateLimiterAbstract = client
    ? new RateLimiterRedis({ ...base, storeClient: client, insuranceLimiter: new RateLimiterMemory(base) })
    : new RateLimiterMemory(base);

  const decide = (res: RateLimiterRes, allowed: boolean): RateLimitDecision => {
    const resetSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return {
      allowed,
      limit: opts.points,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds,
      retryAfterSeconds: allowed ? 0 : resetSeconds,
    };
  };

  return {
    points: opts.points,
    durationSeconds: opts.durationSeconds,
    async consume(key, points = 1) {
      try {
        return decide(await limiter.consume(key, points), true);
      } catch (err) {
        if (err instanceof RateLimiterRes) return decide(err, false);
        throw err;
      }
    },
    async reward(key, points = 1) {
      await limiter.reward(key, points);
    },
    async ready() {
      if (client && client.status !== 'ready') await new Promise<void>((resolve) => client.once('ready', () => resolve()));
    },
    async close() {
      if (ownClient) ownClient.disconnect();
    },
  };
}
