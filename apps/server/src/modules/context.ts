import { createGraphQLContext, type ContextOptions, type GraphQLAppDeps, type GraphQLContext } from '../graphql/context.js';
import type { Viewer } from '../lib/viewer.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Services } from './services.js';

/** The app's shared dependencies (database, config, services), handed to every request. */
export type AppDeps = GraphQLAppDeps<Services>;

/** A request's context as the resolvers see it: the app's services and loaders. */
export type Context = GraphQLContext<Services, Loaders>;

export function createContext(deps: AppDeps, viewer: Viewer | null, opts: ContextOptions = {}): Context {
  return createGraphQLContext(deps, viewer, (v, o) => createLoaders(deps.db, v, o), opts);
}
