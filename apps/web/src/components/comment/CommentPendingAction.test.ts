import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimPendingAction, savePendingAction, type PendingAction } from '../../composables/usePendingAction';
import { createTestClient, createTestRouter, settle } from '../../testing/client';
import { ARTICLE_ID, commentNode, MEMBER, silent, threadResult, viewerResult } from '../../testing/thread';
import CommentThread from './CommentThread.vue';

/*
 * What an anonymous reader started in the thread (a comment, a reply, a comment vote) waits in
 * sessionStorage while they sign in, and is completed once when they are back, for that account.
 */
const SIGNED_OUT = { viewerCanComment: false, viewerCannotCommentReasons: ['SIGN_IN_REQUIRED' as const] };

async function render(viewer: typeof MEMBER | null) {
  const votes: unknown[] = [];
  const added: unknown[] = [];
  const test = createTestClient({
    AppViewer: () => viewerResult(viewer),
    ArticleCommentThread: () => threadResult([commentNode({ id: 'C1' })], viewer ? {} : SIGNED_OUT),
    ArticleCommentEvents: silent,
    WebVoteComment: (v) => {
      const input = (v as { input: { commentId: string; value: string } }).input;
      votes.push(input);
      return { data: { voteComment: { __typename: 'CommentPayload', comment: { __typename: 'Comment', id: input.commentId, score: 3, upvotes: 4, downvotes: 1, viewerVote: input.value } } } };
    },
    WebAddComment: (v) => {
      added.push(v);
      return { errors: [{ message: 'not in this test', extensions: { code: 'BAD_USER_INPUT' } }] };
    },
  });
  const router = createTestRouter('/articles/some-article');
  await router.isReady();
  const wrapper = mount(CommentThread, { props: { articleId: ARTICLE_ID }, global: { plugins: [router], provide: test.provide }, attachTo: document.body });
  await settle(6);
  return { wrapper, router, votes, added };
}

function pending(action: PendingAction, back: string, userId: string | null = MEMBER.id) {
  savePendingAction(action, back);
  if (userId) claimPendingAction(back, userId);
}

const stored = () => JSON.parse(sessionStorage.getItem('atrium.pendingAction') ?? 'null');

describe('anonymous readers in the thread', () => {
  beforeEach(() => sessionStorage.clear());

  it('write a comment and are sent to sign in with it kept (not in the URL)', async () => {
    const { wrapper, router, added } = await render(null);
    expect(wrapper.get('[data-testid="comment-signin-prompt"]').text()).toContain('Please sign in');
    await wrapper.get('.thread__composer textarea').setValue('My question about 2FA');
    await wrapper.get('.thread__composer form').trigger('submit');
    await settle();
    expect(added).toEqual([]);
    expect(router.currentRoute.value.name).toBe('signin');
    expect(router.currentRoute.value.query).toEqual({ redirect: '/articles/some-article#comments' });
    expect(stored().action).toEqual({ kind: 'comment', articleId: ARTICLE_ID, parentId: null, body: 'My question about 2FA' });
    wrapper.unmount();
  });

  it('write a reply and are sent to sign in, back to that comment', async () => {
    const { wrapper, router } = await render(null);
    await wrapper.get('button[aria-expanded="false"].comment__action').trigger('click');
    await wrapper.get('.comment__reply textarea').setValue('Same here');
    expect(wrapper.get('.comment__reply button[type="submit"]').text()).toBe('Sign in to reply');
    await wrapper.get('.comment__reply form').trigger('submit');
    await settle();
    expect(router.currentRoute.value.query.redirect).toBe('/articles/some-article#comment-C1');
    expect(stored().action).toEqual({ kind: 'comment', articleId: ARTICLE_ID, parentId: 'C1', body: 'Same here' });
    wrapper.unmount();
  });

  it('vote on a comment and are sent to sign in, back to that comment', async () => {
    const { wrapper, router, votes } = await render(null);
    await wrapper.get('.vote__btn--up').trigger('click');
    await settle();
    expect(votes).toEqual([]);
    expect(router.currentRoute.value.query.redirect).toBe('/articles/some-article#comment-C1');
    expect(stored().action).toEqual({ kind: 'comment-vote', commentId: 'C1', value: 'UP' });
    wrapper.unmount();
  });
});

describe('back from signing in', () => {
  beforeEach(() => sessionStorage.clear());

  it('the composer is open again with the text, focused and not posted', async () => {
    pending({ kind: 'comment', articleId: ARTICLE_ID, parentId: null, body: 'My question about 2FA' }, '/articles/some-article#comments');
    const { wrapper, added } = await render(MEMBER);
    const box = wrapper.get<HTMLTextAreaElement>('.thread__composer textarea');
    expect(box.element.value).toBe('My question about 2FA');
    expect(document.activeElement).toBe(box.element);
    expect(wrapper.get('.thread__composer button[type="submit"]').text()).toBe('Post comment');
    expect(added).toEqual([]);
    expect(sessionStorage.getItem('atrium.pendingAction')).toBeNull();
    wrapper.unmount();
  });

  it('the reply composer is open under its comment with the text', async () => {
    pending({ kind: 'comment', articleId: ARTICLE_ID, parentId: 'C1', body: 'Same here' }, '/articles/some-article#comment-C1');
    const { wrapper } = await render(MEMBER);
    expect(wrapper.get<HTMLTextAreaElement>('#comment-C1 .comment__reply textarea').element.value).toBe('Same here');
    expect(wrapper.get<HTMLTextAreaElement>('.thread__composer textarea').element.value).toBe('');
    wrapper.unmount();
  });

  it('the comment vote is recorded once', async () => {
    pending({ kind: 'comment-vote', commentId: 'C1', value: 'UP' }, '/articles/some-article#comment-C1');
    const first = await render(MEMBER);
    expect(first.votes).toEqual([{ commentId: 'C1', value: 'UP' }]);
    expect(first.wrapper.get('.vote__btn--up').attributes('aria-pressed')).toBe('true');
    first.wrapper.unmount();
    const again = await render(MEMBER);
    expect(again.votes).toEqual([]);
    again.wrapper.unmount();
  });

  it('nothing is completed for another account or without a sign-in through the redirect', async () => {
    pending({ kind: 'comment-vote', commentId: 'C1', value: 'UP' }, '/articles/some-article#comment-C1', 'VXNlcjo5OQ==');
    const other = await render(MEMBER);
    expect(other.votes).toEqual([]);
    other.wrapper.unmount();
    pending({ kind: 'comment', articleId: ARTICLE_ID, parentId: null, body: 'Unclaimed' }, '/articles/some-article#comments', null);
    const unclaimed = await render(MEMBER);
    expect(unclaimed.wrapper.get<HTMLTextAreaElement>('.thread__composer textarea').element.value).toBe('');
    unclaimed.wrapper.unmount();
  });
});
