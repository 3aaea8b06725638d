import { CombinedGraphQLErrors, type ApolloClient, type ErrorLike, type OperationVariables, type TypedDocumentNode } from '@apollo/client';
import { ArticleCommentThreadDocument } from '@atrium/schema';
import { print, valueFromASTUntyped, type DocumentNode, type OperationDefinitionNode } from 'graphql';
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

type Variables = Record<string, unknown>;

/** The variables with the operation's declared defaults filled in and the keys sorted: one key per answer. */
function fullVariables(doc: DocumentNode, variables: Variables): Variables {
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const out: Variables = {};
  for (const def of op?.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const value = variables[name] !== undefined ? variables[name] : def.defaultValue ? valueFromASTUntyped(def.defaultValue) : undefined;
    if (value !== undefined) out[name] = value;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Answers one query's result holds for another query of the page, so the second is neither run
 * nor read back from the cache (reading 60 comments out of Apollo's normalized cache cost more
 * than rendering them). ArticlePage spreads CommentThread_comments with the same variables as
 * ArticleCommentThread (the thread's own query): its `article` is the thread's answer.
 */
const DERIVED: Record<string, (variables: Variables, data: Record<string, any>) => Array<[DocumentNode, Variables, unknown]>> = {
  ArticlePage: ({ orderBy, first, after, repliesOrder }, data) =>
    data.article?.id ? [[ArticleCommentThreadDocument, { articleId: data.article.id, orderBy, first, after, repliesOrder }, { article: data.article }]] : [],
};

/** Per document (module constants), for every render: its printed text, and its form for the cache (every page's cache is made by createCache the same way). */
const keyOf = new WeakMap<object, string>();
const transformed = new WeakMap<object, DocumentNode>();

/**
 * The page's queries on the server, without Apollo's watching machinery (which costs more than
 * the query itself for one render): an operation already answered for the page (useViewer in
 * five components) is answered once; one whose data the cache already holds (the thread, from
 * the article page's query) is read from it; anything else runs through `execute` (in-process)
 * and is written to the cache once, for the state the browser hydrates from.
 */
export function createServerQueryRunner(client: ApolloClient, execute: Execute): ServerQueryRunner {
  const answers = new Map<string, Promise<{ data: unknown; error: ErrorLike | undefined }>>();
  const answerKey = (doc: DocumentNode, variables: Variables, errorPolicy: string) => {
    let text = keyOf.get(doc);
    if (text === undefined) keyOf.set(doc, (text = print(doc)));
    return `${text}\n${JSON.stringify(fullVariables(doc, variables))}\n${errorPolicy}`;
  };
  return (document, variables, errorPolicy) => {
    const doc = document as DocumentNode;
    const key = answerKey(doc, variables, errorPolicy);
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
      if (result.data && !error && operationName && DERIVED[operationName]) {
        for (const [derivedDoc, derivedVariables, data] of DERIVED[operationName](fullVariables(doc, variables), result.data)) {
          const derived = Promise.resolve({ data, error: undefined });
          for (const policy of ['none', 'all']) answers.set(answerKey(derivedDoc, derivedVariables, policy), derived);
        }
      }
      return { data: error && errorPolicy === 'none' ? undefined : (result.data ?? undefined), error };
    })();
    answers.set(key, answer);
    return answer;
  };
}
