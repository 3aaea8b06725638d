import { toValue, watchEffect, type MaybeRefOrGetter } from 'vue';
import { useHead } from '../ssr/context';

export const SITE_NAME: string = import.meta.env.VITE_HELP_CENTER_NAME || 'Help Center';

/** "<page> · <help center>" (or just the help center's name). */
export function fullTitle(title: string | null | undefined): string {
  return title ? `${title} · ${SITE_NAME}` : `${SITE_NAME} · Atrium`;
}

/** Sets document.title to "<page> · <help center>"; on the server, the page's <title>. */
export function useTitle(title: MaybeRefOrGetter<string | null | undefined>): void {
  if (import.meta.env.SSR) {
    useHead(() => ({ title: toValue(title) }));
    return;
  }
  watchEffect(() => {
    document.title = fullTitle(toValue(title));
  });
}
