import type { ApolloClient } from '@apollo/client';
import { createApp, createSSRApp, type App as VueApp } from 'vue';
import type { Router, RouterHistory } from 'vue-router';
import App from './App.vue';
import { provideApolloClient } from './composables/apolloClient';
import { RenderClockKey, type RenderClock } from './composables/useFormat';
import { createAppRouter } from './router';

/**
 * The app as both sides build it: the browser (main.ts, hydrating the server's HTML when there is
 * some) and the server renderer (entry-server.ts, one app per request).
 */
export function createAtriumApp(options: { client: ApolloClient; history: RouterHistory; hydrate: boolean; clock: RenderClock }): {
  app: VueApp;
  router: Router;
} {
  const router = createAppRouter(options.client, options.history);
  const app = options.hydrate ? createSSRApp(App) : createApp(App);
  provideApolloClient(app, options.client);
  app.provide(RenderClockKey, options.clock);
  app.use(router);
  return { app, router };
}
