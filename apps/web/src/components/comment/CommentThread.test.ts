import { mount } from '@vue/test-utils';
import type { FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, deferred, settle } from '../../testing/client';
import { ARTICLE_ID, commentNode, MEMBER, MODERATOR, silent, threadResult, viewerResult } from '../../testing/thread';
import CommentThread from './CommentThread.vue';

type Viewer = typeof MEMBER;

async function render(viewer: Viewer, lock?: (vars: Record<string, unknown>) => Promise<FormattedExecutionResult>, locked = false) {
  const test = createTestClient({
    AppViewer: () => viewerResult(viewer),
    ArticleCommentThread: () => threadResult([commentNode({ id: 'C1' })], locked ? { commentsLocked: true, commentsLockReason: 'Fixed in 2.3' } : {}),
    ArticleCommentEvents: silent,
    ...(lock ? { WebLockArticleComments: lock } : {}),
  });
  const router = createTestRouter('/articles/some-article');
  await router.isReady();
  const wrapper = mount(CommentThread, { props: { articleId: ARTICLE_ID }, global: { plugins: [router], provide: test.provide }, attachTo: document.body });
  await settle();
  return { wrapper, test };
}

const articleAfter = (locked: boolean, reason: string | null) => ({
  data: {
    lockArticleComments: {
      __typename: 'ArticlePayload',
      article: {
        __typename: 'Article',
        id: ARTICLE_ID,
        status: 'PUBLISHED',
        commentCount: 1,
        commentsLocked: locked,
        commentsLockReason: reason,
        viewerCanComment: true,
        viewerCannotCommentReasons: [],
      },
    },
  },
});

describe('CommentThread lock (moderators)', () => {
  it('members don’t see the lock button', async () => {
    const { wrapper } = await render(MEMBER);
    expect(wrapper.find('[data-testid="lock-comments"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it('a moderator locks with a reason: lockArticleComments is sent and the notice shows at once', async () => {
    const gate = deferred<FormattedExecutionResult>();
    const { wrapper, test } = await render(MODERATOR, () => gate.promise);
    expect(wrapper.find('[data-testid="comments-locked"]').exists()).toBe(false);
    await wrapper.get('[data-testid="lock-comments"]').trigger('click');
    await wrapper.get('#lock-reason').setValue('  Fixed in 2.3  ');
    await wrapper.get('[data-testid="lock-form"]').trigger('submit');
    await settle();
    expect(test.calls.filter((c) => c.operationName === 'WebLockArticleComments').map((c) => c.variables.input)).toEqual([
      { articleId: ARTICLE_ID, locked: true, reason: 'Fixed in 2.3' },
    ]);
    // Optimistic: before the server answers.
    expect(wrapper.get('[data-testid="comments-locked"]').text()).toBe('Comments on this article are locked: Fixed in 2.3');
    gate.resolve(articleAfter(true, 'Fixed in 2.3'));
    await settle();
    expect(wrapper.find('[data-testid="lock-form"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="lock-comments"]').text()).toBe('Unlock comments');
    wrapper.unmount();
  });

  it('unlocking needs no reason and removes the notice; a refusal rolls back', async () => {
    const { wrapper, test } = await render(MODERATOR, async () => articleAfter(false, null), true);
    expect(wrapper.get('[data-testid="comments-locked"]').text()).toContain('Fixed in 2.3');
    await wrapper.get('[data-testid="lock-comments"]').trigger('click');
    await settle();
    expect(test.calls.find((c) => c.operationName === 'WebLockArticleComments')?.variables.input).toEqual({
      articleId: ARTICLE_ID,
      locked: false,
      reason: null,
    });
    expect(wrapper.find('[data-testid="comments-locked"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="lock-comments"]').text()).toBe('Lock comments');
    wrapper.unmount();

    const refused = await render(MODERATOR, async () => ({ errors: [{ message: 'Only moderators can do that.', extensions: { code: 'FORBIDDEN' } }] }), true);
    await refused.wrapper.get('[data-testid="lock-comments"]').trigger('click');
    await settle();
    expect(refused.wrapper.find('[data-testid="comments-locked"]').exists()).toBe(true);
    expect(refused.wrapper.get('[role="alert"]').text()).toContain('Only moderators can do that.');
    refused.wrapper.unmount();
  });
});
