import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isListType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection.js';
import { BadUserInputError, QueryTooComplexError } from './errors.js';

/**
 * Static limits on one operation, checked once after validation and before execution, on
 * HTTP (an Apollo plugin) and on WebSocket (graphql-ws' onSubscribe): the same function.
 */
export interface OperationLimits {
  /** Deepest field nesting; a top-level leaf is depth 1. Introspection's `ofType` chains do not count. */
  maxDepth: number;
  /** Fields requested under an alias (`a: article { … }`), all of them. */
  maxAliases: number;
  /** Most nodes the operation may ask for, counted like GitHub's node limit. */
  maxNodes: number;
  /** Assumed size of a plain list (`categories`, `sections`, introspection lists). */
  defaultListSize: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxNodes: 500_000,
  defaultListSize: 20,
};

/** What an operation asks for; `nodes` is its cost. */
export interface OperationCost {
  depth: number;
  aliases: number;
  nodes: number;
  /** How many connection pages the operation fetches (GitHub's rate-limit "requests"). */
  requests: number;
}

/**
 * A guard on the walk itself: fragments reused under many distinct fields could make the
 * response shape (and so any walk over it) exponential in the document's size.
 */
const MAX_FIELD_VISITS = 50_000;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  limits: OperationLimits;
  visits: number;
  /** The walk read an argument that holds a variable: its cost depends on the variables. */
  readVariables: boolean;
  depth: number;
  aliases: number;
  nodes: number;
  requests: number;
}

function holdsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(holdsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => holdsVariable(f.value));
  return false;
}

function readArg(w: Walk, value: ValueNode): unknown {
  if (holdsVariable(value)) w.readVariables = true;
  return valueFromASTUntyped(value, w.variables);
}

function argValue(w: Walk, field: FieldNode, name: string): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? readArg(w, arg.value) : undefined;
}

function isConnection(def: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(def.type).name.endsWith('Connection') && def.args.some((a) => a.name === 'first' || a.name === 'last');
}

/**
 * How many items a field multiplies its children by; null for a field that is not a list of
 * nodes (a single object, or a connection's own edges/nodes).
 */
function multiplierOf(w: Walk, parent: GraphQLNamedType, def: GraphQLField<unknown, unknown>, node: FieldNode): number | null {
  if (isConnection(def)) {
    for (const name of ['first', 'last'] as const) {
      const v = argValue(w, node, name);
      if (v === undefined || v === null) continue;
      // the same rule (and message) as graphql/connection.ts, answered before anything runs
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_PAGE_SIZE) {
        throw new BadUserInputError(`\`${name}\` must be between 1 and ${MAX_PAGE_SIZE}.`, { field: name });
      }
      return v;
    }
    return DEFAULT_PAGE_SIZE;
  }
  const type = getNullableType(def.type);
  if (!isListType(type) || !isCompositeType(getNamedType(type))) return null;
  // a connection's own edges/nodes are its page, already counted by the connection
  if (parent.name.endsWith('Connection')) return null;
  // a list picked by ids (`nodes(ids: [...])`) is as long as the list given
  for (const a of node.arguments ?? []) {
    const v = readArg(w, a.value);
    if (Array.isArray(v)) return Math.max(1, v.length);
  }
  return w.limits.defaultListSize;
}

/**
 * Groups a selection set's fields by response key, as graphql-js' collectFields does: a
 * fragment spread is expanded once per selection set, and fields that merge are walked once.
 * `path` holds the fragments being expanded, so a cycle stops instead of recursing forever.
 */
function collect(
  w: Walk,
  set: SelectionSetNode,
  into: Map<string, FieldNode[]>,
  seen: Set<string>,
  path: readonly string[],
): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.alias) w.aliases += 1;
      const key = sel.alias?.value ?? sel.name.value;
      const list = into.get(key);
      if (list) list.push(sel);
      else into.set(key, [sel]);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(w, sel.selectionSet, into, seen, path);
    } else {
      const name = sel.name.value;
      if (path.includes(name)) {
        throw new QueryTooComplexError(`Fragment "${name}" spreads itself.`, { fragmentCycle: [...path, name] });
      }
      if (seen.has(name)) continue;
      seen.add(name);
      const frag = w.fragments.get(name);
      if (frag) collect(w, frag.selectionSet, into, seen, [...path, name]);
    }
  }
}

function walk(w: Walk, parent: GraphQLNamedType, sets: readonly SelectionSetNode[], depth: number, factor: number, path: readonly string[]): void {
  const fields = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  for (const set of sets) collect(w, set, fields, seen, path);
  const defs = 'getFields' in parent ? parent.getFields() : {};
  for (const [, nodes] of fields) {
    if (++w.visits > MAX_FIELD_VISITS) {
      throw new QueryTooComplexError(`The operation selects more than ${MAX_FIELD_VISITS} fields.`, { maxFields: MAX_FIELD_VISITS });
    }
    const node = nodes[0];
    const name = node.name.value;
    // introspection's `ofType` chain follows type wrappers (bounded by the schema): no extra depth
    const here = name === 'ofType' && parent.name === '__Type' ? depth : depth + 1;
    w.depth = Math.max(w.depth, here);
    const def =
      (defs as Record<string, GraphQLField<unknown, unknown>>)[name] ??
      fieldOfPossibleType(w.schema, parent, name) ??
      (name === '__schema' ? w.schema.getQueryType()?.getFields()[name] : undefined) ??
      introspectionField(w.schema, name);
    const subSets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
    if (!def || !subSets.length) continue;
    const m = multiplierOf(w, parent, def, node);
    const inner = factor * (m ?? 1);
    if (m !== null) {
      w.nodes += inner;
      // each parent object fetches this list once
      w.requests += factor;
    }
    if (w.depth > w.limits.maxDepth * 4) return; // the answer is already "too deep": stop walking
    walk(w, getNamedType(def.type), subSets, here, inner, path);
  }
}

