import {
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isListType,
  isScalarType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { BadUserInputError } from './errors.js';

/**
 * One rule for every string a client sends (arguments, input fields, at any depth, as
 * literals or variables, on HTTP and WebSocket): no NUL character (PostgreSQL cannot store
 * U+0000 in text) and at most DEFAULT_MAX_LENGTH characters (UTF-16 code units, as
 * `String.length` counts), unless `byCoordinate` names the argument or input field. Checked once per
 * operation, before it runs, next to the operation limits; services keep their own, tighter
 * rules (a title is 1..200). Only arguments and variables are walked, never responses.
 */
export const DEFAULT_MAX_LENGTH = 1_000;
/** Article bodies (markdown): the one rule's limit and the article service's. */
export const ARTICLE_BODY_MAX_LENGTH = 100_000;

export interface InputRules {
  defaultMaxLength: number;
  /** Other limits (larger ones, mostly) by schema coordinate: `InputType.field` or `Type.field(arg:)`. */
  byCoordinate: ReadonlyMap<string, number>;
}

/** The rules of one app: comment bodies follow COMMENT_MAX_LENGTH. */
export function inputRulesOf(config: { commentMaxLength: number }): InputRules {
  return {
    defaultMaxLength: DEFAULT_MAX_LENGTH,
    byCoordinate: new Map([
      ['AddCommentInput.body', config.commentMaxLength],
      ['UpdateCommentInput.body', config.commentMaxLength],
      ['CreateArticleInput.body', ARTICLE_BODY_MAX_LENGTH],
      ['UpdateArticleInput.body', ARTICLE_BODY_MAX_LENGTH],
    ]),
  };
}

type Position = GraphQLArgument | GraphQLInputField;

/** A variable used at some position: its value is checked per request. */
interface Site {
  variable: string;
  type: GraphQLInputType;
  /** The position holds one string (most variables: `$slug: String!`): checked without walking the type. */
  scalar: boolean;
  maxLength: number;
  /** The field it is an argument of (`Mutation.addComment`) and the path in the argument (`['input', 'body']`). */
  schemaField: string;
  path: (string | number)[];
}

interface Plan {
  /** A literal (or a variable's default) that breaks the rule: the same answer every time. */
  error: BadUserInputError | null;
  sites: Site[];
}

/** What one app's rules have worked out: plans per document and operation, limits per schema position. */
interface Cache {
  rules: InputRules;
  plans: WeakMap<DocumentNode, Map<string, Plan>>;
  limits: WeakMap<Position, number>;
  stringy: WeakMap<GraphQLNamedType, boolean>;
}

function maxLengthOf(c: Cache, position: Position, coordinate: () => string): number {
  let n = c.limits.get(position);
  if (n === undefined) c.limits.set(position, (n = c.rules.byCoordinate.get(coordinate()) ?? c.rules.defaultMaxLength));
  return n;
}

/** Whether a value of this type can hold a string (a variable of type Int needs no check). */
function holdsStrings(c: Cache, type: GraphQLInputType): boolean {
  let t = getNullableType(type);
  while (isListType(t)) t = getNullableType(t.ofType);
  const named = t as GraphQLNamedType;
  if (isScalarType(named)) return named.name !== 'Int' && named.name !== 'Float' && named.name !== 'Boolean';
  if (!isInputObjectType(named)) return false; // enums: coercion checks them against their values
  const known = c.stringy.get(named);
  if (known !== undefined) return known;
  c.stringy.set(named, false); // a recursive input type
  const yes = Object.values(named.getFields()).some((f) => holdsStrings(c, f.type));
  c.stringy.set(named, yes);
  return yes;
}

/** Throws BAD_USER_INPUT when a string breaks the rule; two comparisons when it does not. */
function checkString(s: string, maxLength: number, schemaField: string, path: readonly (string | number)[]): void {
  if (s.length > maxLength) {
    const argument = pathText(path);
    throw new BadUserInputError(`${schemaField}: ${argument} is at most ${maxLength.toLocaleString('en-US')} characters.`, {
      field: lastName(path),
      argument,
      schemaField,
      maxLength,
      actualLength: s.length,
    });
  }
  if (s.indexOf('\u0000') >= 0) {
    const argument = pathText(path);
    throw new BadUserInputError(`${schemaField}: ${argument} must not contain NUL characters (U+0000).`, {
      field: lastName(path),
      argument,
      schemaField,
      reason: 'NUL_CHARACTER',
    });
  }
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}
function lastName(path: readonly (string | number)[]): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return '';
}

/** Checks a literal against its type; variables inside it become sites (their defaults are checked here). */
function checkLiteral(
  c: Cache,
  node: ValueNode,
  type: GraphQLInputType,
  maxLength: number,
  at: { schemaField: string; path: (string | number)[]; variables: ReadonlyMap<string, VariableDefinitionNode>; sites: Site[] },
): void {
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (!holdsStrings(c, type)) return;
    at.sites.push({ variable: name, type, scalar: isScalarType(getNullableType(type)), maxLength, schemaField: at.schemaField, path: [...at.path] });
    const def = at.variables.get(name)?.defaultValue;
    if (def) checkLiteral(c, def, type, maxLength, at);
    return;
  }
  const t = getNullableType(type);
  if (isListType(t)) {
    if (node.kind !== Kind.LIST) return checkLiteral(c, node, t.ofType, maxLength, at);
    node.values.forEach((v, i) => {
      at.path.push(i);
      checkLiteral(c, v, t.ofType, maxLength, at);
      at.path.pop();
    });
  } else if (isInputObjectType(t)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = t.getFields();
    for (const f of node.fields) {
      const def = fields[f.name.value];
      if (!def) continue;
      at.path.push(def.name);
      checkLiteral(c, f.value, def.type, maxLengthOf(c, def, () => `${t.name}.${def.name}`), at);
      at.path.pop();
    }
  } else if (node.kind === Kind.STRING) {
    checkString(node.value, maxLength, at.schemaField, at.path);
  }
}

