import type { VoteValue } from '@atrium/schema';
import { nextTick, onScopeDispose, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { safeRedirect } from './useRedirectTarget';

/**
 * What an anonymous reader started before being sent to sign in: completed once, on the page
 * they come back to, for the account that signed in through that redirect.
 */
export type PendingAction =
  | { kind: 'article-vote'; articleId: string; helpful: boolean }
  | { kind: 'comment-vote'; commentId: string; value: VoteValue }
  | { kind: 'comment'; articleId: string; parentId: string | null; body: string };

interface Stored {
  action: PendingAction;
  /** The redirect target the sign-in page was given (a same-origin path). */
  returnTo: string;
  createdAt: number;
  /** Set when someone signs in through that redirect: only their session completes it. */
  userId: string | null;
}

const KEY = 'atrium.pendingAction';
/** A sign-in that takes longer than this was probably abandoned: the action is dropped. */
export const PENDING_MAX_AGE_MS = 15 * 60 * 1000;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // storage disabled: the reader signs in and starts again
  }
}

function read(): Stored | null {
  const raw = storage()?.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Stored;
    if (!s?.action?.kind || typeof s.returnTo !== 'string' || Date.now() - s.createdAt > PENDING_MAX_AGE_MS) throw new Error('stale');
    return s;
  } catch {
    clearPendingAction();
    return null;
  }
}

export function clearPendingAction(): void {
  storage()?.removeItem(KEY);
}

/** Remembers the action for after sign-in (replacing any earlier one). */
export function savePendingAction(action: PendingAction, returnTo: string): void {
  const stored: Stored = { action, returnTo, createdAt: Date.now(), userId: null };
  try {
    storage()?.setItem(KEY, JSON.stringify(stored));
  } catch {
    // full or disabled: nothing to complete later
  }
}

/**
 * Called by the sign-in and sign-up pages once the session exists: an action saved for this
 * redirect target now belongs to `userId`; any other one (another page, or already claimed) is
 * dropped so it is never completed for someone else.
 */
export function claimPendingAction(returnTo: string, userId: string): void {
  const s = read();
  if (!s) return;
  if (s.userId !== null || s.returnTo !== returnTo) {
    clearPendingAction();
    return;
  }
  storage()?.setItem(KEY, JSON.stringify({ ...s, userId }));
}

/**
 * Removes and returns the action when it was claimed by `viewerId` and `matches` it; an action
 * claimed by someone else is dropped. Taking is what makes it run once.
 */
export function takePendingAction<A extends PendingAction>(viewerId: string, matches: (a: PendingAction) => a is A): A | null {
  const s = read();
  if (!s || s.userId === null) return null;
  if (s.userId !== viewerId) {
    clearPendingAction();
    return null;
  }
  if (!matches(s.action)) return null;
  clearPendingAction();
  return s.action;
}

/** Sends an anonymous reader to sign in, back to `returnTo` (path and anchor) with `action` to complete. */
export function useSignInFor() {
  const router = useRouter();
  return (action: PendingAction, returnTo: string) => {
    const target = safeRedirect(returnTo);
    savePendingAction(action, target);
    return router.push({ name: 'signin', query: { redirect: target } });
  };
}

/** The current page's path with `#anchor`, the reader's place to come back to. */
export function useReturnTo() {
  const route = useRoute();
  return (anchor: string) => `${route.path}#${anchor}`;
}

/**
 * Completes a pending action that `matches` as soon as the viewer is known: `run` gets it once
 * (the watch stops after taking it).
 */
export function useCompletePendingAction<A extends PendingAction>(
  viewerId: () => string | null,
  matches: (a: PendingAction) => a is A,
  run: (action: A) => unknown,
): void {
  const stop = watch(
    viewerId,
    (id) => {
      if (!id) return;
      const action = takePendingAction(id, matches);
      queueMicrotask(() => stop());
      // After the component's DOM exists (it may scroll to itself) and outside the query
      // result that rendered it: a write to the cache while Apollo is still delivering that
      // result is not seen by the page's query (the vote would not show).
      if (action) setTimeout(() => void nextTick(() => run(action)), 0);
    },
    { immediate: true },
  );
  onScopeDispose(() => stop());
}
