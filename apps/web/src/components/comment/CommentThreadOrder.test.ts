import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestClient, createTestRouter, settle } from '../../testing/client';
import { ARTICLE_ID, commentNode, MEMBER, silent, threadResult, viewerResult } from '../../testing/thread';
import CommentThread from './CommentThread.vue';

/** The thread on an article page whose URL is `path`; what it asked the server, and the router. */
async function render(path: string) {
  const test = createTestClient({
    AppViewer: () => viewerResult(MEMBER),
    ArticleCommentThread: () => threadResult([commentNode({ id: 'C1' })]),
    ArticleCommentEvents: silent,
  });
  const router = createTestRouter(path);
  await router.isReady();
  const wrapper = mount(CommentThread, { props: { articleId: ARTICLE_ID }, global: { plugins: [router], provide: test.provide }, attachTo: document.body });
  await settle();
  const asked = () =>
    test.calls.filter((c) => c.operationName === 'ArticleCommentThread').map((c) => `${c.variables.orderBy}/${c.variables.repliesOrder}`);
  const selected = () => [(wrapper.get('#comment-sort').element as HTMLSelectElement).value, (wrapper.get('#replies-sort').element as HTMLSelectElement).value];
  return { wrapper, router, asked, selected };
}

describe('CommentThread orders in the URL', () => {
  it('without a query: Best, replies oldest first, and the URL stays clean', async () => {
    const { wrapper, router, asked, selected } = await render('/articles/some-article');
    expect(asked()).toEqual(['BEST/OLD']);
    expect(selected()).toEqual(['BEST', 'OLD']);
    expect(router.currentRoute.value.fullPath).toBe('/articles/some-article');
    wrapper.unmount();
  });

  it('reads both orders from the query (as on a reload or a shared link); unknown values fall back', async () => {
    const { wrapper, asked, selected } = await render('/articles/some-article?sort=new&replies=TOP');
    expect(asked()).toEqual(['NEW/TOP']);
    expect(selected()).toEqual(['NEW', 'TOP']);
    wrapper.unmount();
    const odd = await render('/articles/some-article?sort=loudest&replies=');
    expect(odd.asked()).toEqual(['BEST/OLD']);
    odd.wrapper.unmount();
  });

  it('choosing an order writes it to the URL (defaults dropped); back and forward restore each order', async () => {
    const { wrapper, router, asked, selected } = await render('/articles/some-article#comments');
    await wrapper.get('#comment-sort').setValue('NEW');
    await settle();
    expect(router.currentRoute.value.fullPath).toBe('/articles/some-article?sort=new#comments');
    await wrapper.get('#replies-sort').setValue('BEST');
    await settle();
    expect(router.currentRoute.value.query).toEqual({ sort: 'new', replies: 'best' });
    expect(asked()).toEqual(['BEST/OLD', 'NEW/OLD', 'NEW/BEST']);

    router.back();
    await settle(6);
    expect(router.currentRoute.value.query).toEqual({ sort: 'new' });
    expect(selected()).toEqual(['NEW', 'OLD']);
    router.back();
    await settle(6);
    expect(selected()).toEqual(['BEST', 'OLD']);
    router.forward();
    await settle(6);
    expect(selected()).toEqual(['NEW', 'OLD']);

    await wrapper.get('#comment-sort').setValue('BEST');
    await settle();
    expect(router.currentRoute.value.query).toEqual({});
    wrapper.unmount();
  });
});
