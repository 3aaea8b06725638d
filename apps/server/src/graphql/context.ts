import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { Db } from '../db/data-source.js';
import type { Viewer } from '../lib/viewer.js';
import type { LoaderOptions } from './loaders.js';

/**
 * What every request shares: the database, the config and the app's services. The services'
 * type is the composition root's (modules/context.ts names the app's own: `AppDeps`).
 */
export interface GraphQLAppDeps<S> {
  db: Db;
  config: Config;
  services: S;
}

/** A request's context, over the app's services `S` and its loaders `L` (modules/context.ts: `Context`). */
export interface GraphQLContext<S, L> extends GraphQLAppDeps<S> {
  viewer: Viewer | null;
  loaders: L;
  /** Present for HTTP requests (cookies), absent over WebSocket. */
  http?: { req: IncomingMessage; res: ServerResponse };
  ip: string;
}

export interface ContextOptions {
  ws?: boolean;
  http?: { req: IncomingMessage; res: ServerResponse };
  ip?: string;
}

/** Builds a request's context; `loaders` makes the request's loaders (a fresh set per request). */
export function createGraphQLContext<S, L>(
  deps: GraphQLAppDeps<S>,
  viewer: Viewer | null,
  loaders: (viewer: Viewer | null, opts: LoaderOptions) => L,
  { ws = false, http, ip = '' }: ContextOptions = {},
): GraphQLContext<S, L> {
  // graphql-ws keeps one context for a subscription's life: a cache would go stale.
  return { ...deps, viewer, loaders: loaders(viewer, { cache: !ws }), http, ip };
}
