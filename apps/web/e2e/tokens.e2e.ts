import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { shot, useBrowser } from './suite';

/*
 * Scoped API tokens (#21) on the account page: the form offers the scopes the viewer's role
 * can use (read always), the new token's scopes are shown with its secret and in the list, and
 * the secret works as a bearer token within them (a write beyond them names the missing scope).
 */
const password = inject('demoPassword');
const baseURL = inject('baseURL');
const browser = useBrowser();
const stamp = Date.now().toString(36);

async function api(token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: Record<string, unknown> }> };
}

describe('API token scopes on the account page', () => {
  test('a member creates a read + write:comments token: scopes shown at creation and in the list, and they hold', async () => {
    const page = await browser.page('desktop');
    await signIn(page, 'member', password);
    await page.goto('/account');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();

    // a member is offered the member scopes only; read is always on
    const offered = await page.locator('.tokens__scope code').allTextContents();
    expect(offered).toEqual(['read', 'write:comments', 'write:votes', 'write:notifications']);
    expect(await page.getByTestId('scope-READ').locator('input').isChecked()).toBe(true);
    expect(await page.getByTestId('scope-READ').locator('input').isDisabled()).toBe(true);

    const name = `Comment bot ${stamp}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByTestId('scope-WRITE_COMMENTS').locator('input').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: `Token “${name}” created` }).waitFor();
    expect((await page.getByTestId('token-secret-scopes').textContent())?.replace(/\s+/g, ' ').trim()).toBe('Scopes: read, write:comments');
    const secret = await page.locator('#token-secret').inputValue();
    expect(secret).toMatch(/^atp_/);

    const row = page.locator('.token-row', { hasText: name });
    expect(await row.getByTestId('token-scopes').locator('.badge').allTextContents()).toEqual(['read', 'write:comments']);
    await shot(page, 'tokens-created-desktop');

    // the secret works within its scopes: reads, and a vote (write:votes) is refused naming the scope
    const viewer = await api(secret, '{ viewer { handle } }');
    expect(viewer.data).toEqual({ viewer: { handle: 'member' } });
    const articles = await api(secret, '{ articles(first: 1) { nodes { id } } }');
    const articleId = (articles.data as { articles: { nodes: Array<{ id: string }> } }).articles.nodes[0].id;
    const vote = await api(secret, 'mutation($input: VoteArticleInput!) { voteArticle(input: $input) { article { id } } }', { input: { articleId, helpful: true } });
    expect(vote.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'WRITE_VOTES' });
    const child = await api(secret, 'mutation { createApiToken(input: { name: "child" }) { token } }');
    expect(child.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });

    // after a reload the list still shows the scopes (from the server, not the form)
    await page.reload();
    await page.locator('.token-row', { hasText: name }).waitFor();
    expect(await page.locator('.token-row', { hasText: name }).getByTestId('token-scopes').locator('.badge').allTextContents()).toEqual(['read', 'write:comments']);

    const phone = await browser.context('phone');
    await phone.addCookies(await page.context().cookies());
    const phonePage = await phone.newPage();
    await phonePage.goto('/account');
    await phonePage.locator('.token-row', { hasText: name }).waitFor();
    await phonePage.getByRole('heading', { name: 'API tokens' }).scrollIntoViewIfNeeded();
    await shot(phonePage, 'tokens-list-phone');
  });

  test('a moderator is offered moderate; the token made with it moderates, a read-only one does not', async () => {
    const page = await browser.page('desktop');
    await signIn(page, 'moderator', password);
    await page.goto('/account');
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    const offered = await page.locator('.tokens__scope code').allTextContents();
    expect(offered).toEqual(['read', 'write:comments', 'write:votes', 'write:notifications', 'admin:content', 'moderate']);

    const name = `Queue watcher ${stamp}`;
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByTestId('scope-MODERATE').locator('input').check();
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: `Token “${name}” created` }).waitFor();
    const secret = await page.locator('#token-secret').inputValue();
    expect(await page.locator('.token-row', { hasText: name }).getByTestId('token-scopes').locator('.badge').allTextContents()).toEqual(['read', 'moderate']);
    await shot(page, 'tokens-moderator-desktop');

    const queue = await api(secret, '{ moderationQueue(first: 1) { totalCount } }');
    expect(queue.errors).toBeUndefined();

    await page.getByLabel('Name', { exact: true }).fill(`Reader ${stamp}`);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: `Token “Reader ${stamp}” created` }).waitFor();
    const reader = await page.locator('#token-secret').inputValue();
    const refused = await api(reader, '{ moderationQueue(first: 1) { totalCount } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'MODERATE' });
  });
});
