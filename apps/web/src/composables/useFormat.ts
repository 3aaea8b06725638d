import { inject, reactive, type InjectionKey } from 'vue';
import { formatDate, formatDateTime, timeAgo } from '../lib/format';

/**
 * The clock dates are rendered with. On the server and while the browser hydrates the server's
 * HTML, `now` is the server's render time and `stable` formats in UTC/en-US, so both sides
 * produce the same text (no hydration mismatch); main.ts clears both once the app is mounted.
 */
export interface RenderClock {
  now: number | null;
  stable: boolean;
}

export const RenderClockKey: InjectionKey<RenderClock> = Symbol('RenderClock');

export function createRenderClock(now: number | null): RenderClock {
  return reactive({ now, stable: now !== null });
}

/** formatDate / formatDateTime / timeAgo following the app's render clock. */
export function useFormat() {
  const clock = inject(RenderClockKey, null);
  return {
    formatDate: (iso: string | null | undefined) => formatDate(iso, clock?.stable ?? false),
    formatDateTime: (iso: string | null | undefined) => formatDateTime(iso, clock?.stable ?? false),
    timeAgo: (iso: string | null | undefined) => timeAgo(iso, clock?.now ?? Date.now()),
  };
}
