import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Behaviour {
  status?: number;
  delayMs?: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A real HTTP receiver for webhook tests and the bench: records every request by path, and
 * answers as `behave(path)` says (status, delay, headers, body; default 200 "ok").
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly rules = new Map<string, Behaviour>();
  private readonly waiters: Array<() => void> = [];
  private server: http.Server | null = null;
  url = '';

  behave(path: string, b: Behaviour): void {
    this.rules.set(path, b);
  }

  for(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0];
        this.received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        for (const w of this.waiters.splice(0)) w();
        const b = this.rules.get(path) ?? {};
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(b.status ?? 200, { 'content-type': 'text/plain', ...b.headers });
          res.end(b.body ?? 'ok');
        };
        if (b.delayMs) setTimeout(answer, b.delayMs);
        else answer();
      });
    });
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves when `ok()` holds (checked after each request); fails after timeoutMs. */
  async waitFor(ok: () => boolean, timeoutMs = 15_000, what = 'webhook condition'): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ok()) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`${what}: not met within ${timeoutMs} ms (received ${this.received.length})`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }
}

/** A receiver for the test file, started before its tests. */
export function useWebhookReceiver(): () => WebhookReceiver {
  const receiver = new WebhookReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.close());
  return () => receiver;
}
