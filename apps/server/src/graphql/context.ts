import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { Db } from '../db/data-source.js';
import type { Viewer } from '../lib/viewer.js';
import type { Services } from '../modules/services.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface AppDeps {
  db: Db;
  config: Config;
  services: Services;
}

export interface Context extends AppDeps {
  viewer: Viewer | null;
  loaders: Loaders;
  /** Present for HTTP requests (cookies), absent over WebSocket. */
  http?: { req: IncomingMessage; res: ServerResponse };
  ip: string;
}

export function createContext(
  deps: AppDeps,
  viewer: Viewer | null,
  { ws = false, http, ip = '' }: { ws?: boolean; http?: Context['http']; ip?: string } = {},
): Context {
  // graphql-ws keeps one context for a subscription's life: a cache would go stale.
  return { ...deps, viewer, loaders: createLoaders(deps.db, viewer, { cache: !ws }), http, ip };
}