/** A variable's value, as sent (JSON), against the type of the position it is used at. */
function checkValue(c: Cache, value: unknown, type: GraphQLInputType, maxLength: number, site: Site): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (typeof value === 'string') {
    // a string where an input object is expected fails coercion anyway
    if (isScalarType(t) || (isListType(t) && isScalarType(getNullableType(t.ofType)))) checkString(value, maxLength, site.schemaField, site.path);
    return;
  }
  if (typeof value !== 'object') return;
  if (isListType(t)) {
    if (!Array.isArray(value)) return checkValue(c, value, t.ofType, maxLength, site);
    for (let i = 0; i < value.length; i++) {
      site.path.push(i);
      checkValue(c, value[i], t.ofType, maxLength, site);
      site.path.pop();
    }
  } else if (isInputObjectType(t) && !Array.isArray(value)) {
    const fields = t.getFields();
    for (const key in value) {
      const def = fields[key];
      if (!def) continue; // coercion refuses unknown fields
      site.path.push(key);
      checkValue(c, (value as Record<string, unknown>)[key], def.type, maxLengthOf(c, def, () => `${t.name}.${def.name}`), site);
      site.path.pop();
    }
  }
}

function plan(c: Cache, schema: GraphQLSchema, document: DocumentNode, op: OperationDefinitionNode): Plan {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const variables = new Map((op.variableDefinitions ?? []).map((v) => [v.variable.name.value, v]));
  const sites: Site[] = [];
  const expanded = new Set<string>();
  const visit = (parent: GraphQLNamedType | undefined, set: SelectionSetNode): void => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const frag = fragments.get(sel.name.value);
        if (!frag || expanded.has(frag.name.value)) continue;
        expanded.add(frag.name.value);
        visit(schema.getType(frag.typeCondition.name.value) ?? undefined, frag.selectionSet);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) ?? undefined) : parent, sel.selectionSet);
        continue;
      }
      const name = sel.name.value;
      const def: GraphQLField<unknown, unknown> | undefined =
        name === '__type' ? TypeMetaFieldDef : name === '__schema' ? SchemaMetaFieldDef : parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      if (!def) continue; // validation refuses unknown fields before this runs
      const schemaField = `${parent?.name ?? '?'}.${def.name}`;
      for (const arg of sel.arguments ?? []) {
        const a = def.args.find((x) => x.name === arg.name.value);
        if (!a) continue;
        checkLiteral(c, arg.value, a.type, maxLengthOf(c, a, () => `${schemaField}(${a.name}:)`), { schemaField, path: [a.name], variables, sites });
      }
      if (sel.selectionSet) {
        let t = getNullableType(def.type);
        while (isListType(t)) t = getNullableType(t.ofType);
        visit(t as GraphQLNamedType, sel.selectionSet);
      }
    }
  };
  const root = op.operation === 'query' ? schema.getQueryType() : op.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  try {
    visit(root ?? undefined, op.selectionSet);
  } catch (err) {
    if (err instanceof BadUserInputError) return { error: err, sites: [] };
    throw err;
  }
  return { error: null, sites };
}

const caches = new WeakMap<InputRules, Cache>();

/**
 * Throws BadUserInputError (BAD_USER_INPUT, with `field`, `argument`, `schemaField` and
 * `maxLength` or `reason: 'NUL_CHARACTER'`) when a string argument or input field of the
 * operation that will run holds a NUL character or is longer than its limit. The document is
 * walked once per operation (Apollo and graphql-ws reuse parsed documents); a request then
 * checks only the variables that can hold strings.
 */
export function checkInputStrings(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  opts: { operationName?: string | null; rules: InputRules },
): void {
  let c = caches.get(opts.rules);
  if (!c) caches.set(opts.rules, (c = { rules: opts.rules, plans: new WeakMap(), limits: new WeakMap(), stringy: new WeakMap() }));
  let byName = c.plans.get(document);
  if (!byName) c.plans.set(document, (byName = new Map()));
  const key = opts.operationName ?? '';
  let known = byName.get(key);
  if (!known) {
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const op = opts.operationName ? operations.find((o) => o.name?.value === opts.operationName) : operations.length === 1 ? operations[0] : undefined;
    if (!op) return;
    known = plan(c, schema, document, op);
    if (byName.size < 50) byName.set(key, known);
  }
  if (known.error) throw known.error;
  if (!variables) return;
  for (const site of known.sites) {
    const value = variables[site.variable];
    if (value === null || value === undefined) continue;
    if (site.scalar) {
      if (typeof value === 'string') checkString(value, site.maxLength, site.schemaField, site.path);
      continue;
    }
    const depth = site.path.length;
    try {
      checkValue(c, value, site.type, site.maxLength, site);
    } finally {
      site.path.length = depth; // a refusal leaves the walk's path where it stopped
    }
  }
}
