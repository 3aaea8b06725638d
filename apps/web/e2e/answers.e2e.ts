import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { signIn } from './browser';
import { graphqlFromPage, shot, useBrowser } from './suite';

/**
 * Issue #18, answers and threads: staff mark a member's reply as the answer and another
 * reader's open page shows it first, live; a moderator hides a parent and the reader keeps
 * the reply under "Removed by a moderator".
 */
const password = inject('demoPassword');
const browser = useBrowser();

const open = (viewport: 'desktop' | 'phone' = 'desktop') => browser.page(viewport);
const api = graphqlFromPage;

async function addComment(page: Page, articleId: string, body: string, parentId?: string): Promise<string> {
  const data = await api<{ addComment: { comment: { id: string } } }>(
    page,
    'mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }',
    { input: { articleId, body, parentId } },
  );
  return data.addComment.comment.id;
}

/** A published article with few comments, so the new question is on the first page (newest first). */
async function anArticle(page: Page, index: number): Promise<{ id: string; slug: string }> {
  const data = await api<{ articles: { nodes: Array<{ id: string; slug: string }> } }>(page, 'query { articles(first: 20) { nodes { id slug } } }');
  return data.articles.nodes[index];
}

const viewports = ['desktop', 'phone'] as const;

describe('answers and threads', () => {
  test.each(viewports)('a staff member marks a member’s reply as the answer; a reader’s open page shows it first, live (%s)', async (viewport) => {
    const member = await open();
    await signIn(member, 'member', password);
    const article = await anArticle(member, viewport === 'desktop' ? 3 : 4);
    const stamp = Date.now();
    const question = await addComment(member, article.id, `How do I export my data? ${stamp}`);
    const reply = await addComment(member, article.id, `Found it: Settings, then Export, then Download. ${stamp}`, question);

    // a second reader, anonymous, has the page open
    const reader = await open(viewport);
    await reader.goto(`/articles/${article.slug}?sort=new`);
    const readerQuestion = reader.locator(`[data-comment-id="${question}"]`);
    await readerQuestion.waitFor();
    expect(await readerQuestion.getByTestId('accepted-answer').count()).toBe(0);

    const agent = await open();
    await signIn(agent, 'agent', password);
    await agent.goto(`/articles/${article.slug}?sort=new`);
    const agentReply = agent.locator(`[data-comment-id="${reply}"]`);
    await agentReply.getByTestId('answer-toggle').click();
    await agentReply.getByTestId('answer-badge').waitFor();

    // the reader's page shows the answer under the question without reloading
    const box = readerQuestion.getByTestId('accepted-answer');
    await box.waitFor({ timeout: 10_000 });
    expect(await box.textContent()).toContain('Found it: Settings, then Export');
    expect(await box.textContent()).toContain('accepted by');
    await reader.locator(`[data-comment-id="${reply}"]`).getByTestId('answer-badge').waitFor();
    // first in its thread: the box comes before the replies
    const order = await readerQuestion.evaluate((el, replyId) => {
      const boxEl = el.querySelector('[data-testid="accepted-answer"]')!;
      const replyEl = el.querySelector(`[data-comment-id="${replyId}"]`)!;
      return boxEl.compareDocumentPosition(replyEl) & Node.DOCUMENT_POSITION_FOLLOWING;
    }, reply);
    expect(order).toBeTruthy();
    await readerQuestion.scrollIntoViewIfNeeded();
    await shot(reader, `answers-accepted-${viewport}`);
  });

  test.each(viewports)('a moderator hides a parent; the reader keeps the reply under “Removed by a moderator” (%s)', async (viewport) => {
    const member = await open();
    await signIn(member, 'member', password);
    const article = await anArticle(member, viewport === 'desktop' ? 5 : 6);
    const stamp = Date.now();
    const parent = await addComment(member, article.id, `Rude remark to be hidden ${stamp}`);
    const reply = await addComment(member, article.id, `A useful reply that should stay ${stamp}`, parent);

    const reader = await open(viewport);
    await reader.goto(`/articles/${article.slug}?sort=new`);
    const readerParent = reader.locator(`[data-comment-id="${parent}"]`);
    await readerParent.waitFor();

    const mod = await open();
    await signIn(mod, 'moderator', password);
    await api(mod, 'mutation($input: HideCommentInput!) { hideComment(input: $input) { comment { id } } }', { input: { commentId: parent, reason: 'ABUSE' } });

    // live: the placeholder replaces the text, the reply stays
    await readerParent.locator('.comment__tombstone', { hasText: 'Removed by a moderator' }).first().waitFor({ timeout: 10_000 });
    expect(await readerParent.textContent()).not.toContain('Rude remark');
    expect(await reader.locator(`[data-comment-id="${reply}"]`).textContent()).toContain('A useful reply that should stay');
    // and after a reload
    await reader.reload();
    await readerParent.locator('.comment__tombstone', { hasText: 'Removed by a moderator' }).first().waitFor();
    expect(await reader.locator(`[data-comment-id="${reply}"]`).count()).toBe(1);
    await readerParent.scrollIntoViewIfNeeded();
    await shot(reader, `answers-removed-${viewport}`);

    // the moderator still reads the text
    await mod.goto(`/articles/${article.slug}?sort=new`);
    const modParent = mod.locator(`[data-comment-id="${parent}"]`);
    await modParent.waitFor();
    expect(await modParent.textContent()).toContain('Rude remark');
  });
});
