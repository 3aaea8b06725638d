import type { CommentOrder } from '@atrium/schema';
import { computed, type WritableComputedRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { COMMENT_ORDERS } from './useCommentThread';

export const DEFAULT_COMMENT_ORDER: CommentOrder = 'BEST';
export const DEFAULT_REPLIES_ORDER: CommentOrder = 'OLD';

function parseOrder(value: unknown, fallback: CommentOrder): CommentOrder {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return COMMENT_ORDERS.find((o) => o.value === upper)?.value ?? fallback;
}

/**
 * The thread's two orders kept in the URL query (`?sort=new&replies=top`; defaults are left out):
 * a shared link, a reload and back/forward all show the thread as it was sorted. Each change is
 * a history entry, so Back returns to the previous order.
 */
export function useCommentOrderQuery(): { orderBy: WritableComputedRef<CommentOrder>; repliesOrder: WritableComputedRef<CommentOrder> } {
  const route = useRoute();
  const router = useRouter();
  function bind(key: 'sort' | 'replies', fallback: CommentOrder) {
    return computed<CommentOrder>({
      get: () => parseOrder(route.query[key], fallback),
      set(value) {
        const query = { ...route.query };
        if (value === fallback) delete query[key];
        else query[key] = value.toLowerCase();
        void router.push({ query, hash: route.hash });
      },
    });
  }
  return { orderBy: bind('sort', DEFAULT_COMMENT_ORDER), repliesOrder: bind('replies', DEFAULT_REPLIES_ORDER) };
}
