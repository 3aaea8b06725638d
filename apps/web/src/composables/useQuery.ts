import type {
  ApolloClient,
  ErrorLike,
  ObservableQuery,
  OperationVariables,
  TypedDocumentNode,
  WatchQueryFetchPolicy,
} from '@apollo/client';
import { NetworkStatus } from '@apollo/client';
import { computed, inject, onScopeDispose, onServerPrefetch, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { ServerQueriesKey } from '../ssr/queries';
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
): ReturnType<typeof useClientQuery<TData, TVariables>> {
  return import.meta.env.SSR ? useServerQuery(document, variables, options) : useClientQuery(document, variables, options);
}

function useClientQuery<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: MaybeRefOrGetter<NoInfer<TVariables>>,
  options: UseQueryOptions,
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

  const subscription = observable.subscribe({
    next(result) {
      rawLoading.value = result.loading;
      networkStatus.value = result.networkStatus;
      error.value = result.error;
      if (result.data !== undefined || !options.keepPreviousData || !result.loading || result.error) {
        data.value = result.data as TData | undefined;
      }
    },
    error(err: ErrorLike) {
      rawLoading.value = false;
      error.value = err;
    },
  });

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
    /** Server rendering only (see useServerQuery). */
    ssrStart: async () => {},
    ready: async () => {},
  };
}

/**
 * useQuery while rendering on the server: no watching (nothing changes during one render), one
 * answer per operation and variables for the whole page (ssr/queries.ts: executed once, written
 * to the cache once for the page's state), set before the component renders (onServerPrefetch).
 */
function useServerQuery<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: MaybeRefOrGetter<NoInfer<TVariables>>,
  options: UseQueryOptions,
): ReturnType<typeof useClientQuery<TData, TVariables>> {
  const run = inject(ServerQueriesKey);
  if (!run) throw new Error('useQuery on the server needs the query runner of entry-server.ts');
  const data = shallowRef<TData | undefined>();
  const error = shallowRef<ErrorLike | undefined>();
  const rawLoading = ref(true);
  const enabled = () => toValue(options.enabled ?? true);
  let pending: Promise<void> = Promise.resolve();
  const start = () => {
    if (!enabled()) return pending;
    pending = run(document, toValue(variables) as Record<string, unknown>, options.errorPolicy ?? 'none').then((result: { data: unknown; error: ErrorLike | undefined }) => {
      data.value = result.data as TData | undefined;
      error.value = result.error;
      rawLoading.value = false;
    });
    return pending;
  };
  onServerPrefetch(start);
  const never = () => Promise.reject(new Error('not on the server'));
  return {
    data,
    error,
    loading: computed(() => enabled() && rawLoading.value),
    networkStatus: ref(NetworkStatus.ready),
    fetchingMore: computed(() => false),
    refetch: never as never,
    fetchMore: never as never,
    subscribeToMore: (() => () => {}) as never,
    observable: null as never,
    /** Starts a query that was disabled at setup (no watchers run on the server). */
    ssrStart: start,
    /** Resolves once the query (if started) has its answer. */
    ready: () => pending,
  };
}
