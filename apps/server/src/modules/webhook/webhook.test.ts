import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  PingWebhookEndpointDocument,
  RedeliverWebhookDocument,
  RotateWebhookSecretDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
} from '@atrium/schema';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { Webhook } from 'standardwebhooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../graphql/global-id.js';
import { inTransaction } from '../../lib/tx.js';
import { buildSection, buildUser, type TestUser } from '../../../test/factories.js';
import { app, gql, sql, useTestApp } from '../../../test/harness.js';
import { useWebhookReceiver, type ReceivedWebhook } from '../../../test/webhook-receiver.js';
import type { OutgoingEvent } from './webhook.service.js';
import { backoffMs, DEFAULT_WEBHOOK_WORKER_OPTIONS } from './webhook.worker.js';

const receiver = useWebhookReceiver();
useTestApp({ webhookAllowPrivate: true });

// quick retries, circuit and disabling for the tests (the defaults: 10 s doubling for ~3 days, 72 h)
const FAST = { pollMs: 100, retryBaseMs: 40, retryMaxMs: 200, jitter: 0.2, circuitThreshold: 3, circuitOpenMs: 150, disableAfterMs: 60_000, maxAttempts: 18 };
let admin: TestUser;
beforeAll(async () => {
  await app().services.webhooks.stop();
  app().services.webhooks.start(FAST);
  admin = await buildUser({ role: 'ADMIN' });
});

async function create(path: string, over: Record<string, unknown> = {}) {
  const res = await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}${path}`, events: ['COMMENT_PUBLISHED'], ...over } }, { as: admin });
  return res.expectData().createWebhookEndpoint;
}

const ADMIN_NOTICES = parse(
  '{ viewer { notifications(first: 20) { nodes { kind webhookEndpoint { id active } } } } }',
) as TypedDocumentNode<unknown, Record<string, never>>;

function headersOf(r: ReceivedWebhook): Record<string, string> {
  return Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
}

function event(over: Partial<OutgoingEvent> = {}): OutgoingEvent {
  return { id: `evt_${Math.random().toString(36).slice(2)}`, type: 'comment.published', sectionId: null, timestamp: new Date(), data: { commentId: 'x' }, ...over };
}

describe('webhook endpoints (API)', () => {
  it('createWebhookEndpoint answers the secret once; lists show only its hint', async () => {
    const created = await create('/created', { description: 'CRM sync', events: ['COMMENT_PUBLISHED', 'ARTICLE_PUBLISHED', 'COMMENT_PUBLISHED'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(created.webhookEndpoint).toMatchObject({ active: true, description: 'CRM sync', events: ['COMMENT_PUBLISHED', 'ARTICLE_PUBLISHED'], secretHint: `${created.secret.slice(0, 10)}…` });
    const list = (await gql(WebhookEndpointsDocument, { first: 50 }, { as: admin })).expectData().webhookEndpoints;
    expect(list.nodes.map((n) => n.id)).toContain(created.webhookEndpoint.id);
    expect(JSON.stringify(list)).not.toContain(created.secret);
  });

  it('bad input is BAD_USER_INPUT naming the field; forged ids are BAD_USER_INPUT or NOT_FOUND; nothing half-written', async () => {
    const before = await sql<{ n: number }>('select count(*)::int as n from webhook_endpoints');
    const bad = async (input: Record<string, unknown>, field: string) => {
      const err = (await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}/x`, events: ['COMMENT_PUBLISHED'], ...input } } as never, { as: admin })).expectErrorCode('BAD_USER_INPUT');
      expect(err.extensions?.field ?? 'validation').toBe(field);
    };
    await bad({ url: 'ftp://example.com/' }, 'url');
    await bad({ url: `${receiver().url}/\u0000` }, 'url');
    await bad({ url: `${receiver().url}/${'a'.repeat(5000)}` }, 'url');
    await bad({ url: 'http://user:pw@127.0.0.1/' }, 'url');
    await bad({ events: [] }, 'events');
    await bad({ description: 'x\u0000y' }, 'description');
    await bad({ description: 'd'.repeat(501) }, 'description');
    await bad({ sectionId: toGlobalId('Comment', '00000000-0000-4000-8000-000000000000') }, 'sectionId');
    (await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}/x`, events: ['COMMENT_PUBLISHED'], sectionId: toGlobalId('Section', '00000000-0000-4000-8000-000000000000') } }, { as: admin })).expectErrorCode('NOT_FOUND');
    (await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}/x`, events: ['NOPE'] } } as never, { as: admin })).expectErrorCode('BAD_USER_INPUT');
    expect(await sql('select count(*)::int as n from webhook_endpoints')).toEqual(before);
    for (const id of ['garbage', toGlobalId('Comment', '00000000-0000-4000-8000-000000000000')]) {
      (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: id } }, { as: admin })).expectErrorCode('BAD_USER_INPUT');
      (await gql(RedeliverWebhookDocument, { input: { deliveryId: id } }, { as: admin })).expectErrorCode('BAD_USER_INPUT');
    }
    const unknown = toGlobalId('WebhookEndpoint', '00000000-0000-4000-8000-000000000000');
    (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: unknown } }, { as: admin })).expectErrorCode('NOT_FOUND');
    (await gql(WebhookDeliveriesDocument, { webhookEndpointId: unknown }, { as: admin })).expectErrorCode('NOT_FOUND');
    (await gql(RedeliverWebhookDocument, { input: { deliveryId: toGlobalId('WebhookDelivery', '00000000-0000-4000-8000-000000000000') } }, { as: admin })).expectErrorCode('NOT_FOUND');
    (await gql(RedeliverWebhookDocument, { input: {} }, { as: admin })).expectErrorCode('BAD_USER_INPUT');
  });

  it('members, agents and moderators cannot see or manage endpoints', async () => {
    for (const role of ['MEMBER', 'AGENT', 'MODERATOR'] as const) {
      const u = await buildUser({ role });
      (await gql(WebhookEndpointsDocument, {}, { as: u })).expectErrorCode('FORBIDDEN');
      (await gql(CreateWebhookEndpointDocument, { input: { url: `${receiver().url}/x`, events: ['COMMENT_PUBLISHED'] } }, { as: u })).expectErrorCode('FORBIDDEN');
    }
    (await gql(WebhookEndpointsDocument, {})).expectErrorCode('UNAUTHENTICATED');
  });
});

