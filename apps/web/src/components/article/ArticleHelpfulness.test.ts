import { ArticleHelpfulness_ArticleFragmentDoc, type ArticleHelpfulness_ArticleFragment } from '@atrium/schema';
import { mount } from '@vue/test-utils';
import type { FormattedExecutionResult } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h, onScopeDispose, shallowRef } from 'vue';
import { claimPendingAction, savePendingAction } from '../../composables/usePendingAction';
import { createTestClient, createTestRouter, deferred, settle } from '../../testing/client';
import { MEMBER, viewerResult } from '../../testing/thread';
import ArticleHelpfulness from './ArticleHelpfulness.vue';

const ID = 'QXJ0aWNsZTox';

function articleData(over: Partial<ArticleHelpfulness_ArticleFragment> = {}) {
  return { __typename: 'Article' as const, id: ID, status: 'PUBLISHED' as const, helpfulCount: 3, voteCount: 13, viewerVote: null, ...over };
}

/** Renders the widget from the cache, as the article page does, so optimistic writes show. */
async function setup(opts: { signedIn?: boolean; viewer?: typeof MEMBER; initial?: Partial<ArticleHelpfulness_ArticleFragment>; vote?: (v: Record<string, unknown>) => Promise<FormattedExecutionResult> } = {}) {
  const votes: Array<Record<string, unknown>> = [];
  const test = createTestClient({
    AppViewer: () => viewerResult(opts.viewer ?? null),
    ArticleHelpfulnessVote: (variables) => {
      votes.push((variables as { input: Record<string, unknown> }).input);
      return opts.vote ? opts.vote(variables) : Promise.resolve({ data: { voteArticle: { __typename: 'ArticlePayload', article: serverArticle(variables) } } });
    },
  });
  let state = articleData(opts.initial);
  // A tiny stand-in for the server: one vote per viewer, counts follow.
  function serverArticle(variables: Record<string, unknown>) {
    const helpful = (variables as { input: { helpful: boolean | null } }).input.helpful;
    const old = state.viewerVote;
    state = {
      ...state,
      helpfulCount: state.helpfulCount - (old === true ? 1 : 0) + (helpful === true ? 1 : 0),
      voteCount: state.voteCount - (old != null ? 1 : 0) + (helpful != null ? 1 : 0),
      viewerVote: helpful,
    };
    return state;
  }
  test.client.cache.writeFragment({ fragment: ArticleHelpfulness_ArticleFragmentDoc, data: state, id: `Article:${ID}` });

  const Harness = defineComponent(() => {
    const article = shallowRef<ArticleHelpfulness_ArticleFragment>();
    const sub = test.client
      .watchFragment({ fragment: ArticleHelpfulness_ArticleFragmentDoc, from: { __typename: 'Article', id: ID } })
      .subscribe((r) => {
        if (r.complete) article.value = r.data as ArticleHelpfulness_ArticleFragment;
      });
    onScopeDispose(() => sub.unsubscribe());
    return () => (article.value ? h(ArticleHelpfulness, { article: article.value, signedIn: opts.signedIn ?? true }) : null);
  });

  const router = createTestRouter('/articles/some-article');
  await router.isReady();
  const wrapper = mount(Harness, { global: { plugins: [router], provide: test.provide } });
  await settle();
  const yes = () => wrapper.get('button[aria-pressed]:nth-of-type(1)');
  const no = () => wrapper.findAll('button[aria-pressed]')[1];
  const summary = () => wrapper.get('[data-testid="helpful-summary"]').text();
  return { wrapper, router, votes, yes, no, summary };
}

