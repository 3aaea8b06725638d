import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { returningRows, selectColumns } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import { PageArgs, paginate, type ConnectionValue } from '../../graphql/connection.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { parsePublicUrl, RequestRefusedError, resolveAllowed } from '../../lib/safe-http.js';
import { newWebhookSecret } from '../../lib/standard-webhooks.js';
import { inTransaction } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import { WebhookDeliveryAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity, type WebhookDeliveryStatus } from './webhook.entity.js';
import { PING_EVENT, PUBLIC_EVENT_TYPES, type PublicEventType } from './webhook.events.js';
import { assertCanManageWebhooks } from './webhook.policy.js';
import { PUBLIC_SOURCE_EVENTS, toPublicEvents } from './webhook.public.js';
import type { AnyDomainEvent } from '../../events/catalog.js';
import type { Consumer, EventLog } from '../../events/event-log.js';
import { WebhookWorker, type EndpointDisabledHook, type WebhookWorkerOptions } from './webhook.worker.js';

/** How long the previous secret still signs after a rotation. */
export const PREVIOUS_SECRET_HOURS = 24;
const MAX_ENDPOINTS = 100;
const MAX_DESCRIPTION = 500;
const MAX_REDELIVER = 1000;

export interface EndpointInput {
  url?: string;
  events?: PublicEventType[];
  /** undefined: unchanged; null: every section. */
  sectionId?: string | null;
  description?: string | null;
  active?: boolean;
}

/** One event as webhooks send it (Standard Webhooks payload shape). */
export interface OutgoingEvent {
  /** The `webhook-id`: stable for this event on every endpoint and attempt. */
  id: string;
  type: PublicEventType;
  sectionId: string | null;
  /** When the change committed. */
  timestamp: Date;
  data: Record<string, unknown>;
}

export function eventBody(e: Pick<OutgoingEvent, 'type' | 'timestamp' | 'data'> | { type: string; timestamp: Date; data: Record<string, unknown> }): string {
  return JSON.stringify({ type: e.type, timestamp: e.timestamp.toISOString(), data: e.data });
}

/**
 * Webhook endpoints and deliveries: the only writer of webhook_endpoints,
 * webhook_deliveries and webhook_delivery_attempts (the worker writes outcomes for it).
 *
 * Secrets are generated here (`whsec_` + 24 random bytes), answered once by create and
 * rotate, and stored as they are: signing needs the secret itself (a hash would not do), as
 * in every Standard Webhooks sender; the API never shows it again (only `secretHint`). A
 * rotation keeps the previous secret signing alongside for 24 hours.
 */
export class WebhookService {
  readonly worker: WebhookWorker;
  /** The durable consumer of the event log that makes deliveries (null until start). */
  consumer: Consumer | null = null;

  constructor(
    private readonly db: Db,
    private readonly settings: { allowPrivate: boolean; publicUrl: () => string },
    private readonly events: Pick<EventLog, 'consume'> | null,
    onDisabled: EndpointDisabledHook,
    options: Partial<WebhookWorkerOptions> = {},
  ) {
    this.worker = new WebhookWorker(db, onDisabled, { allowPrivate: settings.allowPrivate, ...options });
  }

  /**
   * Starts the event consumer (one instance at a time across processes: the log's lock) and
   * the delivery worker (every instance).
   */
  start(opts: Partial<WebhookWorkerOptions> = {}): void {
    this.consumer ??=
      this.events?.consume('webhooks', { types: PUBLIC_SOURCE_EVENTS, batchSize: 200, start: 'now' }, (events, tx) => this.fromEvents(tx, events)) ?? null;
    this.worker.start(opts);
  }

  /** Stops the delivery worker (the consumer keeps turning events into deliveries). */
  stop(): Promise<void> {
    return this.worker.stop();
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
    this.consumer = null;
    await this.worker.close();
  }

