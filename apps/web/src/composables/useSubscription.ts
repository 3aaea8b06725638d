import type { ApolloClient, ErrorLike, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { onScopeDispose, ref, shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue';
import { useApolloClient } from './apolloClient';

/**
 * A GraphQL subscription as refs; restarts when the variables change and stops with the
 * component. Pass `enabled: false` (or a getter) to hold it off, e.g. until an id is known.
 */
export function useSubscription<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: MaybeRefOrGetter<NoInfer<TVariables>> = {} as TVariables,
  options: { enabled?: MaybeRefOrGetter<boolean>; onData?: (data: TData) => void } = {},
) {
  const client = useApolloClient();
  const data = shallowRef<TData | undefined>();
  const error = shallowRef<ErrorLike | undefined>();
  const active = ref(false);
  // server rendering: nothing is live there (the browser subscribes once the page hydrated)
  if (import.meta.env.SSR) return { data, error, active, stop: () => {} };
  let stop: (() => void) | undefined;

  function start(vars: TVariables) {
    stop?.();
    active.value = true;
    const sub = client
      .subscribe({ query: document, variables: vars } as ApolloClient.SubscribeOptions<TData, TVariables>)
      .subscribe({
        next(result) {
          if (result.error) error.value = result.error;
          if (result.data) {
            data.value = result.data as TData;
            options.onData?.(result.data as TData);
          }
        },
        error(err: ErrorLike) {
          error.value = err;
          active.value = false;
        },
        complete() {
          active.value = false;
        },
      });
    stop = () => {
      sub.unsubscribe();
      active.value = false;
    };
  }

  watch(
    () => [toValue(options.enabled ?? true), toValue(variables)] as const,
    ([enabled, vars]) => {
      if (enabled) start(vars);
      else stop?.();
    },
    { immediate: true, deep: true },
  );
  onScopeDispose(() => stop?.());

  return { data, error, active, stop: () => stop?.() };
}