describe('retry schedule', () => {
  it('doubles from 10 s up to 12 h: the 18th attempt comes about 3 days after the first', () => {
    const o = DEFAULT_WEBHOOK_WORKER_OPTIONS;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, o))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(40, o)).toBe(12 * 3_600_000);
    const total = Array.from({ length: o.maxAttempts - 1 }, (_, i) => backoffMs(i + 1, o)).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeGreaterThan(60);
    expect(total / 3_600_000).toBeLessThan(84);
  });
});

describe('webhook delivery to a real receiver', () => {
  it('a ping arrives signed per Standard Webhooks: the standardwebhooks library verifies it; a wrong secret does not', async () => {
    const { webhookEndpoint, secret } = await create('/ping');
    const delivery = (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData().pingWebhookEndpoint.delivery;
    await receiver().waitFor(() => receiver().for('/ping').length === 1);
    const got = receiver().for('/ping')[0];
    expect(got.headers['webhook-id']).toBe(delivery.eventId);
    expect(got.headers['content-type']).toBe('application/json');
    const payload = new Webhook(secret).verify(got.body, headersOf(got)) as { type: string; data: { webhookEndpointId: string } };
    expect(payload).toMatchObject({ type: 'webhook.ping', data: { webhookEndpointId: webhookEndpoint.id } });
    expect(() => new Webhook('whsec_' + Buffer.alloc(24, 1).toString('base64')).verify(got.body, headersOf(got))).toThrow();
    expect(() => new Webhook(secret).verify(got.body.replace('ping', 'pong'), headersOf(got))).toThrow();
    // the delivery log: SUCCEEDED, one attempt with the request headers, status and answer
    const log = (await gql(WebhookDeliveriesDocument, { webhookEndpointId: webhookEndpoint.id }, { as: admin })).expectData().webhookDeliveries;
    await expect.poll(async () => (await gql(WebhookDeliveriesDocument, { webhookEndpointId: webhookEndpoint.id }, { as: admin })).expectData().webhookDeliveries.nodes[0].status).toBe('SUCCEEDED');
    const [d] = (await gql(WebhookDeliveriesDocument, { webhookEndpointId: webhookEndpoint.id }, { as: admin })).expectData().webhookDeliveries.nodes;
    expect(log.totalCount).toBe(1);
    expect(d.attemptLog).toHaveLength(1);
    expect(d.attemptLog[0]).toMatchObject({ attempt: 1, responseStatus: 200, responseSnippet: 'ok', error: null });
    expect(JSON.parse(d.attemptLog[0].requestHeaders)).toMatchObject({ 'webhook-id': delivery.eventId });
  });

  it('after a rotation both secrets verify for 24 hours (two signatures); the new secret is shown once', async () => {
    const { webhookEndpoint, secret: oldSecret } = await create('/rotate');
    const rotated = (await gql(RotateWebhookSecretDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData().rotateWebhookSecret;
    expect(rotated.secret).not.toBe(oldSecret);
    const expires = new Date(rotated.webhookEndpoint.previousSecretExpiresAt!).getTime();
    expect(Math.abs(expires - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);
    (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData();
    await receiver().waitFor(() => receiver().for('/rotate').length === 1);
    const got = receiver().for('/rotate')[0];
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.secret).verify(got.body, headersOf(got))).toBeTruthy();
    expect(new Webhook(oldSecret).verify(got.body, headersOf(got))).toBeTruthy();
    // once the 24 hours are over, only the new one signs
    await sql(`update webhook_endpoints set previous_secret_expires_at = now() - interval '1 second' where url like '%/rotate'`);
    (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData();
    await receiver().waitFor(() => receiver().for('/rotate').length === 2);
    const later = receiver().for('/rotate')[1];
    expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(oldSecret).verify(later.body, headersOf(later))).toThrow();
  });

  it('events go to the endpoints whose event and section filters match, once each even when enqueued twice', async () => {
    const section = await buildSection();
    const other = await buildSection();
    const all = await create('/filter-all', { events: ['COMMENT_PUBLISHED'] });
    const inSection = await create('/filter-section', { events: ['COMMENT_PUBLISHED'], sectionId: section.gid });
    await create('/filter-articles', { events: ['ARTICLE_PUBLISHED'] });
    const disabled = await create('/filter-disabled', { events: ['COMMENT_PUBLISHED'], active: false });
    expect(disabled.webhookEndpoint).toMatchObject({ active: false, disabledReason: 'MANUAL' });
    const e1 = event({ sectionId: section.id });
    const e2 = event({ sectionId: other.id });
    for (let i = 0; i < 2; i++) await inTransaction(app().database.ds, (tx) => app().services.webhooks.enqueue(tx, [e1, e2]));
    await receiver().waitFor(() => receiver().for('/filter-all').length === 2 && receiver().for('/filter-section').length === 1);
    // a later ping to each shows nothing else was on its way
    for (const e of [all, inSection]) (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: e.webhookEndpoint.id } }, { as: admin })).expectData();
    await receiver().waitFor(() => receiver().for('/filter-all').length === 3 && receiver().for('/filter-section').length === 2);
    expect(receiver().for('/filter-all').map((r) => r.headers['webhook-id']).slice(0, 2).sort()).toEqual([e1.id, e2.id].sort());
    expect(receiver().for('/filter-section')[0].headers['webhook-id']).toBe(e1.id);
    expect(receiver().for('/filter-articles')).toHaveLength(0);
    expect(receiver().for('/filter-disabled')).toHaveLength(0);
    // a disabled endpoint is not given deliveries at all; enabled again, it gets the next events
    expect(await sql(`select 1 from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.url like '%/filter-disabled'`)).toEqual([]);
    const enabled = (await gql(UpdateWebhookEndpointDocument, { input: { webhookEndpointId: disabled.webhookEndpoint.id, active: true } }, { as: admin })).expectData();
    expect(enabled.updateWebhookEndpoint.webhookEndpoint).toMatchObject({ active: true, disabledReason: null });
    const e3 = event();
    await inTransaction(app().database.ds, (tx) => app().services.webhooks.enqueue(tx, [e3]));
    await receiver().waitFor(() => receiver().for('/filter-disabled').length === 1);
    expect(receiver().for('/filter-disabled')[0].headers['webhook-id']).toBe(e3.id);
  });

  it('a failing endpoint is retried with backoff, its log holds each attempt; redelivery sends FAILED ones again with the same webhook-id', async () => {
    receiver().behave('/fails', { status: 500, body: 'x'.repeat(5000) });
    const { webhookEndpoint } = await create('/fails');
    await app().services.webhooks.stop();
    app().services.webhooks.start({ ...FAST, maxAttempts: 3, circuitThreshold: 100 });
    try {
      const e = event();
      await inTransaction(app().database.ds, (tx) => app().services.webhooks.enqueue(tx, [e]));
      await receiver().waitFor(() => receiver().for('/fails').length === 3);
      await expect.poll(async () => (await sql<{ status: string }>(`select d.status from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id where d.event_id = $1 and w.url like '%/fails'`, [e.id]))[0].status).toBe('FAILED');
      const [d] = (await gql(WebhookDeliveriesDocument, { webhookEndpointId: webhookEndpoint.id, status: 'FAILED' }, { as: admin })).expectData().webhookDeliveries.nodes;
      expect(d.attemptLog.map((a) => [a.attempt, a.responseStatus, a.error])).toEqual([[1, 500, 'HTTP 500'], [2, 500, 'HTTP 500'], [3, 500, 'HTTP 500']]);
      expect(d.attemptLog[0].responseSnippet).toHaveLength(1024);
      receiver().behave('/fails', { status: 204 });
      const again = (await gql(RedeliverWebhookDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData().redeliverWebhook;
      expect(again.count).toBe(1);
      await receiver().waitFor(() => receiver().for('/fails').length === 4);
      expect(receiver().for('/fails')[3].headers['webhook-id']).toBe(e.id);
      await expect.poll(async () => (await sql<{ status: string }>(`select d.status from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id where d.event_id = $1 and w.url like '%/fails'`, [e.id]))[0].status).toBe('SUCCEEDED');
      // one delivery again by id (a SUCCEEDED one too); a PENDING one is refused
      const one = (await gql(RedeliverWebhookDocument, { input: { deliveryId: d.id } }, { as: admin })).expectData().redeliverWebhook;
      expect(one.count).toBe(1);
      await receiver().waitFor(() => receiver().for('/fails').length === 5);
    } finally {
      await app().services.webhooks.stop();
      app().services.webhooks.start(FAST);
    }
  });

  it('repeated failures open the circuit (deliveries wait), and an endpoint failing past the grace period is disabled with a notice to admins', async () => {
    receiver().behave('/breaker', { status: 503 });
    const { webhookEndpoint } = await create('/breaker');
    const endpointRow = async () =>
      (await sql<{ n: number; open: boolean; active: boolean; reason: string | null }>(
        `select consecutive_failures as n, circuit_open_until > now() as open, active, disabled_reason as reason from webhook_endpoints where url like '%/breaker'`,
      ))[0];
    await app().services.webhooks.stop();
    // retries due at once; the circuit, once open, stays open for the whole test; disabling after 3 days
    app().services.webhooks.start({ ...FAST, retryBaseMs: 1, retryMaxMs: 1, circuitThreshold: 3, circuitOpenMs: 600_000, disableAfterMs: 72 * 3_600_000 });
    try {
      await inTransaction(app().database.ds, (tx) => app().services.webhooks.enqueue(tx, Array.from({ length: 5 }, () => event())));
      await expect.poll(endpointRow, { timeout: 15_000 }).toMatchObject({ open: true });
      await app().services.webhooks.stop(); // the attempts in flight are recorded
      app().services.webhooks.start();
      const sent = receiver().for('/breaker').length;
      const attempts = (await sql<{ n: number }>(`select coalesce(sum(attempts), 0)::int as n from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.url like '%/breaker'`))[0].n;
      expect(sent).toBe(attempts);
      // while open, a ping (which passes the circuit) goes out and the due deliveries do not
      (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData();
      await receiver().waitFor(() => receiver().for('/breaker').some((r) => r.body.includes('webhook.ping')));
      expect(receiver().for('/breaker').filter((r) => !r.body.includes('webhook.ping'))).toHaveLength(sent);
      expect((await endpointRow()).active).toBe(true);
      // three days of failing later (failing_since moved back), the next failure disables it and tells the admins
      await sql(`update webhook_endpoints set failing_since = now() - interval '73 hours', circuit_open_until = now() where url like '%/breaker'`);
      app().services.webhooks.worker.kick();
      await expect.poll(endpointRow, { timeout: 15_000 }).toMatchObject({ active: false, reason: 'FAILING' });
      const notices = await sql<{ recipient_id: string; detail: string }>(`select recipient_id, detail from notifications where kind = 'WEBHOOK_DISABLED'`);
      expect(notices.map((n) => n.recipient_id)).toContain(admin.id);
      expect(notices.every((n) => webhookEndpoint.id === toGlobalId('WebhookEndpoint', n.detail))).toBe(true);
      // the admin reads it in their notifications, with the endpoint
      const mine = (await gql(ADMIN_NOTICES, {}, { as: admin })).expectData() as { viewer: { notifications: { nodes: Array<{ kind: string; webhookEndpoint: { id: string; active: boolean } | null }> } } };
      expect(mine.viewer.notifications.nodes.find((n) => n.kind === 'WEBHOOK_DISABLED')?.webhookEndpoint).toEqual({ id: webhookEndpoint.id, active: false });
      // disabled: a later event makes no delivery for it
      const e = event();
      await inTransaction(app().database.ds, (tx) => app().services.webhooks.enqueue(tx, [e]));
      expect(await sql(`select 1 from webhook_deliveries d join webhook_endpoints w on w.id = d.endpoint_id where d.event_id = $1 and w.url like '%/breaker'`, [e.id])).toEqual([]);
    } finally {
      await app().services.webhooks.stop();
      app().services.webhooks.start(FAST);
    }
  });

  it('deleting an endpoint deletes its log', async () => {
    const { webhookEndpoint } = await create('/deleted');
    (await gql(PingWebhookEndpointDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData();
    await receiver().waitFor(() => receiver().for('/deleted').length === 1);
    const res = (await gql(DeleteWebhookEndpointDocument, { input: { webhookEndpointId: webhookEndpoint.id } }, { as: admin })).expectData();
    expect(res.deleteWebhookEndpoint.deletedWebhookEndpointId).toBe(webhookEndpoint.id);
    expect(await sql(`select 1 from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id where e.url like '%/deleted'`)).toEqual([]);
  });
});
