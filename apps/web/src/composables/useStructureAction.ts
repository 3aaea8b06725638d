import type { OperationVariables, TypedDocumentNode } from '@apollo/client';
import { StructurePageDocument } from '@atrium/schema';
import { ref, shallowRef } from 'vue';
import { errorMessage, fieldErrors } from '../apollo/errors';
import { useApolloClient } from './apolloClient';

/**
 * One structure change at a time: runs a mutation, then refetches the structure page (moves
 * and deletes change more than the payload shows); keeps its error for the form that asked.
 */
export function useStructureAction() {
  const client = useApolloClient();
  const busy = ref(false);
  const error = shallowRef<unknown>(null);

  async function run<TData, TVariables extends OperationVariables>(mutation: TypedDocumentNode<TData, TVariables>, variables: TVariables): Promise<boolean> {
    busy.value = true;
    error.value = null;
    try {
      const result = await client.mutate({ mutation, variables, refetchQueries: [StructurePageDocument], awaitRefetchQueries: true } as never);
      if ((result as { error?: unknown }).error) throw (result as { error?: unknown }).error;
      return true;
    } catch (e) {
      error.value = e;
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    busy,
    error,
    run,
    message: () => (error.value ? errorMessage(error.value) : ''),
    fields: () => fieldErrors(error.value),
    reset: () => (error.value = null),
  };
}
