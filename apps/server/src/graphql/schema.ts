import 'reflect-metadata';
import { GraphQLInterfaceType, type GraphQLSchema } from 'graphql';
import { buildSchema as buildTypeGraphQLSchema, type NonEmptyArray } from 'type-graphql';
import { schemaPubSub } from '../pubsub/index.js';
import { applyAuthorization, authChecker, type AuthorizationTable } from './authorization.js';
import { useDirectFieldResolvers } from './direct-resolvers.js';
import { NODE_TYPE } from './node.js';
import { DateTimeScalar } from './scalars.js';

export interface SchemaParts {
  /** Every resolver class of the schema. */
  resolvers: NonEmptyArray<Function>;
  /** Who may call which field (graphql/authorization.ts applies it). */
  authorization: AuthorizationTable;
}

/**
 * Builds a schema from the app's resolvers and authorization table (no database, no listening).
 * The app's schema, built once per process, is modules/schema.ts's `buildSchema()`.
 */
export function buildSchemaOf({ resolvers, authorization }: SchemaParts): Promise<GraphQLSchema> {
  return buildTypeGraphQLSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    authChecker,
    // subscriptions use `subscribe:` with the app's pubsub (pubsub/index.ts); type-graphql wants one here anyway
    pubSub: schemaPubSub,
    emitSchemaFile: false,
  }).then((schema) => {
    const roots = [
      [schema.getQueryType(), 'The entry points for reading: the knowledge base, comments, users, search and moderation.'],
      [schema.getMutationType(), 'Every change goes through a mutation that takes one `input` and returns a payload.'],
      [schema.getSubscriptionType(), 'Live events over WebSocket (graphql-transport-ws protocol on /graphql).'],
    ] as const;
    for (const [type, description] of roots) if (type) type.description = description;
    // type-graphql wraps resolveType in an async function; a synchronous one works with
    // every executor (graphql-jit does not await it)
    const node = schema.getType('Node');
    if (node instanceof GraphQLInterfaceType) node.resolveType = (value) => (value as Record<string, string>)[NODE_TYPE];
    useDirectFieldResolvers(schema);
    // after the direct resolvers: the table's check wraps whatever resolver a field ends up with
    // (rows naming no field are reported by test/authorization.test.ts)
    applyAuthorization(schema, authorization);
    return schema;
  });
}
