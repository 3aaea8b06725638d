import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, type InMemoryCacheConfig } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { isSubscriptionOperation, relayStylePagination } from '@apollo/client/utilities';
import { possibleTypes } from '@atrium/schema';
import { Observable, type Subscription } from 'rxjs';

export interface AtriumClientOptions {
  /** Where GraphQL lives; same origin in production (the server serves this app). */
  uri?: string;
  /** Called when the server answers UNAUTHENTICATED to an operation that needed a viewer. */
  onUnauthenticated?: () => void;
  /** Replaces the network (component tests). */
  link?: ApolloLink;
}

/**
 * Paginated connections merge their pages (relayStylePagination) under the arguments that pick
 * the list, never the cursors. Views read them through `edges` (relayStylePagination keeps
 * `nodes` only as an unmerged extra).
 */
export function createCache(options: Pick<InMemoryCacheConfig, 'resultCaching'> = {}): InMemoryCache {
  return new InMemoryCache({
    ...options,
    // fragments on an interface (`target { ... on Comment }` under Node) match its members
    possibleTypes,
    typePolicies: {
      Query: {
        fields: {
          // article(id:) finds an article another query brought (the article page's query holds
          // its thread: CommentThread's own query reads it from there instead of asking again)
          article: {
            read(existing, { args, toReference }) {
              if (existing !== undefined || typeof args?.id !== 'string') return existing;
              return toReference({ __typename: 'Article', id: args.id });
            },
          },
          articles: relayStylePagination(['sectionId', 'label', 'promoted', 'orderBy']),
          search: relayStylePagination(['query', 'sectionId', 'label']),
          moderationQueue: relayStylePagination(['status']),
          moderationLog: relayStylePagination(['moderatorId', 'action', 'userId']),
          mailOutbox: relayStylePagination(['status', 'to']),
          viewer: { merge: false },
        },
      },
      Section: { fields: { articles: relayStylePagination(['orderBy']) } },
      // Staff-only connections (revisions, feedback) are null for readers: relayStylePagination
      // would store an empty connection for null, so they keep the default (all args as key).
      Article: { fields: { comments: relayStylePagination(['orderBy']) } },
      Comment: { fields: { replies: relayStylePagination(['orderBy']) } },
      User: { fields: { apiTokens: { merge: false } } },
    },
  });
}

function wsUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}

/**
 * Subscriptions go over graphql-ws, but nothing (not even the library) loads until the first
 * subscription starts: most readers never open a socket, and the initial bundle stays small.
 * The session cookie rides on the WebSocket upgrade, so no token is sent in connection_init.
 */
function lazyWsLink(path: string): ApolloLink {
  let loading: Promise<ApolloLink> | undefined;
  const load = () =>
    (loading ??= Promise.all([import('graphql-ws/client'), import('@apollo/client/link/subscriptions')]).then(
      ([{ createClient }, { GraphQLWsLink }]) =>
        new GraphQLWsLink(createClient({ url: wsUrl(path), lazy: true, retryAttempts: 20, keepAlive: 15_000 })),
    ));
  return new ApolloLink(
    (operation, forward) =>
      new Observable<ApolloLink.Result>((observer) => {
        let inner: Subscription | undefined;
        let closed = false;
        load().then(
          (link) => {
            if (!closed) inner = link.request(operation, forward).subscribe(observer);
          },
          (err: unknown) => observer.error(err),
        );
        return () => {
          closed = true;
          inner?.unsubscribe();
        };
      }),
  );
}

export function createApolloClient(options: AtriumClientOptions = {}): ApolloClient {
  const uri = options.uri ?? '/graphql';
  const errorLink = new ErrorLink(({ error, operation }) => {
    if (!CombinedGraphQLErrors.is(error)) return;
    const unauthenticated = error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    // signIn answers UNAUTHENTICATED for a wrong password: the form shows that itself.
    if (unauthenticated && operation.getContext().authRedirect !== false) options.onUnauthenticated?.();
  });
  const network =
    options.link ??
    ApolloLink.split(
      ({ query }) => isSubscriptionOperation(query),
      lazyWsLink(uri),
      // JSON POST with the session cookie: satisfies the server's CSRF rule.
      new HttpLink({ uri, credentials: 'include' }),
    );
  return new ApolloClient({
    link: ApolloLink.from([errorLink, network]),
    cache: createCache(),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' } },
  });
}
