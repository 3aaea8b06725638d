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
  /**
   * Largest response one operation may produce, in bytes: refused before it runs when its
   * estimate (`OperationCost.bytes`) is larger, and while serializing when the response is.
   */
  maxResponseBytes: number;
  /** Most bytes a large text field can hold, by schema coordinate (`Article.body`); other leaves count a few bytes. */
  largeFieldBytes: Readonly<Record<string, number>>;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxNodes: 500_000,
  defaultListSize: 20,
  maxResponseBytes: 4 * 1024 * 1024,
  largeFieldBytes: {},
};

/** Estimated JSON bytes of a leaf value that is not a large text field (a number, an id, a date). */
const LEAF_BYTES = 24;

/** What an operation asks for; `nodes` is its cost. */
export interface OperationCost {
  depth: number;
  aliases: number;
  nodes: number;
  /**
   * How many fetches the operation makes (GitHub's rate-limit "requests"): one per connection
   * page, and one per id of a list picked by ids (`nodes(ids:)`), whose length is its size.
   */
  requests: number;
  /**
   * Estimated response size in bytes: what the operation certainly asks for. Each field counts
   * its key and value (large text fields at their largest), multiplied by the lists whose length
   * the client states (the ids of `nodes(ids:)`, and aliases, each walked on its own); a
   * connection page or plain list counts one item, since how full it will be is not known
   * before it runs (the serialization cap covers the rest).
   */
  bytes: number;
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
  bytes: number;
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

/** A list whose length the client states: `nodes(ids: [...])` answers one entry per id. */
interface ListByIds {
  byIds: true;
  length: number;
}

/**
 * How many items a field multiplies its children by; null for a field that is not a list of
 * nodes (a single object, or a connection's own edges/nodes).
 */
function multiplierOf(w: Walk, parent: GraphQLNamedType, def: GraphQLField<unknown, unknown>, node: FieldNode): number | ListByIds | null {
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
    if (Array.isArray(v)) return { byIds: true, length: Math.max(1, v.length) };
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

/** Largest bytes of a large text field selected on `parent` (or, on an interface or union, on any of its types). */
function largeFieldBytes(w: Walk, parent: GraphQLNamedType, name: string): number | undefined {
  const sizes = w.limits.largeFieldBytes;
  const own = sizes[`${parent.name}.${name}`];
  if (own !== undefined || !isAbstractType(parent)) return own;
  let most: number | undefined;
  for (const t of w.schema.getPossibleTypes(parent)) {
    const b = sizes[`${t.name}.${name}`];
    if (b !== undefined && (most === undefined || b > most)) most = b;
  }
  return most;
}

/**
 * `factor`: how many times the selection may be answered (lists at their full length: the node
 * count); `known`: how many times it certainly is (only lists by ids: the size estimate).
 */
function walk(
  w: Walk,
  parent: GraphQLNamedType,
  sets: readonly SelectionSetNode[],
  depth: number,
  factor: number,
  known: number,
  path: readonly string[],
): void {
  const fields = new Map<string, FieldNode[]>();
  const seen = new Set<string>();
  for (const set of sets) collect(w, set, fields, seen, path);
  const defs = 'getFields' in parent ? parent.getFields() : {};
  for (const [key, nodes] of fields) {
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
    // `"key":value,`; a leaf's value at its largest when it is a large text field
    w.bytes += known * (key.length + 4 + (subSets.length ? 2 : (largeFieldBytes(w, parent, name) ?? LEAF_BYTES)));
    if (!def || !subSets.length) continue;
    const m = multiplierOf(w, parent, def, node);
    const length = m === null ? 1 : typeof m === 'number' ? m : m.length;
    const inner = factor * length;
    const innerKnown = m !== null && typeof m === 'object' ? known * m.length : known;
    if (m !== null) {
      w.nodes += inner;
      // each parent object fetches a connection page once; a list by ids fetches each of its ids
      // (the same 100 ids under 30 aliases are 3,000 objects to answer, not 30 pages)
      w.requests += typeof m === 'number' ? factor : inner;
    }
    if (w.depth > w.limits.maxDepth * 4) return; // the answer is already "too deep": stop walking
    walk(w, getNamedType(def.type), subSets, here, inner, innerKnown, path);
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
  const none = { cost: { depth: 0, aliases: 0, nodes: 0, requests: 0, bytes: 0 }, readVariables: false };
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
  const w: Walk = { schema, fragments, variables: vars, limits, visits: 0, readVariables: false, depth: 0, aliases: 0, nodes: 0, requests: 0, bytes: 0 };
  // `{"data":{…}}`
  w.bytes = 12;
  walk(w, root, [op.selectionSet], 0, 1, 1, []);
  return {
    cost: { depth: w.depth, aliases: w.aliases, nodes: w.nodes, requests: w.requests, bytes: w.bytes },
    readVariables: w.readVariables,
  };
}

/**
 * Throws QueryTooComplexError (QUERY_TOO_COMPLEX) when the operation is too deep, uses too
 * many aliases, asks for too many nodes or would answer more than maxResponseBytes, and BadUserInputError when a `first`/`last` is
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
  if (cost.bytes > limits.maxResponseBytes) {
    throw new QueryTooComplexError(
      `The response could be about ${cost.bytes} bytes; the maximum is ${limits.maxResponseBytes}. Ask for fewer ids or aliases, or leave out large fields (body, bodyHtml).`,
      { limit: 'responseBytes', maxResponseBytes: limits.maxResponseBytes, estimated: cost.bytes },
    );
  }
  return cost;
}

/**
 * Rate-limit points of an operation, GitHub's rule: one per 100 fetches (connection pages, and
 * each id of a list by ids), at least one. (The node limit above bounds size; this bounds work
 * per window.)
 */
export function rateLimitPoints(cost: OperationCost): number {
  return Math.max(1, Math.ceil(cost.requests / 100));
}
