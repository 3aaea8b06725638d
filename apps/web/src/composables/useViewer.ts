import { AppViewerDocument } from '@atrium/schema';
import { computed } from 'vue';
import { useQuery } from './useQuery';

/** The signed-in user (null when anonymous), shared through the cache by every caller. */
export function useViewer() {
  const { data, loading, error } = useQuery(AppViewerDocument, {}, { fetchPolicy: 'cache-first' });
  const viewer = computed(() => data.value?.viewer ?? null);
  return {
    viewer,
    loading,
    error,
    signedIn: computed(() => viewer.value !== null),
    isStaff: computed(() => viewer.value?.isStaff === true),
  };
}
