import type { ApolloClient, ErrorLike, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { ref, shallowRef } from 'vue';
import { useApolloClient } from './apolloClient';

type MutateExtras<TData, TVariables extends OperationVariables> = Partial<
  Omit<ApolloClient.MutateOptions<TData, TVariables>, 'mutation' | 'variables'>
>;

/**
 * `client.mutate` with loading/error refs. `mutate` resolves to the data and rejects on error
 * (the error is also in `error`), so callers can `await` and branch.
 */
export function useMutation<TData, TVariables extends OperationVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  defaults: MutateExtras<TData, TVariables> = {},
) {
  const client = useApolloClient();
  const loading = ref(false);
  const error = shallowRef<ErrorLike | undefined>();

  async function mutate(variables: TVariables, extra: MutateExtras<TData, TVariables> = {}): Promise<TData> {
    loading.value = true;
    error.value = undefined;
    try {
      const result = await client.mutate({
        mutation: document,
        variables,
        ...defaults,
        ...extra,
      } as ApolloClient.MutateOptions<TData, TVariables>);
      if (result.error) throw result.error;
      return result.data as TData;
    } catch (e) {
      error.value = e as ErrorLike;
      throw e;
    } finally {
      loading.value = false;
    }
  }

  return { mutate, loading, error, reset: () => (error.value = undefined) };
}
