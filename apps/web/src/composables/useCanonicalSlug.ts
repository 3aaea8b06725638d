import { toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useRoute, useRouter } from 'vue-router';

/**
 * When a page was opened by an old slug (the server finds items by their slug history), put
 * the current one in the address bar: router.replace, so Back does not return to the old URL.
 */
export function useCanonicalSlug(current: MaybeRefOrGetter<string | null | undefined>): void {
  const route = useRoute();
  const router = useRouter();
  watch(
    () => toValue(current),
    (slug) => {
      if (!slug || route.params.slug === slug) return;
      void router.replace({ name: route.name ?? undefined, params: { ...route.params, slug }, query: route.query, hash: route.hash });
    },
    { immediate: true },
  );
}
