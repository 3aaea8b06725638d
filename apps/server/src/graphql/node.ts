import { Field, ID, InterfaceType } from 'type-graphql';
import type { NodeType } from './global-id.js';

export const NODE_TYPE = '__nodeType';

/** Rows that travel through the Node interface carry their GraphQL type name. */
export function asNode<T extends object>(type: NodeType, row: T): T {
  // a plain (enumerable) property: compiled executors may copy the value before resolveType
  (row as Record<string, unknown>)[NODE_TYPE] = type;
  return row;
}

@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque id. Fetch any of them with `node(id:)`.',
  resolveType: (value: Record<string, unknown>) => value[NODE_TYPE] as string,
})
export abstract class Node {
  @Field(() => ID, { description: 'The opaque global id of the object.' })
  id!: string;
}
