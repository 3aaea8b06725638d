import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, useBrowser } from './suite';

/*
 * The admin Webhooks page: an admin adds an endpoint (a real HTTP receiver in this process),
 * copies the secret shown once, sends a ping that arrives signed (verified with the
 * standardwebhooks library), reads the delivery log, a member's comment arrives as
 * comment.published, rotates the secret, changes the events, disables the endpoint and
 * redelivers; members cannot open the page. Desktop and phone screenshots.
 */
const password = inject('demoPassword');
const browser = useBrowser();

const received: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
let receiverUrl = '';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook-${Date.now()}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function until(ok: () => boolean, what: string, ms = 20_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms (received ${received.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const headersOf = (h: http.IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]));

describe('Webhooks', () => {
  test('an admin adds an endpoint, sees its secret once, pings it, reads the log, rotates, edits, disables; comments arrive signed', async () => {
    const admin = await browser.page('desktop');
    await signIn(admin, 'admin', password);
    await admin.getByRole('button', { name: /account menu/ }).click();
    await admin.getByRole('menuitem', { name: 'Webhooks' }).click();
    await admin.waitForURL('**/webhooks');
    await admin.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();

    // a hostile URL is refused with the server's reason
    await admin.getByLabel('URL').fill('http://0.0.0.0/latest');
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    await admin.getByTestId('webhook-form-error').waitFor();

    await admin.getByLabel('URL').fill(receiverUrl);
    await admin.getByLabel('Description (optional)').fill('e2e receiver');
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    const secretBox = admin.getByTestId('webhook-secret');
    await secretBox.waitFor();
    const secret = await admin.getByTestId('webhook-secret-value').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const endpoint = admin.getByTestId('webhook-endpoint').filter({ hasText: receiverUrl });
    await endpoint.waitFor();
    expect(await endpoint.textContent()).toContain(secret.slice(0, 10));
    await shot(admin, 'webhooks-created-desktop');
    await admin.getByRole('button', { name: 'Done' }).click();
    expect(await admin.getByTestId('webhook-secret').count()).toBe(0);
    // shown once: the page after a reload has only the hint
    await admin.reload();
    await endpoint.waitFor();
    expect(await admin.content()).not.toContain(secret);

    // ping: it arrives signed with the secret
    await endpoint.getByTestId('webhook-ping').click();
    await until(() => received.some((r) => r.body.includes('webhook.ping')), 'the ping');
    const ping = received.find((r) => r.body.includes('webhook.ping'))!;
    expect(new Webhook(secret).verify(ping.body, headersOf(ping.headers))).toMatchObject({ type: 'webhook.ping' });

    // a member's comment arrives as comment.published
    const member = await browser.page('desktop');
    await signIn(member, 'reader07', password);
    const { articles } = await graphqlFromPage<{ articles: { nodes: Array<{ id: string }> } }>(member, '{ articles(first: 1) { nodes { id } } }');
    const body = `Webhook e2e comment ${Date.now()}`;
    await graphqlFromPage(member, 'mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }', { input: { articleId: articles.nodes[0].id, body } });
    await until(() => received.some((r) => r.body.includes(body)), 'the comment');
    const got = received.find((r) => r.body.includes(body))!;
    expect(new Webhook(secret).verify(got.body, headersOf(got.headers))).toMatchObject({ type: 'comment.published' });
    expect(got.body).not.toContain('@demo.atrium.example');

    // the delivery log: both deliveries, with their attempts
    await endpoint.getByRole('button', { name: 'Delivery log' }).click();
    const log = endpoint.getByTestId('webhook-delivery-log');
    await log.getByTestId('webhook-delivery').nth(1).waitFor();
    await log.getByRole('button', { name: 'Refresh' }).click();
    await admin.waitForFunction(() => [...document.querySelectorAll('[data-testid="webhook-delivery"]')].every((e) => e.textContent?.includes('Delivered')));
    await log.getByTestId('webhook-delivery').first().locator('button').first().click();
    expect(await log.textContent()).toContain('HTTP 200');
    await shot(admin, 'webhooks-log-desktop');
    // redeliver one: it arrives again with the same webhook-id
    const before = received.length;
    await log.getByTestId('redeliver-one').click();
    await until(() => received.length > before, 'the redelivery');
    const again = received[received.length - 1];
    expect(received.filter((r) => r.headers['webhook-id'] === again.headers['webhook-id']).length).toBe(2);

    // rotate: a new secret shown once; the next ping carries two signatures
    await endpoint.getByTestId('webhook-rotate').click();
    await admin.getByTestId('webhook-secret').waitFor();
    const rotated = await admin.getByTestId('webhook-secret-value').inputValue();
    expect(rotated).not.toBe(secret);
    await admin.getByRole('button', { name: 'Done' }).click();
    const pings = received.filter((r) => r.body.includes('webhook.ping')).length;
    await endpoint.getByTestId('webhook-ping').click();
    await until(() => received.filter((r) => r.body.includes('webhook.ping')).length > pings, 'the second ping');
    const second = received.filter((r) => r.body.includes('webhook.ping')).at(-1)!;
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(rotated).verify(second.body, headersOf(second.headers))).toBeTruthy();
    expect(new Webhook(secret).verify(second.body, headersOf(second.headers))).toBeTruthy();

    // edit events, then disable
    await endpoint.getByRole('button', { name: 'Edit events' }).click();
    const edit = endpoint.getByTestId('webhook-edit-events');
    await edit.getByLabel('Article published').check();
    await edit.getByRole('button', { name: 'Save events' }).click();
    await admin.getByTestId('webhook-status').filter({ hasText: 'Events saved.' }).waitFor();
    expect(await endpoint.textContent()).toContain('Article published');
    await endpoint.getByTestId('webhook-toggle').click();
    await endpoint.getByText('Disabled', { exact: true }).waitFor();

    // phone
    const phone = await browser.page('phone');
    await signIn(phone, 'admin', password);
    await phone.goto('/webhooks');
    await phone.getByTestId('webhook-endpoint').first().waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await shot(phone, 'webhooks-phone');

    // members are kept out
    await member.goto('/webhooks');
    await member.waitForFunction(() => !document.querySelector('[data-testid="webhook-form"]') && document.body.textContent!.length > 0);
    expect(await member.getByTestId('webhook-form').count()).toBe(0);
  });
});
