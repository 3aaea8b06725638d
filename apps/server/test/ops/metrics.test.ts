import { ViewerDocument } from '@atrium/schema';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../harness.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('GET /metrics', () => {
  it('is off without METRICS_TOKEN, guarded with it, and counts operations, errors and SQL', async () => {
    const off = await startTestApp();
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
    const app = await startTestApp({ metricsToken: TOKEN });
    try {
      expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token-xx' } })).status).toBe(401);
      const { print } = await import('graphql');
      await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: print(ViewerDocument), operationName: 'Viewer' }) });
      await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ article { id } }' }) });
      // a live event with one (async) subscriber: counted, and its fan-out time observed
      const got: unknown[] = [];
      const stop = app.services.pubsub.subscribe('test:metrics', async (p) => {
        await new Promise((r) => setTimeout(r, 5));
        got.push(p);
      });
      app.services.pubsub.publish('test:metrics', { n: 1 });
      await app.services.pubsub.drain();
      stop();
      expect(got).toEqual([{ n: 1 }]);
      const res = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/atrium_graphql_request_duration_seconds_count\{operation="Viewer",type="query"\} 1/);
      expect(text).toMatch(/atrium_graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
      expect(text).toMatch(/atrium_sql_statements_per_request_count \d+/);
      expect(text).toMatch(/atrium_notification_outbox_backlog 0/);
      expect(text).toMatch(/process_resident_memory_bytes/);
      expect(text).toMatch(/^atrium_db_pool_connections [1-9]\d*$/m);
      expect(text).toMatch(/^atrium_db_pool_in_use \d+$/m);
      expect(text).toMatch(/^atrium_db_pool_waiting \d+$/m);
      expect(text).toMatch(/^atrium_websocket_connections 0$/m);
      expect(text).toMatch(/^atrium_pubsub_subscriptions 0$/m);
      expect(text).toMatch(/^atrium_pubsub_events_published_total\{topic="test:metrics"\} 1$/m);
      expect(text).toMatch(/^atrium_pubsub_fanout_seconds_count\{topic="test:metrics"\} 1$/m);
      const fanout = Number(/^atrium_pubsub_fanout_seconds_sum\{topic="test:metrics"\} (\S+)$/m.exec(text)?.[1]);
      expect(fanout).toBeGreaterThanOrEqual(0.004);
    } finally {
      await app.close();
    }
  });
});
