import { CombinedGraphQLErrors, type ApolloClient, type ErrorLike, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { print, type DocumentNode } from 'graphql';
import type { InjectionKey } from 'vue';

export type ServerQueryRunner = (
  document: TypedDocumentNode<unknown, OperationVariables> | DocumentNode,
  variables: Record<string, unknown>,
  errorPolicy: 'none' | 'all',
) => Promise<{ data: unknown; error: ErrorLike | undefined }>;

export const ServerQueriesKey: InjectionKey<ServerQueryRunner> = Symbol('ServerQueries');

interface Execute {
  (request: { query: DocumentNode; variables: Record<string, unknown>; operationName?: string }): Promise<{
    data?: Record<string, unknown> | null;
    errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
  }>;
}

/**
 * The page's queries on the server, without Apollo's watching machinery (which costs more than
 * the query itself for one render): an operation already answered for the page (useViewer in
 * five components) is answered once; one whose data the cache already holds (the thread, from
 * the article page's query) is read from it; anything else runs through `execute` (in-process)
 * and is written to the cache once, for the state the browser hydrates from.
 */
export function createServerQueryRunner(client: ApolloClient, execute: Execute): ServerQueryRunner {
  const answers = new Map<string, Promise<{ data: unknown; error: ErrorLike | undefined }>>();
  const transformed = new WeakMap<object, DocumentNode>();
  const keyOf = new WeakMap<object, string>();
  return (document, variables, errorPolicy) => {
    const doc = document as DocumentNode;
    let text = keyOf.get(doc);
    if (text === undefined) keyOf.set(doc, (text = print(doc)));
    const key = `${text}\n${JSON.stringify(variables)}\n${errorPolicy}`;
    let answer = answers.get(key);
    if (answer) return answer;
    answer = (async () => {
      let query = transformed.get(doc);
      if (!query) transformed.set(doc, (query = client.cache.transformDocument(doc)));
      const cached = client.cache.diff<unknown>({ query, variables, returnPartialData: false, optimistic: false });
      if (cached.complete) return { data: cached.result, error: undefined };
      const operationName = doc.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value;
      const result = await execute({ query, variables, operationName });
      const error = result.errors?.length ? new CombinedGraphQLErrors(result as never) : undefined;
      if (result.data) client.cache.writeQuery({ query, variables, data: result.data });
      return { data: error && errorPolicy === 'none' ? undefined : (result.data ?? undefined), error };
    })();
    answers.set(key, answer);
    return answer;
  };
}