  /**
   * One batch of the event log, in the transaction that advances the consumer's cursor: the
   * deliveries and the cursor commit together, so an event becomes deliveries exactly once
   * (and `on conflict do nothing` covers a batch handled again after a crash).
   */
  private async fromEvents(tx: EntityManager, events: readonly AnyDomainEvent[]): Promise<void> {
    const [{ any }] = await tx.query('select exists (select 1 from webhook_endpoints where active) as any');
    if (!any) return;
    const visible = await toPublicEvents(tx, events, this.settings.publicUrl());
    await this.enqueue(
      tx,
      visible.map((e) => ({ id: `evt_${e.eventId}`, type: e.type, sectionId: e.sectionId, timestamp: e.occurredAt, data: e.data })),
    );
  }

  async backlog(): Promise<number> {
    const [{ n }] = await this.db.query(`select count(*)::int as n from webhook_deliveries where status = 'PENDING'`);
    return n;
  }

  // --- endpoints ---

  async create(viewer: Viewer | null, input: EndpointInput & { url: string; events: PublicEventType[] }): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    assertCanManageWebhooks(viewer);
    const v = await this.validate(input);
    const secret = newWebhookSecret();
    return inTransaction(this.db, async (tx) => {
      const [{ n }] = await tx.query('select count(*)::int as n from webhook_endpoints');
      if (n >= MAX_ENDPOINTS) throw new BadUserInputError(`At most ${MAX_ENDPOINTS} webhook endpoints.`, { field: 'url' });
      const [row] = await tx.query(
        `insert into webhook_endpoints (url, description, events, section_id, secret, active, disabled_reason, disabled_at, created_by, updated_at)
         values ($1, $2, $3::text[], $4, $5, $6, case when $6 then null else 'MANUAL' end, case when $6 then null else now() end, $7, now()) returning id`,
        [v.url, v.description ?? '', v.events, v.sectionId ?? null, secret, v.active ?? true, viewer.id],
      );
      return { endpoint: (await this.endpointIn(tx, row.id))!, secret };
    });
  }

  async update(viewer: Viewer | null, id: string, input: EndpointInput): Promise<WebhookEndpointEntity> {
    assertCanManageWebhooks(viewer);
    const v = await this.validate(input);
    return inTransaction(this.db, async (tx) => {
      const sets: string[] = [];
      const params: unknown[] = [id];
      const set = (col: string, value: unknown, cast = '') => {
        params.push(value);
        sets.push(`${col} = $${params.length}${cast}`);
      };
      if (v.url !== undefined) set('url', v.url);
      if (v.events !== undefined) set('events', v.events, '::text[]');
      if (v.sectionId !== undefined) set('section_id', v.sectionId);
      if (v.description !== undefined) set('description', v.description ?? '');
      if (v.active === true) {
        // turned on again: a fresh start (closed circuit, failures forgotten)
        sets.push(`active = true, disabled_reason = null, disabled_at = null, consecutive_failures = 0, failing_since = null, circuit_open_until = null`);
      } else if (v.active === false) {
        sets.push(`active = false, disabled_reason = 'MANUAL', disabled_at = coalesce(disabled_at, now())`);
      }
      const [row] = await returningRows<{ id: string }>(tx, `update webhook_endpoints set updated_at = now()${sets.map((s) => `, ${s}`).join('')} where id = $1 returning id`, params);
      if (!row) throw new NotFoundError('webhook endpoint');
      if (v.active === true) this.worker.nudgeOnCommit(tx.queryRunner);
      return (await this.endpointIn(tx, id))!;
    });
  }

  async rotateSecret(viewer: Viewer | null, id: string): Promise<{ endpoint: WebhookEndpointEntity; secret: string }> {
    assertCanManageWebhooks(viewer);
    const secret = newWebhookSecret();
    return inTransaction(this.db, async (tx) => {
      const [row] = await returningRows<{ id: string }>(
        tx,
        `update webhook_endpoints set previous_secret = secret, previous_secret_expires_at = now() + make_interval(hours => $3),
           secret = $2, updated_at = now() where id = $1 returning id`,
        [id, secret, PREVIOUS_SECRET_HOURS],
      );
      if (!row) throw new NotFoundError('webhook endpoint');
      return { endpoint: (await this.endpointIn(tx, id))!, secret };
    });
  }

  async delete(viewer: Viewer | null, id: string): Promise<void> {
    assertCanManageWebhooks(viewer);
    const rows = await returningRows(this.db, 'delete from webhook_endpoints where id = $1 returning id', [id]);
    if (!rows.length) throw new NotFoundError('webhook endpoint');
  }

  list(page: PageArgs): Promise<ConnectionValue<WebhookEndpointEntity>> {
    return paginate<WebhookEndpointEntity>(this.db, page, {
      tag: 'webhook-endpoints',
      from: `select ${selectColumns(this.db, WebhookEndpointEntity, 'e')} from webhook_endpoints e`,
      where: [],
      params: [],
      keys: [
        { sql: 'e.created_at', cast: 'timestamptz' },
        { sql: 'e.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  byId(id: string): Promise<WebhookEndpointEntity | null> {
    return this.endpointIn(this.db, id);
  }

  private async endpointIn(runner: Pick<Db, 'query'> | EntityManager, id: string): Promise<WebhookEndpointEntity | null> {
    const [row] = await runner.query(`select ${selectColumns(this.db, WebhookEndpointEntity, 'e')} from webhook_endpoints e where e.id = $1`, [id]);
    return row ?? null;
  }

  /** Checks what an admin typed; throws BAD_USER_INPUT naming the field. */
  private async validate(input: EndpointInput): Promise<EndpointInput> {
    const out: EndpointInput = { ...input };
    if (input.url !== undefined) {
      try {
        const url = parsePublicUrl(input.url);
        await resolveAllowed(url, { allowPrivate: this.settings.allowPrivate });
        out.url = url.href;
      } catch (err) {
        if (err instanceof RequestRefusedError) throw new BadUserInputError(err.message, { field: 'url', reason: err.reason });
        throw err;
      }
    }
    if (input.events !== undefined) {
      const events = [...new Set(input.events)];
      if (!events.length) throw new BadUserInputError('Choose at least one event.', { field: 'events' });
      if (events.some((e) => !PUBLIC_EVENT_TYPES.includes(e))) throw new BadUserInputError('Unknown event.', { field: 'events' });
      out.events = events;
    }
    if (input.description != null) {
      if (input.description.length > MAX_DESCRIPTION || /\u0000/.test(input.description)) {
        throw new BadUserInputError(`The description must be at most ${MAX_DESCRIPTION} characters, without NUL.`, { field: 'description' });
      }
      out.description = input.description.trim();
    }
    if (input.sectionId) {
      const [section] = await this.db.query('select id from sections where id = $1', [input.sectionId]);
      if (!section) throw new NotFoundError('section');
    }
    return out;
  }

  // --- deliveries ---

  /**
   * One delivery per active endpoint whose filters match, in the caller's transaction (the
   * event consumer's, together with its cursor). `on conflict do nothing`: an event already
   * turned into deliveries (a consumer that ran twice) adds none.
   */
  async enqueue(tx: EntityManager, events: readonly OutgoingEvent[]): Promise<number> {
    if (!events.length) return 0;
    const rows: unknown[] = await tx.query(
      `insert into webhook_deliveries (endpoint_id, event_id, event_type, body, event_committed_at)
       select e.id, ev.id, ev.type, ev.body, ev.ts
       from unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::timestamptz[]) as ev(id, type, section_id, body, ts)
       join webhook_endpoints e on e.active and ev.type = any(e.events) and (e.section_id is null or e.section_id = ev.section_id)
       on conflict (endpoint_id, event_id) do nothing
       returning 1`,
      [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.sectionId), events.map((e) => eventBody(e)), events.map((e) => e.timestamp)],
    );
    if (rows.length) this.worker.nudgeOnCommit(tx.queryRunner);
    return rows.length;
  }

  /** A `webhook.ping` to one endpoint now (also to a disabled one: to test it before turning it on). */
  async ping(viewer: Viewer | null, endpointId: string): Promise<WebhookDeliveryEntity> {
    assertCanManageWebhooks(viewer);
    return inTransaction(this.db, async (tx) => {
      const endpoint = await this.endpointIn(tx, endpointId);
      if (!endpoint) throw new NotFoundError('webhook endpoint');
      const id = `msg_ping_${randomUUID()}`;
      const body = eventBody({ type: PING_EVENT, timestamp: new Date(), data: { webhookEndpointId: toGlobalId('WebhookEndpoint', endpointId), url: endpoint.url } });
      const [row] = await tx.query(
        `insert into webhook_deliveries (endpoint_id, event_id, event_type, body) values ($1, $2, $3, $4) returning id`,
        [endpointId, id, PING_EVENT, body],
      );
      this.worker.nudgeOnCommit(tx.queryRunner);
      return (await this.deliveryIn(tx, row.id))!;
    });
  }

  /**
   * Sends deliveries again now, as new first attempts, with the same `webhook-id`: one
   * delivery (any status but PENDING), or every FAILED one of an endpoint.
   */
  async redeliver(viewer: Viewer | null, target: { deliveryId: string } | { endpointId: string }): Promise<{ count: number; deliveries: WebhookDeliveryEntity[] }> {
    assertCanManageWebhooks(viewer);
    return inTransaction(this.db, async (tx) => {
      let rows: Array<{ id: string }>;
      if ('deliveryId' in target) {
        const [row]: Array<{ id: string; status: WebhookDeliveryStatus }> = await tx.query('select id, status from webhook_deliveries where id = $1 for update', [target.deliveryId]);
        if (!row) throw new NotFoundError('webhook delivery');
        if (row.status === 'PENDING') throw new BadUserInputError('This delivery is still being tried.', { field: 'deliveryId' });
        rows = await returningRows(tx, `update webhook_deliveries set status = 'PENDING', attempts = 0, next_attempt_at = now() where id = $1 returning id`, [row.id]);
      } else {
        if (!(await this.endpointIn(tx, target.endpointId))) throw new NotFoundError('webhook endpoint');
        rows = await returningRows(
          tx,
          `update webhook_deliveries set status = 'PENDING', attempts = 0, next_attempt_at = now()
           where id in (select id from webhook_deliveries where endpoint_id = $1 and status = 'FAILED' order by created_at limit $2 for update)
           returning id`,
          [target.endpointId, MAX_REDELIVER],
        );
      }
      if (rows.length) this.worker.nudgeOnCommit(tx.queryRunner);
      const out: WebhookDeliveryEntity[] = [];
      for (const r of rows.slice(0, 100)) out.push((await this.deliveryIn(tx, r.id))!);
      return { count: rows.length, deliveries: out };
    });
  }

  deliveries(endpointId: string, page: PageArgs, status: WebhookDeliveryStatus | null): Promise<ConnectionValue<WebhookDeliveryEntity>> {
    const where = ['d.endpoint_id = $1', ...(status ? ['d.status = $2'] : [])];
    return paginate<WebhookDeliveryEntity>(this.db, page, {
      tag: `webhook-deliveries:${status ?? ''}`,
      from: `select ${selectColumns(this.db, WebhookDeliveryEntity, 'd')} from webhook_deliveries d`,
      where,
      params: status ? [endpointId, status] : [endpointId],
      keys: [
        { sql: 'd.created_at', cast: 'timestamptz' },
        { sql: 'd.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  deliveryById(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.deliveryIn(this.db, id);
  }

  private async deliveryIn(runner: Pick<Db, 'query'> | EntityManager, id: string): Promise<WebhookDeliveryEntity | null> {
    const [row] = await runner.query(`select ${selectColumns(this.db, WebhookDeliveryEntity, 'd')} from webhook_deliveries d where d.id = $1`, [id]);
    return row ?? null;
  }

  /** The attempts of deliveries, oldest first, for the delivery log (batched by the resolver's loader). */
  async attemptsOf(deliveryIds: readonly string[]): Promise<WebhookDeliveryAttemptEntity[]> {
    return this.db.query(
      `select ${selectColumns(this.db, WebhookDeliveryAttemptEntity, 'a')} from webhook_delivery_attempts a
       where a.delivery_id = any($1::uuid[]) order by a.created_at, a.id`,
      [deliveryIds],
    );
  }
}
