import { mount } from '@vue/test-utils';
import CommentThread from '../components/comment/CommentThread.vue';
import { createTestClient, createTestRouter, settle } from './client';
import { ARTICLE_ID, silent, threadResult, viewerResult, type commentNode, type Viewer } from './thread';

type Handlers = Parameters<typeof createTestClient>[0];

/** A CommentThread as the article page renders it, reading `comments` through the cache, for one viewer. */
export async function mountThread(comments: Array<ReturnType<typeof commentNode>>, viewer: Viewer | null, handlers: Handlers = {}) {
  const test = createTestClient({
    AppViewer: () => viewerResult(viewer),
    ArticleCommentThread: () => threadResult(comments),
    ArticleCommentEvents: silent,
    ...handlers,
  });
  const router = createTestRouter('/articles/some-article');
  await router.isReady();
  const wrapper = mount(CommentThread, { props: { articleId: ARTICLE_ID }, global: { plugins: [router], provide: test.provide } });
  await settle();
  const item = (id: string) => wrapper.get(`[data-comment-id="${id}"]`);
  return { wrapper, test, router, item };
}
