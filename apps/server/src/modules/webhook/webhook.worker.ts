import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { returningRows } from '../../db/columns.js';
import { log } from '../../lib/logger.js';
import { commitNudge } from '../../lib/poll-worker.js';
import { requestStorage } from '../../lib/request-context.js';
import { RequestRefusedError, safeRequest } from '../../lib/safe-http.js';
import { webhookHeaders } from '../../lib/standard-webhooks.js';
import { inTransaction } from '../../lib/tx.js';

export interface WebhookWorkerOptions {
  /** How often due deliveries are looked for (retries, other instances' rows). */
  pollMs: number;
  /** Deliveries in flight at once in this process. */
  concurrency: number;
  /** Deliveries in flight at once per endpoint (a slow endpoint never takes every slot). */
  perEndpoint: number;
  /** How long a claimed delivery belongs to this instance; after that (a crash) another sends it. */
  leaseMs: number;
  /** The whole exchange with a receiver. */
  timeoutMs: number;
  /** First retry delay; doubles per attempt up to retryMaxMs, ± jitter. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** 0..1: each delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  /** After this many attempts a delivery is FAILED (with the defaults: about 3 days). */
  maxAttempts: number;
  /** Consecutive failures of an endpoint that open its circuit. */
  circuitThreshold: number;
  /** How long an open circuit holds the endpoint's deliveries back. */
  circuitOpenMs: number;
  /** An endpoint failing (circuit open) for this long is disabled and admins are told. */
  disableAfterMs: number;
  /** Bytes of the receiver's answer kept in the delivery log. */
  snippetBytes: number;
  /** WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
}

export const DEFAULT_WEBHOOK_WORKER_OPTIONS: WebhookWorkerOptions = {
  pollMs: 1000,
  concurrency: 16,
  perEndpoint: 2,
  leaseMs: 60_000,
  timeoutMs: 10_000,
  retryBaseMs: 10_000,
  retryMaxMs: 12 * 3_600_000,
  jitter: 0.2,
  // 10 s, 20 s, 40 s … 12 h: the 18th attempt comes about 71 hours after the first
  maxAttempts: 18,
  circuitThreshold: 5,
  circuitOpenMs: 60_000,
  disableAfterMs: 72 * 3_600_000,
  snippetBytes: 1024,
  allowPrivate: false,
};

/** The retry delay after the n-th failed attempt (before jitter). */
export function backoffMs(attempt: number, o: Pick<WebhookWorkerOptions, 'retryBaseMs' | 'retryMaxMs'>): number {
  return Math.min(o.retryBaseMs * 2 ** Math.min(attempt - 1, 40), o.retryMaxMs);
}

interface Claimed {
  id: string;
  endpointId: string;
  eventId: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

interface Outcome {
  ok: boolean;
  status: number | null;
  snippet: string | null;
  error: string | null;
  durationMs: number;
  headers: Record<string, string>;
}

/** Called in the transaction that disables an endpoint for failing (the admins' notice). */
export type EndpointDisabledHook = (tx: EntityManager, endpoint: { id: string; url: string }) => Promise<void>;

/**
 * Sends PENDING deliveries. Claims due rows with `for update skip locked` and a lease (the
 * attempt counted, next_attempt_at moved past the lease) in a short transaction, posts each
 * outside any transaction through the SSRF-guarded client, then writes the attempt and the
 * outcome: SUCCEEDED (2xx), PENDING again after a backoff with jitter, or FAILED after
 * maxAttempts. Per endpoint: consecutive failures open a circuit (its deliveries wait), and an
 * endpoint failing for disableAfterMs is disabled with a notice to admins. Two instances never
 * claim one delivery; a crash between the answer and the write can repeat one (same
 * `webhook-id`), never lose it.
 */
export class WebhookWorker {
  readonly opts: WebhookWorkerOptions;
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<void> | null = null;
  private again = false;
  private readonly inflight = new Map<string, { endpointId: string; done: Promise<void> }>();
  private readonly nudge: ReturnType<typeof commitNudge>;
  /** Keep-alive connections to receivers (each new socket still goes to a checked address). */
  private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 64 }), https: new https.Agent({ keepAlive: true, maxSockets: 64 }) };

  constructor(
    private readonly db: Db,
    private readonly onDisabled: EndpointDisabledHook,
    opts: Partial<WebhookWorkerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_WEBHOOK_WORKER_OPTIONS, ...opts };
    this.nudge = commitNudge(db, () => this.kick());
  }

  nudgeOnCommit(queryRunner: QueryRunner | undefined): void {
    this.nudge.mark(queryRunner);
  }

  start(opts: Partial<WebhookWorkerOptions> = {}): void {
    Object.assign(this.opts, opts);
    if (this.started) return;
    this.started = true;
    this.timer = setInterval(() => this.kick(), this.opts.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Stops claiming and waits for the deliveries in flight to be sent and recorded. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pumping;
    await Promise.all([...this.inflight.values()].map((f) => f.done));
  }

  async close(): Promise<void> {
    await this.stop();
    this.nudge.detach();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  get isRunning(): boolean {
    return this.started;
  }

  /** Claims more work soon, outside whatever request called this. */
  kick(): void {
    if (!this.started) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = requestStorage.exit(() => new Promise<void>((r) => setImmediate(r)).then(() => this.pump()));
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        const free = this.opts.concurrency - this.inflight.size;
        if (free <= 0 || !this.started) break;
        const rows = await this.claim(free);
        for (const row of rows) this.launch(row);
        if (rows.length === free) this.again = true;
      } while (this.again && this.started);
    } catch (err) {
      log().error({ err }, 'webhook worker: claim failed; retrying on the next poll');
    } finally {
      this.pumping = null;
    }
  }

  private launch(row: Claimed): void {
    const done = this.deliver(row)
      .then((outcome) => this.settleWithRetries(row, outcome))
      .catch((err) => log().error({ err, deliveryId: row.id }, 'webhook worker: could not record the outcome; the lease runs out and it is tried again'))
      .finally(() => {
        this.inflight.delete(row.id);
        this.kick();
      });
    this.inflight.set(row.id, { endpointId: row.endpointId, done });
  }

  private claim(limit: number): Promise<Claimed[]> {
    const counts = new Map<string, number>();
    for (const f of this.inflight.values()) counts.set(f.endpointId, (counts.get(f.endpointId) ?? 0) + 1);
    const busy = [...counts].filter(([, n]) => n >= this.opts.perEndpoint).map(([id]) => id);
    return inTransaction(this.db, (tx) =>
      tx.query(
        `with due as (
           -- the oldest due deliveries of each endpoint (at most perEndpoint each): one that is slow or
           -- failing never fills the batch, and a large backlog costs one short index scan per endpoint
           select d.id from webhook_deliveries d
           where d.id in (
             select x.id from webhook_endpoints e
             cross join lateral (
               select d2.id from webhook_deliveries d2
               where d2.endpoint_id = e.id and d2.status = 'PENDING' and d2.next_attempt_at <= now()
                 and (e.active or d2.event_type = 'webhook.ping')
                 and (e.circuit_open_until is null or e.circuit_open_until <= now() or d2.event_type = 'webhook.ping')
               order by d2.next_attempt_at limit $4
             ) x
             where not (e.id = any($3::uuid[]))
           ) and d.status = 'PENDING' and d.next_attempt_at <= now()
           order by d.next_attempt_at, d.id limit $1
           for update skip locked
         ), claimed as (
           update webhook_deliveries d set attempts = d.attempts + 1, last_attempt_at = now(),
             next_attempt_at = now() + make_interval(secs => $2)
           from due where d.id = due.id
           returning d.id, d.endpoint_id, d.event_id, d.body, d.attempts
         )
         select c.id, c.endpoint_id as "endpointId", c.event_id as "eventId", c.body, c.attempts,
                e.url, e.secret, e.previous_secret as "previousSecret", e.previous_secret_expires_at as "previousSecretExpiresAt"
         from claimed c join webhook_endpoints e on e.id = c.endpoint_id`,
        [limit, this.opts.leaseMs / 1000, busy, this.opts.perEndpoint],
      ),
    );
  }

  private async deliver(row: Claimed): Promise<Outcome> {
    const now = new Date();
    const secrets = [row.secret];
    if (row.previousSecret && row.previousSecretExpiresAt && new Date(row.previousSecretExpiresAt) > now) secrets.push(row.previousSecret);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Atrium-Webhooks/1.0',
      ...webhookHeaders(secrets, row.eventId, row.body, now),
    };
    const t0 = performance.now();
    try {
      const res = await safeRequest(row.url, {
        method: 'POST',
        headers,
        body: row.body,
        timeoutMs: this.opts.timeoutMs,
        maxResponseBytes: this.opts.snippetBytes,
        allowPrivate: this.opts.allowPrivate,
        agents: this.agents,
      });
      const ok = res.status >= 200 && res.status < 300;
      return {
        ok,
        status: res.status,
        snippet: res.body.replace(/\u0000/g, ''),
        error: ok ? null : res.status >= 300 && res.status < 400 ? `redirect (${res.status}) not followed` : `HTTP ${res.status}`,
        durationMs: Math.round(performance.now() - t0),
        headers,
      };
    } catch (err) {
      const message = err instanceof RequestRefusedError ? err.message : `${(err as NodeJS.ErrnoException).code ?? ''} ${(err as Error).message}`.trim();
      return { ok: false, status: null, snippet: null, error: message.slice(0, 1000), durationMs: Math.round(performance.now() - t0), headers };
    }
  }

  /**
   * Records the outcome, trying again a few times when the database is briefly unreachable (a
   * busy pool): an outcome that is never written makes the delivery go out again after its
   * lease (the same webhook-id, which receivers drop), so it is worth a few seconds.
   */
  private async settleWithRetries(row: Claimed, o: Outcome): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.settle(row, o);
      } catch (err) {
        if (attempt >= 4) throw err;
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
  }

  private async settle(row: Claimed, o: Outcome): Promise<void> {
    const attempt = [row.id, row.attempts, JSON.stringify(o.headers), o.status, o.snippet, o.error, o.durationMs];
    if (o.ok) {
      // one statement (atomic by itself): the attempt, the delivery, and the endpoint's failure state only when it had one
      await this.db.query(
        `with attempt as (
           insert into webhook_delivery_attempts (delivery_id, attempt, request_headers, response_status, response_snippet, error, duration_ms)
           values ($1, $2, $3::jsonb, $4, $5, $6, $7)
         ), delivery as (
           update webhook_deliveries set status = 'SUCCEEDED', delivered_at = now(), last_status = $4, last_error = null where id = $1
         )
         update webhook_endpoints set consecutive_failures = 0, failing_since = null, circuit_open_until = null
         where id = $8 and (consecutive_failures > 0 or failing_since is not null)`,
        [...attempt, row.endpointId],
      );
      return;
    }
    await inTransaction(this.db, async (tx) => {
      await tx.query(
        `insert into webhook_delivery_attempts (delivery_id, attempt, request_headers, response_status, response_snippet, error, duration_ms)
         values ($1, $2, $3::jsonb, $4, $5, $6, $7)`,
        attempt,
      );
      const giveUp = row.attempts >= this.opts.maxAttempts;
      const factor = 1 + this.opts.jitter * (2 * Math.random() - 1);
      const delayMs = backoffMs(row.attempts, this.opts) * factor;
      await tx.query(
        `update webhook_deliveries set status = $2, last_status = $3, last_error = $4, next_attempt_at = now() + make_interval(secs => $5) where id = $1`,
        [row.id, giveUp ? 'FAILED' : 'PENDING', o.status, o.error, delayMs / 1000],
      );
      const [endpoint] = await returningRows<{ url: string; disabled: boolean }>(
        tx,
        `update webhook_endpoints e set
           consecutive_failures = e.consecutive_failures + 1,
           failing_since = coalesce(e.failing_since, now()),
           circuit_open_until = case when e.consecutive_failures + 1 >= $2 then now() + make_interval(secs => $3) else e.circuit_open_until end,
           active = case when e.active and e.consecutive_failures + 1 >= $2 and coalesce(e.failing_since, now()) <= now() - make_interval(secs => $4) then false else e.active end,
           disabled_reason = case when e.active and e.consecutive_failures + 1 >= $2 and coalesce(e.failing_since, now()) <= now() - make_interval(secs => $4) then 'FAILING' else e.disabled_reason end,
           disabled_at = case when e.active and e.consecutive_failures + 1 >= $2 and coalesce(e.failing_since, now()) <= now() - make_interval(secs => $4) then now() else e.disabled_at end
         where e.id = $1
         returning e.url, (e.disabled_reason = 'FAILING' and e.disabled_at = now()) as disabled`,
        [row.endpointId, this.opts.circuitThreshold, this.opts.circuitOpenMs / 1000, this.opts.disableAfterMs / 1000],
      );
      if (endpoint?.disabled) {
        log().warn({ endpointId: row.endpointId }, 'webhook endpoint disabled after failing');
        await this.onDisabled(tx, { id: row.endpointId, url: endpoint.url });
      }
    });
  }
}
