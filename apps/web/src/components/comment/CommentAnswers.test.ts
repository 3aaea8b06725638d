import { describe, expect, it } from 'vitest';
import { deferred, settle } from '../../testing/client';
import { mountThread } from '../../testing/mountThread';
import { ARTICLE_ID, commentNode, MODERATOR } from '../../testing/thread';

/** Accepted answers and placeholders (issue #18), as the article page renders them, for a moderator. */
const render = (comments: Array<ReturnType<typeof commentNode>>, handlers: Parameters<typeof mountThread>[2] = {}) => mountThread(comments, MODERATOR, handlers);

const answer = {
  __typename: 'Comment' as const,
  id: 'A1',
  bodyHtml: '<p>Open Settings, then Password.</p>',
  createdAt: '2026-11-20T11:00:00.000Z',
  author: { __typename: 'User' as const, id: 'VXNlcjo3', displayName: 'Hal Helper', isStaff: false },
  acceptedBy: { __typename: 'User' as const, id: 'VXNlcjo5', displayName: 'Sam Support' },
};

describe('placeholders', () => {
  it('says a moderator removed a hidden comment kept for its replies: no author, text or hidden badge', async () => {
    const { item } = await render([commentNode({ id: 'C1', status: 'HIDDEN', removedBy: 'MODERATOR', author: null, body: '', bodyHtml: '', replyCount: 1 })]);
    const c = item('C1');
    expect(c.get('.comment__tombstone').text()).toBe('Removed by a moderator');
    expect(c.get('.comment__author').text()).toBe('[removed]');
    expect(c.find('.comment__body').exists()).toBe(false);
    expect(c.text()).not.toContain('Hidden');
    expect(c.find('.vote').exists()).toBe(false);
  });

  it('tells a deletion by its author from a removal by a moderator', async () => {
    const { item } = await render([
      commentNode({ id: 'C1', status: 'DELETED', removedBy: 'AUTHOR', author: null, body: '', bodyHtml: '', replyCount: 1 }),
      commentNode({ id: 'C2', status: 'DELETED', removedBy: 'MODERATOR', author: null, body: '', bodyHtml: '', replyCount: 1 }),
    ]);
    expect(item('C1').get('.comment__tombstone').text()).toBe('This comment was deleted.');
    expect(item('C2').get('.comment__tombstone').text()).toBe('Removed by a moderator');
  });

  it('staff still read a hidden comment with its hidden badge', async () => {
    const { item } = await render([commentNode({ id: 'C1', status: 'HIDDEN', removedBy: 'MODERATOR', hideReason: 'ABUSE', replyCount: 1 })]);
    expect(item('C1').find('.comment__tombstone').exists()).toBe(false);
    expect(item('C1').text()).toContain('Hidden');
    expect(item('C1').get('.comment__body').text()).toContain('Body of C1');
  });

  it('keeps a comment that a live REMOVED event turns into a placeholder, and drops one without replies', async () => {
    const gate = deferred<void>();
    let sent = 0;
    const { wrapper } = await render([commentNode({ id: 'C1', replyCount: 1 }), commentNode({ id: 'C2' })], {
      ArticleCommentEvents: async () => {
        await gate.promise;
        const removed =
          sent++ === 0
            ? commentNode({ id: 'C1', status: 'HIDDEN', removedBy: 'MODERATOR', author: null, body: '', bodyHtml: '', replyCount: 1 })
            : commentNode({ id: 'C2', status: 'DELETED', removedBy: 'MODERATOR', author: null, body: '', bodyHtml: '', replyCount: 0 });
        return { data: { commentEvents: { __typename: 'CommentEvent', kind: 'REMOVED', comment: { ...removed, parent: null, article: { __typename: 'Article', id: ARTICLE_ID, commentCount: 1 } } } } };
      },
    });
    gate.resolve();
    await settle();
    expect(wrapper.get('[data-comment-id="C1"]').get('.comment__tombstone').text()).toBe('Removed by a moderator');
  });
});

describe('accepted answers', () => {
  it('shows the answer first under its question, with who accepted it and a link to it', async () => {
    const { item } = await render([commentNode({ id: 'Q1', acceptedAnswer: answer, replyCount: 2 })]);
    const box = item('Q1').get('[data-testid="accepted-answer"]');
    expect(box.text()).toContain('Answer');
    expect(box.text()).toContain('Open Settings, then Password.');
    expect(box.text()).toContain('by Hal Helper');
    expect(box.text()).toContain('accepted by Sam Support');
    expect(box.get('a').attributes('href')).toBe('#comment-A1');
  });

  it('badges the accepted answer and the staff, separately', async () => {
    const { item } = await render([
      commentNode({ id: 'C1', isAcceptedAnswer: true }),
      commentNode({ id: 'C2', isOfficial: true, author: { __typename: 'User', id: 'VXNlcjo5', handle: 'sam', displayName: 'Sam Support', isStaff: true } }),
    ]);
    expect(item('C1').get('[data-testid="answer-badge"]').text()).toBe('Answer');
    expect(item('C1').text()).not.toContain('Staff');
    expect(item('C2').find('[data-testid="answer-badge"]').exists()).toBe(false);
    expect(item('C2').text()).toContain('Staff');
  });

  it('lets staff mark a reply as the answer and unmark it', async () => {
    const reply = commentNode({ id: 'R1', depth: 1, viewerCanMarkAnswer: true, viewerCanModerate: true });
    const payload = (accepted: boolean) => ({ data: { [accepted ? 'markOfficialAnswer' : 'unmarkOfficialAnswer']: { __typename: 'CommentPayload', comment: { ...reply, isAcceptedAnswer: accepted } } } });
    const { item, test } = await render([reply], {
      WebMarkOfficialAnswer: () => payload(true),
      WebUnmarkOfficialAnswer: () => payload(false),
    });
    const button = () => item('R1').get('[data-testid="answer-toggle"]');
    expect(button().text()).toBe('Mark as answer');
    await button().trigger('click');
    await settle();
    expect(test.calls.find((c) => c.operationName === 'WebMarkOfficialAnswer')?.variables).toEqual({ input: { commentId: 'R1' } });
    expect(button().text()).toBe('Unmark answer');
    expect(item('R1').find('[data-testid="answer-badge"]').exists()).toBe(true);
    await button().trigger('click');
    await settle();
    expect(button().text()).toBe('Mark as answer');
  });

  it('offers no marking to those who may not', async () => {
    const { item } = await render([commentNode({ id: 'R1', depth: 1 })]);
    expect(item('R1').find('[data-testid="answer-toggle"]').exists()).toBe(false);
  });
});
