import { toValue, useSSRContext, type MaybeRefOrGetter } from 'vue';

/** What a page says about itself in <head> (server rendering; the browser only uses the title). */
export interface PageHead {
  /** The page's own title; "<title> · <help center>" is added around it. */
  title?: string | null;
  /** Meta description, Open Graph and Twitter description (an article's excerpt). */
  description?: string | null;
  /** Path of the page's canonical URL (query and hash dropped unless given). */
  canonicalPath?: string | null;
  /** Open Graph type. */
  type?: 'website' | 'article';
  /** schema.org objects, each in its own <script type="application/ld+json">. */
  jsonLd?: object[];
  /** Keep search engines from indexing it (search results, not found). */
  noindex?: boolean;
}

/** The context object given to renderToString: filled by the components while they render. */
export interface SsrContext {
  /** HTTP status of the page (404 when a NotFoundPage rendered, 410 for an archived article). */
  status: number;
  /** Head getters, in the order components registered them; read after rendering (later wins). */
  heads: Array<() => PageHead>;
}

/** Registers the page's head while rendering on the server; the browser keeps document.title only. */
export function useHead(head: MaybeRefOrGetter<PageHead>): void {
  if (!import.meta.env.SSR) return;
  const ctx = useSSRContext<SsrContext>();
  ctx?.heads.push(() => toValue(head));
}

/** Sets the status of the server's answer (no effect in the browser). */
export function useHttpStatus(status: number): void {
  if (!import.meta.env.SSR) return;
  const ctx = useSSRContext<SsrContext>();
  if (ctx) ctx.status = status;
}

/** The heads merged: a later non-empty value replaces an earlier one. */
export function mergeHeads(heads: Array<() => PageHead>): PageHead {
  const out: PageHead = {};
  for (const get of heads) {
    const h = get();
    for (const [k, v] of Object.entries(h) as Array<[keyof PageHead, unknown]>) {
      if (v !== undefined && v !== null && v !== '') (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}
