/** What the server puts in `<script type="application/json" id="atrium-state">`. */
export interface ServerState {
  /** The Apollo cache (cache.extract()) the HTML was rendered from. */
  apollo: Record<string, unknown>;
  /** Server time the page was rendered at (ms): relative dates hydrate against it. */
  renderedAt: number;
}

export const STATE_ELEMENT_ID = 'atrium-state';

/** The state of a server-rendered page, or null (the client shell, or unreadable state). */
export function readServerState(doc: Document): ServerState | null {
  const el = doc.getElementById(STATE_ELEMENT_ID);
  if (!el?.textContent) return null;
  try {
    const state = JSON.parse(el.textContent) as ServerState;
    return state && typeof state === 'object' && state.apollo ? state : null;
  } catch {
    return null;
  }
}

/**
 * JSON for a `<script type="application/json">` element: `<`, `>` and `&` as \u escapes (no
 * `</script>` or `<!--` can end or change the element), U+2028/U+2029 too (JavaScript line
 * terminators in older engines). JSON.parse reads it back unchanged.
 */
export function serializeState(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
