import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { Config } from '../config.js';
import type { Context } from '../modules/context.js';
import { AppError, RateLimitedError } from '../graphql/errors.js';
import { checkOperationLimits, rateLimitPoints, type OperationCost, type OperationLimits } from '../graphql/limits.js';
import { largeFieldBytesOf } from '../graphql/response-size.js';
import { createRateLimiter, type RateLimitDecision, type RateLimiter } from '../lib/rate-limit.js';

/** The API's three budgets: one per API token, one per signed-in user, one per IP (anonymous). */
export interface ApiRateLimiters {
  token: RateLimiter;
  user: RateLimiter;
  ip: RateLimiter;
  close(): Promise<void>;
}

export function createApiRateLimiters(config: Config): ApiRateLimiters {
  const common = { durationSeconds: config.rateLimitWindowSeconds, redisUrl: config.redisUrl };
  const token = createRateLimiter({ ...common, points: config.rateLimitTokenPoints, keyPrefix: 'atrium:rl:api:token' });
  const user = createRateLimiter({ ...common, points: config.rateLimitUserPoints, keyPrefix: 'atrium:rl:api:user' });
  const ip = createRateLimiter({ ...common, points: config.rateLimitIpPoints, keyPrefix: 'atrium:rl:api:ip' });
  return {
    token,
    user,
    ip,
    async close() {
      await Promise.all([token.close(), user.close(), ip.close()]);
    },
  };
}

export function operationLimitsOf(config: Config): Partial<OperationLimits> {
  return {
    maxDepth: config.maxQueryDepth,
    maxAliases: config.maxQueryAliases,
    maxNodes: config.maxQueryNodes,
    maxResponseBytes: config.maxResponseBytes,
    largeFieldBytes: largeFieldBytesOf(config),
  };
}

/** Which budget a request draws from, and under which key. */
function budgetOf(limiters: ApiRateLimiters, ctx: Context | undefined): { limiter: RateLimiter; key: string } {
  const viewer = ctx?.viewer;
  if (viewer?.credential.kind === 'api_token') return { limiter: limiters.token, key: viewer.credential.id };
  if (viewer) return { limiter: limiters.user, key: viewer.id };
  return { limiter: limiters.ip, key: ctx?.ip || 'unknown' };
}

/** The client asked for the cost report: header `x-atrium-cost: 1` or body `extensions: { cost: true }`. */
function wantsCost(rc: GraphQLRequestContext<Context>): boolean {
  const header = rc.request.http?.headers.get('x-atrium-cost');
  return (header !== undefined && /^(1|true|yes)$/i.test(header)) || rc.request.extensions?.cost === true;
}

/**
 * Limits and rate limits for every HTTP operation, once, after validation and before
 * execution. Answers QUERY_TOO_COMPLEX / BAD_USER_INPUT (400) or RATE_LIMITED (429), and puts
 * RateLimit-Limit / -Remaining / -Reset on every response it sees.
 */
export function apiGuardPlugin(config: Config, limiters: ApiRateLimiters): ApolloServerPlugin<Context> {
  const limits = operationLimitsOf(config);
  return {
    async requestDidStart() {
      let cost: OperationCost | null = null;
      let decision: RateLimitDecision | null = null;
      let points = 1;
      return {
        async didResolveOperation(rc) {
          try {
            cost = checkOperationLimits(rc.schema, rc.document, rc.request.variables, {
              operationName: rc.request.operationName,
              limits,
            });
          } catch (err) {
            if (err instanceof AppError) rc.response.http.status = 400;
            throw err;
          }
          points = rateLimitPoints(cost);
          const { limiter, key } = budgetOf(limiters, rc.contextValue);
          decision = await limiter.consume(key, points);
          if (!decision.allowed) {
            rc.response.http.status = 429;
            rc.response.http.headers.set('retry-after', String(decision.retryAfterSeconds));
            throw new RateLimitedError(decision.retryAfterSeconds);
          }
        },
        async willSendResponse(rc) {
          // a request refused before its operation was resolved (parse or validation error) still costs a point
          if (!decision) {
            const { limiter, key } = budgetOf(limiters, rc.contextValue);
            decision = await limiter.consume(key, 1).catch(() => null);
          }
          const h = rc.response.http.headers;
          if (decision) {
            h.set('ratelimit-limit', String(decision.limit));
            h.set('ratelimit-remaining', String(decision.remaining));
            h.set('ratelimit-reset', String(decision.resetSeconds));
          }
          if (wantsCost(rc) && rc.response.body.kind === 'single') {
            const result = rc.response.body.singleResult;
            const measured = cost as OperationCost | null;
            result.extensions = {
              ...result.extensions,
              cost: {
                nodes: measured?.nodes ?? 0,
                requests: measured?.requests ?? 0,
                maxNodes: config.maxQueryNodes,
                estimatedBytes: measured?.bytes ?? 0,
                maxResponseBytes: config.maxResponseBytes,
                depth: measured?.depth ?? 0,
                maxDepth: config.maxQueryDepth,
                aliases: measured?.aliases ?? 0,
                maxAliases: config.maxQueryAliases,
                rateLimitPoints: points,
                ...(decision ? { rateLimit: { limit: decision.limit, remaining: decision.remaining, resetSeconds: decision.resetSeconds } } : {}),
              },
            };
          }
        },
      };
    },
  };
}
