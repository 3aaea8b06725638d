import { RecordArticleViewDocument, RecordSearchResultOpenedDocument } from '@atrium/schema';
import { onMounted, watch } from 'vue';
import { useApolloClient } from './apolloClient';

/**
 * Article health (#22): tells the server a reader saw the article, once per article the page
 * shows, after it is on screen (never while rendering on the server). A separate small
 * request, so the article page's own query is unchanged; the server counts it in memory.
 */
export function useArticleViewBeacon(articleId: () => string | null | undefined): void {
  if (import.meta.env.SSR) return;
  const client = useApolloClient();
  let last: string | null = null;
  onMounted(() => {
    watch(
      articleId,
      (id) => {
        if (!id || id === last) return;
        last = id;
        void client
          .mutate({ mutation: RecordArticleViewDocument, variables: { input: { articleId: id } }, fetchPolicy: 'no-cache', errorPolicy: 'ignore' })
          .catch(() => {});
      },
      { immediate: true },
    );
  });
}

/** Counts that a reader opened a search result (searches whose results nobody opens show on the dashboard). */
export function useSearchOpenBeacon(): (query: string, articleId: string) => void {
  const client = useApolloClient();
  return (query, articleId) => {
    if (!query.trim()) return;
    void client
      .mutate({ mutation: RecordSearchResultOpenedDocument, variables: { input: { query: query.slice(0, 200), articleId } }, fetchPolicy: 'no-cache', errorPolicy: 'ignore' })
      .catch(() => {});
  };
}
