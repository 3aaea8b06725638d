import { createApp } from 'vue';
import { createApolloClient } from './apollo/client';
import App from './App.vue';
import { provideApolloClient } from './composables/apolloClient';
import { createAppRouter } from './router';
import './styles/index.css';

let router: ReturnType<typeof createAppRouter> | undefined;

const client = createApolloClient({
  onUnauthenticated() {
    const current = router?.currentRoute.value;
    if (!router || !current || current.name === 'signin' || current.name === 'signup') return;
    void router.push({ name: 'signin', query: { redirect: current.fullPath } });
  },
});
router = createAppRouter(client);

const app = createApp(App);
provideApolloClient(app, client);
app.use(router);
app.mount('#app');
