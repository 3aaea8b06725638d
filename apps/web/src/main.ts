import { nextTick } from 'vue';
import { createWebHistory, type Router } from 'vue-router';
import { createApolloClient } from './apollo/client';
import { createAtriumApp } from './app';
import { createRenderClock } from './composables/useFormat';
import { readServerState } from './ssr/state';
import './styles/index.css';

let router: Router | undefined;

const client = createApolloClient({
  onUnauthenticated() {
    const current = router?.currentRoute.value;
    if (!router || !current || current.name === 'signin' || current.name === 'signup') return;
    void router.push({ name: 'signin', query: { redirect: current.fullPath } });
  },
});

// A server-rendered page carries the Apollo cache it was rendered from: the app hydrates that
// HTML from the same data (no request, no mismatch) and only then asks the network again.
const state = readServerState(document);
if (state) {
  client.cache.restore(state.apollo as never);
  client.prioritizeCacheValues = true; // cache-and-network reads the cache while hydrating
}
const clock = createRenderClock(state?.renderedAt ?? null);
const built = createAtriumApp({ client, history: createWebHistory(), hydrate: state !== null, clock });
router = built.router;

void router.isReady().then(async () => {
  built.app.mount('#app');
  if (!state) return;
  await nextTick();
  client.prioritizeCacheValues = false;
  // dates in the reader's own zone and relative to their clock from now on
  clock.now = null;
  clock.stable = false;
});
