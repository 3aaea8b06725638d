import { useRoute } from 'vue-router';

/**
 * `r` when it is a path of this app ("/articles/x#helpful"), else "/": never another origin
 * ("//host", "/\host", "https://…"), never a backslash or control character.
 */
export function safeRedirect(r: unknown): string {
  // eslint-disable-next-line no-control-regex
  if (typeof r !== 'string' || !r.startsWith('/') || r.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(r)) return '/';
  try {
    const base = 'http://app.invalid'; // resolved against a stand-in origin: only the path part is kept
    const url = new URL(r, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

/** Where to go after signing in: ?redirect= when it is a path of this app, else home. */
export function useRedirectTarget(): () => string {
  const route = useRoute();
  return () => safeRedirect(route.query.redirect);
}
