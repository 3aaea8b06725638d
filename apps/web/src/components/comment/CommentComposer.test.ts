import { mount } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../../testing/client';
import { ARTICLE_ID, author, commentNode, MEMBER, silent, threadResult, viewerResult } from '../../testing/thread';
import CommentComposer from './CommentComposer.vue';
import CommentThread from './CommentThread.vue';

type Handlers = Parameters<typeof createTestClient>[0];

async function renderThread(handlers: Handlers) {
  const test = createTestClient({ ArticleCommentEvents: silent, ...handlers });
  const router = createTestRouter('/articles/some-article');
  await router.isReady();
  const wrapper = mount(CommentThread, { props: { articleId: ARTICLE_ID }, global: { plugins: [router], provide: test.provide } });
  await settle();
  return { wrapper, test, router };
}

describe('CommentComposer', () => {
  it('anonymous readers (SIGN_IN_REQUIRED) may write, posting is "Sign in to post", and get a sign-in prompt', async () => {
    const { wrapper } = await renderThread({
      AppViewer: () => viewerResult(null),
      ArticleCommentThread: () => threadResult([], { viewerCanComment: false, viewerCannotCommentReasons: ['SIGN_IN_REQUIRED'] }),
    });
    expect(wrapper.get('form.composer button[type="submit"]').text()).toBe('Sign in to post');
    const prompt = wrapper.get('[data-testid="comment-signin-prompt"]');
    expect(prompt.text()).toContain('Please sign in to leave a comment');
    expect(prompt.get('a').attributes('href')).toBe('/signin?redirect=/articles/some-article%23comments');
  });

  it('a banned reader sees why instead of the composer', async () => {
    const { wrapper } = await renderThread({
      AppViewer: () => viewerResult(MEMBER),
      ArticleCommentThread: () => threadResult([], { viewerCanComment: false, viewerCannotCommentReasons: ['VIEWER_BANNED'] }),
    });
    expect(wrapper.find('form.composer').exists()).toBe(false);
    expect(wrapper.find('[data-testid="comment-signin-prompt"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Your account is banned');
  });

  it('submitting calls addComment with the trimmed body and shows the new comment', async () => {
    const { wrapper, test } = await renderThread({
      AppViewer: () => viewerResult(MEMBER),
      ArticleCommentThread: () => threadResult([commentNode({ id: 'C1' })]),
      WebAddComment: (vars) => {
        const input = vars.input as { body: string };
        return {
          data: {
            addComment: {
              __typename: 'CommentPayload',
              comment: {
                ...commentNode({ id: 'C2', body: input.body, bodyHtml: `<p>${input.body}</p>`, score: 0, upvotes: 0, downvotes: 0 }),
                author: author(MEMBER),
                viewerCanEdit: true,
                viewerCanDelete: true,
                parent: null,
                article: { __typename: 'Article', id: ARTICLE_ID, commentCount: 2 },
              },
            },
          },
        };
      },
    });
    const submit = () => wrapper.get('form.composer button[type="submit"]');
    expect(submit().attributes('disabled')).toBeDefined();
    await wrapper.get('form.composer textarea').setValue('  Restarting the router fixed it for me.  ');
    expect(submit().attributes('disabled')).toBeUndefined();
    await wrapper.get('form.composer').trigger('submit');
    await settle();
    expect(test.calls.filter((c) => c.operationName === 'WebAddComment').map((c) => c.variables.input)).toEqual([
      { articleId: ARTICLE_ID, body: 'Restarting the router fixed it for me.' },
    ]);
    expect(wrapper.findAll('[data-testid="comment"]').map((c) => c.attributes('data-comment-id'))).toEqual(['C2', 'C1']);
    expect(wrapper.get('[data-comment-id="C2"] .comment__body').text()).toBe('Restarting the router fixed it for me.');
    expect(wrapper.get('form.composer textarea').element).toHaveProperty('value', '');
    expect(wrapper.text()).toContain('Your comment was posted.');
  });

  it('keeps the text and shows the field error when the server refuses', async () => {
    const submit = vi.fn().mockRejectedValue(
      Object.assign(new Error('x'), { errors: [{ message: 'body is too long', extensions: { code: 'BAD_USER_INPUT', field: 'body' } }] }),
    );
    const wrapper = mount(CommentComposer, { props: { label: 'Add a comment', submit } });
    await wrapper.get('textarea').setValue('Hello');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(submit).toHaveBeenCalledWith('Hello');
    expect(wrapper.get('[role="alert"]').text()).not.toBe('');
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('Hello');
  });
});