describe('ArticleHelpfulness', () => {
  it('renders "3 out of 13 found this helpful" and no pressed button without a vote', async () => {
    const { summary, yes, no } = await setup();
    expect(summary()).toBe('3 out of 13 found this helpful');
    expect(yes().attributes('aria-pressed')).toBe('false');
    expect(no().attributes('aria-pressed')).toBe('false');
  });

  it('says there are no ratings yet when nobody voted', async () => {
    const { summary } = await setup({ initial: { helpfulCount: 0, voteCount: 0 } });
    expect(summary()).toBe('No ratings yet');
  });

  it('highlights the viewer’s current vote', async () => {
    const { yes, no } = await setup({ initial: { viewerVote: false, voteCount: 13 } });
    expect(yes().attributes('aria-pressed')).toBe('false');
    expect(no().attributes('aria-pressed')).toBe('true');
  });

  it('shows a Yes vote at once (optimistic), before the server answers', async () => {
    const gate = deferred<FormattedExecutionResult>();
    const { yes, summary, votes } = await setup({ vote: () => gate.promise });
    await yes().trigger('click');
    await settle();
    expect(votes).toEqual([{ articleId: ID, helpful: true }]);
    expect(summary()).toBe('4 out of 14 found this helpful');
    expect(yes().attributes('aria-pressed')).toBe('true');
    gate.resolve({
      data: { voteArticle: { __typename: 'ArticlePayload', article: articleData({ helpfulCount: 4, voteCount: 14, viewerVote: true }) } },
    });
    await settle();
    expect(summary()).toBe('4 out of 14 found this helpful');
  });

  it('clears the vote when the pressed button is clicked again (helpful: null)', async () => {
    const { yes, summary, votes } = await setup({ initial: { viewerVote: true, helpfulCount: 4, voteCount: 14 } });
    await yes().trigger('click');
    await settle();
    expect(votes).toEqual([{ articleId: ID, helpful: null }]);
    expect(summary()).toBe('3 out of 13 found this helpful');
    expect(yes().attributes('aria-pressed')).toBe('false');
  });

  it('rolls the optimistic vote back and shows the error when the server refuses', async () => {
    const { yes, summary, wrapper } = await setup({
      vote: async () => ({ errors: [{ message: 'Suspended users cannot vote.', extensions: { code: 'FORBIDDEN' } }] }),
    });
    await yes().trigger('click');
    await settle();
    expect(summary()).toBe('3 out of 13 found this helpful');
    expect(wrapper.get('[role="alert"]').text()).toContain('Suspended users cannot vote.');
  });

  it('a No vote opens the optional reason form and sends reason and note', async () => {
    const { no, wrapper, votes, summary } = await setup();
    await no().trigger('click');
    await settle();
    expect(votes).toEqual([{ articleId: ID, helpful: false }]);
    expect(summary()).toBe('3 out of 14 found this helpful');
    await wrapper.get('select#feedback-reason').setValue('OUTDATED');
    await wrapper.get('textarea#feedback-note').setValue('  The screenshots show the old menu.  ');
    await wrapper.get('form').trigger('submit');
    await settle();
    expect(votes[1]).toEqual({ articleId: ID, helpful: false, reason: 'OUTDATED', note: 'The screenshots show the old menu.' });
    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.text()).toContain('Thanks, your feedback helps us improve this article.');
  });

  it('sends anonymous readers to sign in and back, without voting', async () => {
    const { yes, router, votes } = await setup({ signedIn: false });
    await yes().trigger('click');
    await settle();
    expect(votes).toEqual([]);
    expect(router.currentRoute.value.name).toBe('signin');
    expect(router.currentRoute.value.query.redirect).toBe('/articles/some-article#helpful');
    // the vote waits in this tab's sessionStorage, not in the URL
    expect(JSON.parse(sessionStorage.getItem('atrium.pendingAction')!).action).toEqual({ kind: 'article-vote', articleId: ID, helpful: true });
  });
});

describe('ArticleHelpfulness after signing in', () => {
  const RETURN = '/articles/some-article#helpful';
  beforeEach(() => sessionStorage.clear());

  it('casts the vote the reader clicked, once: a second visit sends nothing', async () => {
    savePendingAction({ kind: 'article-vote', articleId: ID, helpful: true }, RETURN);
    claimPendingAction(RETURN, MEMBER.id);
    const first = await setup({ viewer: MEMBER });
    await settle();
    expect(first.votes).toEqual([{ articleId: ID, helpful: true }]);
    expect(first.yes().attributes('aria-pressed')).toBe('true');
    expect(first.wrapper.text()).toContain('Thanks for your feedback!');
    expect(sessionStorage.getItem('atrium.pendingAction')).toBeNull();
    first.wrapper.unmount();

    const again = await setup({ viewer: MEMBER });
    await settle();
    expect(again.votes).toEqual([]);
  });

  it('sets the vote, never toggles it off, when the account had already voted the same', async () => {
    savePendingAction({ kind: 'article-vote', articleId: ID, helpful: true }, RETURN);
    claimPendingAction(RETURN, MEMBER.id);
    const { votes, yes } = await setup({ viewer: MEMBER, initial: { viewerVote: true } });
    await settle();
    expect(votes).toEqual([]);
    expect(yes().attributes('aria-pressed')).toBe('true');
  });

  it('a No opens the reason form after signing in', async () => {
    savePendingAction({ kind: 'article-vote', articleId: ID, helpful: false }, RETURN);
    claimPendingAction(RETURN, MEMBER.id);
    const { votes, wrapper } = await setup({ viewer: MEMBER });
    await settle();
    expect(votes).toEqual([{ articleId: ID, helpful: false }]);
    expect(wrapper.find('#feedback-reason').exists()).toBe(true);
  });

  it('is not cast for another account, nor when nobody signed in through that redirect', async () => {
    savePendingAction({ kind: 'article-vote', articleId: ID, helpful: true }, RETURN);
    claimPendingAction(RETURN, 'VXNlcjo5OQ=='); // someone else signed in
    const other = await setup({ viewer: MEMBER });
    await settle();
    expect(other.votes).toEqual([]);
    expect(sessionStorage.getItem('atrium.pendingAction')).toBeNull(); // dropped
    other.wrapper.unmount();

    savePendingAction({ kind: 'article-vote', articleId: ID, helpful: true }, RETURN); // never claimed
    const unclaimed = await setup({ viewer: MEMBER });
    await settle();
    expect(unclaimed.votes).toEqual([]);
  });

  it('a vote for another article waits for that article', async () => {
    savePendingAction({ kind: 'article-vote', articleId: 'QXJ0aWNsZToy', helpful: true }, '/articles/other#helpful');
    claimPendingAction('/articles/other#helpful', MEMBER.id);
    const { votes } = await setup({ viewer: MEMBER });
    await settle();
    expect(votes).toEqual([]);
    expect(sessionStorage.getItem('atrium.pendingAction')).not.toBeNull();
  });
});
