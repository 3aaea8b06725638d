import { useRoute } from 'vue-router';

/** Where to go after signing in: ?redirect= when it is a path of this app, else home. */
export function useRedirectTarget(): () => string {
  const route = useRoute();
  return () => {
    const r = route.query.redirect;
    return typeof r === 'string' && r.startsWith('/') && !r.startsWith('//') ? r : '/';
  };
}
