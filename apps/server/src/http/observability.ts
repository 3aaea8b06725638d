import { timingSafeEqual } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Express, Request } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Context } from '../modules/context.js';
import type { Database } from '../db/data-source.js';
import { codeOf } from '../graphql/errors.js';
import { log } from '../lib/logger.js';
import { requestStorage } from '../lib/request-context.js';
import type { PubSub } from '../pubsub/index.js';

/**
 * Prometheus metrics of one app instance (its own registry, so tests can run several apps
 * in one process). Exposed at /metrics only with METRICS_TOKEN set (Bearer), never public.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Histogram({
      name: 'atrium_graphql_request_duration_seconds',
      help: 'GraphQL operations over HTTP by operation name and type',
      labelNames: ['operation', 'type'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'atrium_graphql_errors_total',
      help: 'GraphQL errors by extensions.code',
      labelNames: ['code'] as const,
      registers: [registry],
    }),
    sqlStatements: new Histogram({
      name: 'atrium_sql_statements_per_request',
      help: 'SQL statements one GraphQL request ran',
      buckets: [0, 1, 2, 4, 6, 8, 12, 20, 50],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'atrium_rate_limit_refusals_total',
      help: 'Requests refused with RATE_LIMITED',
      registers: [registry],
    }),
    eventsPublished: new Counter({
      name: 'atrium_pubsub_events_published_total',
      help: 'Live events published on this instance, by topic',
      labelNames: ['topic'] as const,
      registers: [registry],
    }),
    fanout: new Histogram({
      name: 'atrium_pubsub_fanout_seconds',
      help: 'Time from an event published (or received from Redis) until its last subscriber on this instance got it',
      labelNames: ['topic'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    gauge(name: string, help: string, collect: () => number | Promise<number>) {
      return new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await collect());
        },
      });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Connections of the database pool: open, in use (checked out), and requests waiting for one. */
export function poolStats(database: Database): { total: number; inUse: number; waiting: number } {
  if (database.kind === 'pglite') return { total: 1, inUse: 1, waiting: 0 }; // one in-process connection
  const pool = (database.ds.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
  if (!pool) return { total: 0, inUse: 0, waiting: 0 };
  return { total: pool.totalCount, inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount };
}

/** Gauges and hooks for what the app runs: database pool, WebSockets, subscriptions, live events. */
export function instrumentApp(metrics: Metrics, app: { database: Database; pubsub: PubSub; sockets: () => number }) {
  metrics.gauge('atrium_db_pool_connections', 'Open connections of the database pool', () => poolStats(app.database).total);
  metrics.gauge('atrium_db_pool_in_use', 'Database connections checked out (running a statement or a transaction)', () => poolStats(app.database).inUse);
  metrics.gauge('atrium_db_pool_waiting', 'Requests waiting for a database connection', () => poolStats(app.database).waiting);
  metrics.gauge('atrium_websocket_connections', 'Open WebSockets on this instance', app.sockets);
  app.pubsub.instrument({
    published: (topic) => metrics.eventsPublished.inc({ topic }),
    delivered: (topic, seconds) => metrics.fanout.observe({ topic }, seconds),
  });
}

/** One structured log line per GraphQL request, and the request metrics. */
export function observabilityPlugin(metrics: Metrics, { slowMs = 1000 } = {}): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName, errors, contextValue }) {
          const durationMs = performance.now() - started;
          const store = requestStorage.getStore();
          const codes = [...new Set((errors ?? []).map(codeOf))];
          const name = operationName ?? request.operationName ?? 'anonymous';
          metrics.requests.observe({ operation: name, type: operation?.operation ?? 'unknown' }, durationMs / 1000);
          for (const code of codes) metrics.errors.inc({ code });
          if (codes.includes('RATE_LIMITED')) metrics.rateLimited.inc();
          if (store) metrics.sqlStatements.observe(store.sqlStatements);
          const line = {
            requestId: store?.requestId,
            operation: name,
            type: operation?.operation,
            durationMs: Math.round(durationMs * 10) / 10,
            sql: store?.sqlStatements,
            status: response.http.status ?? 200,
            viewer: contextValue?.viewer?.id,
            ...(codes.length ? { errors: codes } : {}),
          };
          if (durationMs > slowMs) log().warn(line, 'slow graphql operation');
          else log().info(line, 'graphql');
        },
      };
    },
  };
}

function tokenMatches(req: Request, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** GET /metrics with `Authorization: Bearer <METRICS_TOKEN>`; 404 when no token is configured. */
export function mountMetrics(app: Express, metrics: Metrics, token: string | null) {
  app.get('/metrics', async (req, res) => {
    if (!token) {
      res.status(404).type('text').send('Metrics are off: set METRICS_TOKEN to expose them.');
      return;
    }
    if (!tokenMatches(req, token)) {
      res.status(401).setHeader('www-authenticate', 'Bearer').type('text').send('Unauthorized');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
