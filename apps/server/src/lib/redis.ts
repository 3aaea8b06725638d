import { createRequire } from 'node:module';
import type { Redis as RedisClient, RedisOptions } from 'ioredis';
import { log } from './logger.js';

/**
 * A Redis client for shared state (rate limits, pub/sub). Commands fail fast while Redis is
 * unreachable (no offline queue) so callers can fall back instead of hanging; it keeps
 * reconnecting in the background and logs each error once per outage.
 */
const require = createRequire(import.meta.url);

export function createRedisClient(url: string, opts: RedisOptions = {}): RedisClient {
  // loaded on first use: an instance without REDIS_URL never pays for it at start
  const { Redis } = require('ioredis') as typeof import('ioredis');
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 5000),
    ...opts,
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) log().warn({ err: err.message, url: redactUrl(url) }, 'redis unavailable');
    down = true;
  });
  client.on('ready', () => {
    if (down) log().info({ url: redactUrl(url) }, 'redis reconnected');
    down = false;
  });
  return client;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis';
  }
}
