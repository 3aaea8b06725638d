import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema as buildTypeGraphQLSchema } from 'type-graphql';
import { resolvers } from '../modules/index.js';
import { DateTimeScalar } from './scalars.js';

let built: Promise<GraphQLSchema> | null = null;

/** Builds the schema once per process (no database, no listening): also used by emit-schema. */
export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildTypeGraphQLSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}
