/**
 * The server renderer (Vite SSR build: `dist/.ssr/entry-server.mjs`, built by `vite build` with
 * the client). The server (apps/server/src/http/pages.ts) calls `render` once per page request;
 * GraphQL runs through `execute`, the server's own in-process executor with the reader's
 * viewer, so nothing goes over the network.
 */
import { ApolloClient, ApolloLink } from '@apollo/client';
import type { DocumentNode } from 'graphql';
import { Observable } from 'rxjs';
import { createMemoryHistory } from 'vue-router';
import { renderToString } from 'vue/server-renderer';
import { createCache } from './apollo/client';
import { createAtriumApp } from './app';
import { createRenderClock } from './composables/useFormat';
import { fullTitle, SITE_NAME } from './composables/useTitle';
import { mergeHeads, type PageHead, type SsrContext } from './ssr/context';
import { createServerQueryRunner, ServerQueriesKey } from './ssr/queries';
import { serializeState, STATE_ELEMENT_ID } from './ssr/state';

export interface ExecuteRequest {
  query: DocumentNode;
  variables: Record<string, unknown>;
  operationName?: string;
}

export interface ExecuteResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface RenderOptions {
  /** Path and query of the request ("/articles/x?sort=new"). */
  url: string;
  /** The public origin (PUBLIC_URL): canonical URLs, Open Graph, hreflang, JSON-LD. */
  origin: string;
  /** The help center's language (hreflang); one today, ready for more. */
  locale?: string;
  /** Runs one GraphQL operation as the reader (in-process). */
  execute(request: ExecuteRequest): Promise<ExecuteResult>;
}

export interface RenderResult {
  /** 'shell': a page the server does not render (signed-in pages): send the client shell. */
  kind: 'page' | 'shell';
  status: number;
  /** Inner HTML of #app. */
  appHtml: string;
  /** Tags for <head>: title, description, canonical, hreflang, Open Graph, Twitter, JSON-LD, CSS. */
  headHtml: string;
  /** `<script type="application/json" id="atrium-state">` with the Apollo cache. */
  stateHtml: string;
  /** Modules rendered (Vite's SSR manifest keys: the server adds their CSS and preloads). */
  modules: string[];
  /** What the page shows: 'Article:<id>', 'Section:<id>', 'Category:<id>', 'Comment:<id>', 'User:<id>', and the route's name ('home', 'search', ...). */
  tags: string[];
}

/** Routes rendered on the server: the public reading pages. The rest (sign-in, account, staff tools) stay client-rendered. */
const SERVER_RENDERED = new Set(['home', 'category', 'section', 'article', 'search', 'user', 'not-found']);
/** Cache entries that name what a page shows (the page cache invalidates by them). */
const TAGGED_TYPES = /^(Article|Section|Category|Comment|User):/;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** JSON-LD's site paths ("/articles/x") as absolute URLs. */
function absolutize(value: unknown, origin: string): unknown {
  if (typeof value === 'string') return value.startsWith('/') && !value.startsWith('//') ? origin + value : value;
  if (Array.isArray(value)) return value.map((v) => absolutize(v, origin));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, absolutize(v, origin)]));
  return value;
}

export function renderHead(head: PageHead, opts: { origin: string; path: string; locale: string }): string {
  const title = fullTitle(head.title);
  const description = head.description || `Answers, guides and community help from ${SITE_NAME}.`;
  const canonical = opts.origin + (head.canonicalPath ?? opts.path);
  const tags = [
    `<title>${escapeHtml(title)}</title>`,
    `<meta name="description" content="${escapeHtml(description)}">`,
    head.noindex ? '<meta name="robots" content="noindex">' : '',
    `<link rel="canonical" href="${escapeHtml(canonical)}">`,
    `<link rel="alternate" hreflang="${escapeHtml(opts.locale)}" href="${escapeHtml(canonical)}">`,
    `<link rel="alternate" hreflang="x-default" href="${escapeHtml(canonical)}">`,
    `<meta property="og:site_name" content="${escapeHtml(SITE_NAME)}">`,
    `<meta property="og:type" content="${head.type ?? 'website'}">`,
    `<meta property="og:title" content="${escapeHtml(head.title || SITE_NAME)}">`,
    `<meta property="og:description" content="${escapeHtml(description)}">`,
    `<meta property="og:url" content="${escapeHtml(canonical)}">`,
    `<meta property="og:locale" content="${escapeHtml(opts.locale.replace('-', '_'))}">`,
    '<meta name="twitter:card" content="summary">',
    `<meta name="twitter:title" content="${escapeHtml(head.title || SITE_NAME)}">`,
    `<meta name="twitter:description" content="${escapeHtml(description)}">`,
    ...(head.jsonLd ?? []).map((o) => `<script type="application/ld+json">${serializeState(absolutize(o, opts.origin))}</script>`),
  ];
  return tags.filter(Boolean).join('\n    ');
}

function apolloLink(execute: RenderOptions['execute']): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) => {
        execute({ query: operation.query, variables: operation.variables, operationName: operation.operationName }).then(
          (result) => {
            observer.next(result as ApolloLink.Result);
            observer.complete();
          },
          (err: unknown) => observer.error(err),
        );
      }),
  );
}

export async function render(options: RenderOptions): Promise<RenderResult> {
  const locale = options.locale ?? 'en';
  const client = new ApolloClient({
    ssrMode: true,
    link: apolloLink(options.execute),
    // one render reads each result a few times: memoizing reads (optimism) costs more than it saves
    cache: createCache({ resultCaching: false }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-first' } },
  });
  const renderedAt = Date.now();
  const { app, router } = createAtriumApp({ client, history: createMemoryHistory(), hydrate: true, clock: createRenderClock(renderedAt) });
  app.provide(ServerQueriesKey, createServerQueryRunner(client, options.execute));
  const target = router.resolve(options.url);
  const empty = { appHtml: '', headHtml: '', stateHtml: '', modules: [], tags: [] };
  if (!SERVER_RENDERED.has(String(target.name))) return { kind: 'shell', status: 200, ...empty };

  await router.push(options.url);
  await router.isReady();
  const ctx: SsrContext & { modules?: Set<string> } = { status: 200, heads: [] };
  // a component that throws would leave a hole in the page: the server sends the client shell instead
  const errors: unknown[] = [];
  app.config.errorHandler = (err) => void errors.push(err);
  try {
    const appHtml = await renderToString(app, ctx);
    if (errors.length) throw errors[0];
    const route = router.currentRoute.value;
    const head = renderHead(mergeHeads(ctx.heads), { origin: options.origin, path: route.path, locale });
    const apollo = client.cache.extract() as Record<string, unknown>;
    const tags = new Set<string>([String(route.name)]);
    for (const key of Object.keys(apollo)) if (TAGGED_TYPES.test(key)) tags.add(key);
    const stateHtml = `<script type="application/json" id="${STATE_ELEMENT_ID}">${serializeState({ apollo, renderedAt })}</script>`;
    return { kind: 'page', status: ctx.status, appHtml, headHtml: head, stateHtml, modules: [...(ctx.modules ?? [])], tags: [...tags] };
  } finally {
    client.stop();
  }
}
