import type { MiddlewareFn } from 'type-graphql';
import type { Config } from '../../config.js';
import { RateLimitedError } from '../../graphql/errors.js';
import { createRateLimiter, type RateLimiter } from '../../lib/rate-limit.js';
import type { Viewer } from '../../lib/viewer.js';

export type WriteKind = 'comment' | 'vote' | 'flag' | 'signin' | 'accountMail';

/**
 * Budgets for writes, per user and per IP, per minute. Kept in Redis when REDIS_URL is set
 * (all instances share them), in memory otherwise (and while Redis is away).
 */
export class WriteLimits {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(private readonly config: Pick<Config, 'writeLimits' | 'redisUrl'> & Partial<Pick<Config, 'accountMailLimit'>>) {
    const per = config.writeLimits;
    const budgets: Record<WriteKind, number> = { comment: per.comments, vote: per.votes, flag: per.flags, signin: per.signin, accountMail: config.accountMailLimit ?? 5 };
    for (const [kind, points] of Object.entries(budgets)) {
      // account mails (password resets, verification links) per address or account per hour, per IP four times as many
      if (kind === 'accountMail') {
        this.limiters.set(`${kind}:user`, createRateLimiter({ points, durationSeconds: 3600, keyPrefix: `write:${kind}:user`, redisUrl: config.redisUrl }));
        this.limiters.set(`${kind}:ip`, createRateLimiter({ points: points * 4, durationSeconds: 3600, keyPrefix: `write:${kind}:ip`, redisUrl: config.redisUrl }));
        continue;
      }
      this.limiters.set(`${kind}:user`, createRateLimiter({ points: kind === 'signin' ? Math.max(1, Math.floor(points / 2)) : points, durationSeconds: 60, keyPrefix: `write:${kind}:user`, redisUrl: config.redisUrl }));
      this.limiters.set(`${kind}:ip`, createRateLimiter({ points: kind === 'signin' ? points : points * 3, durationSeconds: 60, keyPrefix: `write:${kind}:ip`, redisUrl: config.redisUrl }));
    }
  }

  async consume(kind: WriteKind, ctx: { viewer: Viewer | null; ip: string; http?: { res: { setHeader(k: string, v: string): unknown } } }, args: Record<string, unknown> = {}) {
    const input = (args.input ?? {}) as Record<string, unknown>;
    // sign-in attempts count per login name too, so one IP cannot spray one account
    // a reset request counts per address asked for, known or not (the same answer either way)
    const subject =
      kind === 'signin' ? String(input.login ?? input.handle ?? input.email ?? '').toLowerCase()
      : kind === 'accountMail' && typeof input.email === 'string' ? input.email.trim().toLowerCase()
      : ctx.viewer?.id;
    const checks: Array<[RateLimiter, string]> = [[this.limiters.get(`${kind}:ip`)!, ctx.ip || 'unknown']];
    if (subject) checks.push([this.limiters.get(`${kind}:user`)!, subject]);
    for (const [limiter, key] of checks) {
      const d = await limiter.consume(key);
      if (!d.allowed) {
        const retry = Math.max(1, Math.ceil(d.retryAfterSeconds));
        ctx.http?.res.setHeader('Retry-After', String(retry));
        throw new RateLimitedError(retry);
      }
    }
  }

  async close() {
    await Promise.all([...this.limiters.values()].map((l) => l.close()));
  }
}

/** What WriteLimit reads of a request's context (modules/context.ts's Context has it). */
interface WriteLimitContext {
  viewer: Viewer | null;
  ip: string;
  http?: { res: { setHeader(k: string, v: string): unknown } };
  services: { writeLimits: WriteLimits };
}

/** `@UseMiddleware(WriteLimit('comment'))`: per-user and per-IP write budgets (RATE_LIMITED with retryAfter). */
export function WriteLimit(kind: WriteKind): MiddlewareFn<WriteLimitContext> {
  return async ({ context, args }, next) => {
    await context.services.writeLimits.consume(kind, context, args as Record<string, unknown>);
    return next();
  };
}