/**
 * A field selected on an interface or union through a fragment (`nodes(ids:) { ... on Article
 * { comments } }`) is a field of one of its types: counted like it, so fragments cannot hide cost.
 */
function fieldOfPossibleType(schema: GraphQLSchema, parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!isAbstractType(parent)) return undefined;
  for (const t of schema.getPossibleTypes(parent)) {
    const f = t.getFields()[name];
    if (f) return f;
  }
  return undefined;
}

/** `__schema` and `__type` live on the root query type but are not in getFields(). */
function introspectionField(schema: GraphQLSchema, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name !== '__schema' && name !== '__type') return undefined;
  const t = schema.getType(name === '__schema' ? '__Schema' : '__Type');
  if (!t) return undefined;
  return { name, type: t, args: [] } as unknown as GraphQLField<unknown, unknown>;
}

/**
 * Costs of documents whose cost does not depend on their variables, per limits object (one
 * per app), document (Apollo and graphql-ws hand over the same parsed object for the same
 * text) and operation name: the walk runs once per document instead of once per request.
 */
const fixedCosts = new WeakMap<object, WeakMap<DocumentNode, Map<string, OperationCost>>>();
const NO_LIMITS = {};

/** Measures the depth, aliases and node count of the operation that will run. */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  opts: { operationName?: string | null; limits?: Partial<OperationLimits> } = {},
): OperationCost {
  const limitsKey = opts.limits ?? NO_LIMITS;
  let byDocument = fixedCosts.get(limitsKey);
  if (!byDocument) fixedCosts.set(limitsKey, (byDocument = new WeakMap()));
  const opKey = opts.operationName ?? '';
  const known = byDocument.get(document)?.get(opKey);
  if (known) return known;
  const { cost, readVariables } = walkOperation(schema, document, variables, opts);
  if (!readVariables) {
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map()));
    if (byName.size < 50) byName.set(opKey, cost);
  }
  return cost;
}

function walkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  opts: { operationName?: string | null; limits?: Partial<OperationLimits> },
): { cost: OperationCost; readVariables: boolean } {
  const none = { cost: { depth: 0, aliases: 0, nodes: 0, requests: 0 }, readVariables: false };
  const limits = { ...DEFAULT_OPERATION_LIMITS, ...opts.limits };
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = opts.operationName ? operations.find((o) => o.name?.value === opts.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!op) return none;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // variables not given fall back to their declared defaults
  const vars: Record<string, unknown> = {};
  for (const v of op.variableDefinitions ?? []) {
    if (v.defaultValue) vars[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  }
  Object.assign(vars, variables ?? {});
  const root = op.operation === 'query' ? schema.getQueryType() : op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return none;
  const w: Walk = { schema, fragments, variables: vars, limits, visits: 0, readVariables: false, depth: 0, aliases: 0, nodes: 0, requests: 0 };
  walk(w, root, [op.selectionSet], 0, 1, []);
  return { cost: { depth: w.depth, aliases: w.aliases, nodes: w.nodes, requests: w.requests }, readVariables: w.readVariables };
}

/**
 * Throws QueryTooComplexError (QUERY_TOO_COMPLEX) when the operation is too deep, uses too
 * many aliases or asks for too many nodes, and BadUserInputError when a `first`/`last` is
 * outside 1..100. Returns the measured cost otherwise.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  opts: { operationName?: string | null; limits?: Partial<OperationLimits> } = {},
): OperationCost {
  const limits = { ...DEFAULT_OPERATION_LIMITS, ...opts.limits };
  const cost = measureOperation(schema, document, variables, opts);
  if (cost.depth > limits.maxDepth) {
    throw new QueryTooComplexError(`The operation is nested ${cost.depth > limits.maxDepth * 4 ? 'more than ' + limits.maxDepth * 4 : cost.depth} levels deep; the maximum is ${limits.maxDepth}.`, {
      limit: 'depth',
      maxDepth: limits.maxDepth,
      actual: cost.depth,
    });
  }
  if (cost.aliases > limits.maxAliases) {
    throw new QueryTooComplexError(`The operation uses ${cost.aliases} aliases; the maximum is ${limits.maxAliases}.`, {
      limit: 'aliases',
      maxAliases: limits.maxAliases,
      actual: cost.aliases,
    });
  }
  if (cost.nodes > limits.maxNodes) {
    throw new QueryTooComplexError(
      `The operation could return ${cost.nodes} nodes; the maximum is ${limits.maxNodes}. Ask for smaller pages (first/last).`,
      { limit: 'nodes', maxNodes: limits.maxNodes, actual: cost.nodes },
    );
  }
  return cost;
}

/**
 * Rate-limit points of an operation, GitHub's rule: one per 100 connection pages it
 * fetches, at least one. (The node limit above bounds size; this bounds work per window.)
 */
export function rateLimitPoints(cost: OperationCost): number {
  return Math.max(1, Math.ceil(cost.requests / 100));
}
