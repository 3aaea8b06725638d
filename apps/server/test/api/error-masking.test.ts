import { describe, expect, it, vi } from 'vitest';
import { log } from '../../src/lib/logger.js';
import { buildArticle } from '../factories.js';
import { app, sql, useTestApp } from '../harness.js';

// this file's own fresh database: the test breaks it on purpose
useTestApp();

describe('error masking', () => {
  it('turns a database failure into INTERNAL_SERVER_ERROR with a request id the log line also has; no SQL, no stack', async () => {
    await buildArticle();
    await sql('drop table articles cascade');
    const spy = vi.spyOn(log(), 'error');
    try {
      const res = await fetch(`${app().url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ articles(first: 5) { nodes { id title } } }' }),
      });
      const text = await res.text();
      const body = JSON.parse(text);
      const err = body.errors[0];
      expect(err.message).toBe('Internal server error');
      expect(err.extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(err.extensions.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('x-request-id')).toBe(err.extensions.requestId);
      expect(text).not.toMatch(/articles"? does not exist|relation|select |from |stack|\.ts:\d+|QueryFailedError/i);
      const logged = spy.mock.calls.map(([obj]) => obj as { requestId?: string; err?: Error });
      const line = logged.find((o) => o.requestId === err.extensions.requestId);
      expect(line, 'a log line with the same requestId').toBeDefined();
      expect(String(line!.err?.message)).toMatch(/articles/);
    } finally {
      spy.mockRestore();
    }
  });
});
