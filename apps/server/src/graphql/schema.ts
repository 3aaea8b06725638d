import 'reflect-metadata';
import { GraphQLInterfaceType, type GraphQLSchema } from 'graphql';
import { buildSchema as buildTypeGraphQLSchema } from 'type-graphql';
import { AUTHORIZATION } from '../modules/authorization.js';
import { resolvers } from '../modules/index.js';
import { schemaPubSub } from '../pubsub/index.js';
import { applyAuthorization, authChecker } from './authorization.js';
import { useDirectFieldResolvers } from './direct-resolvers.js';
import { NODE_TYPE } from './node.js';
import { DateTimeScalar } from './scalars.js';

let built: Promise<GraphQLSchema> | null = null;

/** Builds the schema once per process (no database, no listening): also used by emit-schema. */
export function buildSchema(): Promise<GraphQLSchema> {
  built ??= buildTypeGraphQLSchema({
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
    applyAuthorization(schema, AUTHORIZATION);
    return schema;
  });
  return built;
}
