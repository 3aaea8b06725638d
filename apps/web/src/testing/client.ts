import { ApolloLink, type ApolloClient } from '@apollo/client';
import type { FormattedExecutionResult } from 'graphql';
import { Observable } from 'rxjs';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { createApolloClient } from '../apollo/client';
import { ApolloClientKey } from '../composables/apolloClient';

type Handler = (variables: Record<string, unknown>) => FormattedExecutionResult | Promise<FormattedExecutionResult>;

export interface TestClient {
  client: ApolloClient;
  /** Every operation the client sent, in order. */
  calls: Array<{ operationName: string; variables: Record<string, unknown> }>;
  /** Install with `global.plugins` / `global.provide` in mount(). */
  provide: Record<symbol, unknown>;
}

/**
 * The real client (cache policies, error link) with the network replaced by handlers keyed by
 * operation name: component tests check what the UI sends and renders, not the server.
 */
export function createTestClient(handlers: Record<string, Handler>, onUnauthenticated?: () => void): TestClient {
  const calls: TestClient['calls'] = [];
  const link = new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const name = operation.operationName ?? '';
        calls.push({ operationName: name, variables: operation.variables });
        const handler = handlers[name];
        if (!handler) {
          observer.error(new Error(`No test handler for operation ${name}`));
          return;
        }
        Promise.resolve(handler(operation.variables)).then(
          (result) => {
            observer.next(result as ApolloLink.Result);
            observer.complete();
          },
          (err: unknown) => observer.error(err),
        );
      }),
  );
  const client = createApolloClient({ link, onUnauthenticated });
  return { client, calls, provide: { [ApolloClientKey as symbol]: client } };
}

export function createTestRouter(initial = '/'): Router {
  const stub = { template: '<div />' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: stub },
      { path: '/signin', name: 'signin', component: stub },
      { path: '/signup', name: 'signup', component: stub },
      { path: '/moderation', name: 'moderation', component: stub },
      { path: '/articles/:slug', name: 'article', component: stub },
      { path: '/sections/:slug', name: 'section', component: stub },
      { path: '/categories/:slug', name: 'category', component: stub },
      { path: '/search', name: 'search', component: stub },
      { path: '/:pathMatch(.*)*', name: 'not-found', component: stub },
    ],
  });
  void router.push(initial);
  return router;
}

/** Resolves after pending promises and Vue updates. */
export async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}

/** A promise with its resolve function, to hold a response until the test lets it go. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
