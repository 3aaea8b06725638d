import { toValue, watchEffect, type MaybeRefOrGetter } from 'vue';

export const SITE_NAME: string = import.meta.env.VITE_HELP_CENTER_NAME || 'Help Center';

/** Sets document.title to "<page> · <help center>" (or just the help center's name). */
export function useTitle(title: MaybeRefOrGetter<string | null | undefined>): void {
  watchEffect(() => {
    const t = toValue(title);
    document.title = t ? `${t} · ${SITE_NAME}` : `${SITE_NAME} · Atrium`;
  });
}
