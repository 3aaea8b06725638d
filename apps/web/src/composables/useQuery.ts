import type {
  ApolloClient,
  ErrorLike,
  ObservableQuery,
  OperationVariables,
  TypedDocumentNode,
  WatchQueryFetchPolicy,
} from '@apollo/client';
import { NetworkStatus } from '@apollo/client';
import { computed, getCurrentInstance, onScopeDispose, onServerPrefetch, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useApolloClient } from './apolloClient';

export interface UseQueryOptions {
  fetchPolicy?: WatchQueryFetchPolicy;
  /** Keep showing the previous data while new variables load (sort changes, filters). */
  keepPreviousData?: boolean;
  /** When false the query waits (fetchPolicy standby), e.g. until the user typed something. */
  enabled?: MaybeRefOrGetter<boolean>;
  client?: ApolloClient;
  /** 'all' keeps the data that did resolve next to a field's error (lists of mixed targets). */
  errorPolicy?: 'none' | 'all';
}

/**
 * `client.watchQuery` as Vue refs. @vue/apollo-composable does not support Apollo Client 4,
 * so this is our own: data/loading/error follow the cache (optimistic updates, other queries'
 * writes), variables may be reactive, and the watch stops with the component's scope.
 */
export function useQuery<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: MaybeRefOrGetter<NoInfer<TVariables>> = {} as TVariables,
  options: UseQueryOptions = {},
) {
  const client = options.client ?? useApolloClient();
  const data = shallowRef<TData | undefined>();
  const error = shallowRef<ErrorLike | undefined>();
  const networkStatus = ref<NetworkStatus>(NetworkStatus.loading);
  const rawLoading = ref(true);
  const enabled = () => toValue(options.enabled ?? true);
  const loading = computed(() => enabled() && rawLoading.value);
  const policy = (): WatchQueryFetchPolicy =>
    enabled() ? (options.fetchPolicy ?? client.defaultOptions.watchQuery?.fetchPolicy ?? 'cache-first') : 'standby';

  const observable = client.watchQuery({
    query: document,
    variables: toValue(variables),
    notifyOnNetworkStatusChange: true,
    fetchPolicy: policy(),
    ...(options.errorPolicy ? { errorPolicy: options.errorPolicy } : {}),
  } as ApolloClient.WatchQueryOptions<TData, TVariables>) as ObservableQuery<TData, TVariables>;

  // Server rendering: the component renders once its queries have settled (onServerPrefetch).
  let settle: (() => void) | undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const subscription = observable.subscribe({
    next(result) {
      if (!result.loading) settle?.();
      rawLoading.value = result.loading;
      networkStatus.value = result.networkStatus;
      error.value = result.error;
      if (result.data !== undefined || !options.keepPreviousData || !result.loading || result.error) {
        data.value = result.data as TData | undefined;
      }
    },
    error(err: ErrorLike) {
      settle?.();
      rawLoading.value = false;
      error.value = err;
    },
  });
  /** Resolves when the query has an answer (or an error); at once while it is disabled. */
  const ready = () => (enabled() ? settled : Promise.resolve());
  if (import.meta.env.SSR && getCurrentInstance()) onServerPrefetch(ready);

  watch(
    () => [toValue(variables), enabled()] as const,
    ([next, on], [prev, wasOn]) => {
      if (on === wasOn && JSON.stringify(next) === JSON.stringify(prev)) return;
      void observable.reobserve({ variables: next, fetchPolicy: policy() }).catch(() => {});
    },
    { deep: true },
  );

  const unsubscribers: Array<() => void> = [];
  onScopeDispose(() => {
    for (const stop of unsubscribers) stop();
    subscription.unsubscribe();
  });

  return {
    data,
    error,
    loading,
    networkStatus,
    /** True only for the "load more" request, not the first load. */
    fetchingMore: computed(() => networkStatus.value === NetworkStatus.fetchMore),
    refetch: (vars?: Partial<TVariables>) => observable.refetch(vars),
    fetchMore: ((opts) => observable.fetchMore(opts)) as ObservableQuery<TData, TVariables>['fetchMore'],
    /** Live updates merged into this query's result; stops with the component. */
    subscribeToMore: ((opts) => {
      const stop = observable.subscribeToMore(opts);
      unsubscribers.push(stop);
      return stop;
    }) as ObservableQuery<TData, TVariables>['subscribeToMore'],
    observable,
    /** Starts a query that was disabled when the component was set up (server rendering: no watchers run there). */
    ssrStart: async () => {
      if (!enabled()) return;
      rawLoading.value = true;
      await observable.reobserve({ fetchPolicy: policy() }).catch(() => {});
      await settled;
    },
    ready,
  };
}
