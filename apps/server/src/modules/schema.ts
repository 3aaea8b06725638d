import type { GraphQLSchema } from 'graphql';
import { buildSchemaOf } from '../graphql/schema.js';
import { AUTHORIZATION } from './authorization.js';
import { resolvers } from './index.js';

let built: Promise<GraphQLSchema> | null = null;

/** The app's schema, built once per process (no database, no listening): also used by emit-schema. */
export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildSchemaOf({ resolvers, authorization: AUTHORIZATION });
  return built;
}
