/** Typed documents and types generated from schema.graphql and operations/ (see codegen.ts). */
export * from './generated/graphql.js';
