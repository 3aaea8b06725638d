import type { FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createTestClient, deferred, settle } from '../../testing/client';
import { mountThread } from '../../testing/mountThread';
import { author, commentNode, MEMBER } from '../../testing/thread';

type Handlers = Parameters<typeof createTestClient>[0];

/** CommentItem as the article page renders it: inside a CommentThread reading the cache. */
const render = (comments: Array<ReturnType<typeof commentNode>>, handlers: Handlers = {}) => mountThread(comments, MEMBER, handlers);

describe('CommentItem', () => {
  it('shows a deleted comment as a tombstone: no author, body or actions', async () => {
    const { item } = await render([commentNode({ id: 'C1', status: 'DELETED', author: null, body: '', bodyHtml: '', replyCount: 2 })]);
    const c = item('C1');
    expect(c.get('.comment__tombstone').text()).toBe('This comment was deleted.');
    expect(c.get('.comment__author').text()).toBe('[deleted]');
    expect(c.find('.comment__body').exists()).toBe(false);
    expect(c.find('.vote').exists()).toBe(false);
  });

  it('marks official answers with a badge, and not other comments', async () => {
    const { item } = await render([
      commentNode({ id: 'C1', isOfficial: true, author: { __typename: 'User', id: 'VXNlcjo5', handle: 'sam', displayName: 'Sam Support', isStaff: true } }),
      commentNode({ id: 'C2' }),
    ]);
    expect(item('C1').classes()).toContain('is-official');
    expect(item('C1').text()).toContain('Staff');
    expect(item('C2').text()).not.toContain('Staff');
  });

  it('shows the awaiting-moderation badge and, to its author, why others can’t see it', async () => {
    const { item } = await render([
      commentNode({ id: 'C1', status: 'PENDING', author: author(MEMBER) }),
      commentNode({ id: 'C2', status: 'PENDING' }),
      commentNode({ id: 'C3' }),
    ]);
    expect(item('C1').get('[data-testid="pending-badge"]').text()).toBe('Awaiting moderation');
    expect(item('C1').text()).toContain('only you and the moderators can see it');
    expect(item('C2').find('[data-testid="pending-badge"]').exists()).toBe(true);
    expect(item('C2').text()).not.toContain('only you and the moderators can see it');
    expect(item('C3').find('[data-testid="pending-badge"]').exists()).toBe(false);
  });

  it('an upvote calls voteComment and shows the new score at once (optimistic)', async () => {
    const gate = deferred<FormattedExecutionResult>();
    const { item, test } = await render([commentNode({ id: 'C1' })], { WebVoteComment: () => gate.promise });
    const up = () => item('C1').get('.vote__btn--up');
    const score = () => item('C1').get('[data-testid="comment-score"]');
    expect(score().text()).toBe('2');
    await up().trigger('click');
    await settle();
    expect(test.calls.filter((c) => c.operationName === 'WebVoteComment').map((c) => c.variables.input)).toEqual([
      { commentId: 'C1', value: 'UP' },
    ]);
    // Before the server answers:
    expect(score().text()).toBe('3');
    expect(score().attributes('aria-label')).toBe('Score 3: 4 up, 1 down');
    expect(up().attributes('aria-pressed')).toBe('true');
    gate.resolve({
      data: { voteComment: { __typename: 'CommentPayload', comment: { __typename: 'Comment', id: 'C1', score: 3, upvotes: 4, downvotes: 1, viewerVote: 'UP' } } },
    });
    await settle();
    expect(score().text()).toBe('3');
    expect(up().attributes('aria-pressed')).toBe('true');
  });

  it('clicking the pressed button again clears the vote (value: null); a refusal rolls back', async () => {
    const { item, test, wrapper } = await render([commentNode({ id: 'C1', viewerVote: 'DOWN', score: 1, upvotes: 3, downvotes: 2 })], {
      WebVoteComment: async () => ({ errors: [{ message: 'Suspended users cannot vote.', extensions: { code: 'FORBIDDEN' } }] }),
    });
    const down = () => item('C1').get('.vote__btn--down');
    expect(down().attributes('aria-pressed')).toBe('true');
    await down().trigger('click');
    await settle();
    expect(test.calls.find((c) => c.operationName === 'WebVoteComment')?.variables.input).toEqual({ commentId: 'C1', value: null });
    expect(item('C1').get('[data-testid="comment-score"]').text()).toBe('1');
    expect(down().attributes('aria-pressed')).toBe('true');
    expect(wrapper.get('[role="alert"]').text()).toContain('Suspended users cannot vote.');
  });

  it('can’t vote on your own comment', async () => {
    const { item } = await render([commentNode({ id: 'C1', author: author(MEMBER) })]);
    expect(item('C1').get('.vote__btn--up').attributes('disabled')).toBeDefined();
    expect(item('C1').get('.vote__btn--down').attributes('disabled')).toBeDefined();
  });
});
