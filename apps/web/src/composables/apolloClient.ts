import type { ApolloClient } from '@apollo/client';
import { inject, type App, type InjectionKey } from 'vue';

export const ApolloClientKey: InjectionKey<ApolloClient> = Symbol('ApolloClient');

export function provideApolloClient(app: App, client: ApolloClient): void {
  app.provide(ApolloClientKey, client);
}

/** The client provided by main.ts (or by a test's `global.provide`). */
export function useApolloClient(): ApolloClient {
  const client = inject(ApolloClientKey, null);
  if (!client) throw new Error('No Apollo client: call provideApolloClient(app, client) first.');
  return client;
}
