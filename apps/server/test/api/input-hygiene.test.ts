import {
  astFromValue,
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_BODY_MAX_LENGTH, DEFAULT_MAX_LENGTH, inputRulesOf, type InputRules } from '../../src/graphql/input-rules.js';
import { buildSchema } from '../../src/modules/schema.js';
import { buildArticle, buildComment, buildSection, buildUser, type Row, type TestUser } from '../factories.js';
import { app, sql, useTestApp } from '../harness.js';
import { connect } from '../ws/ws-client.js';

/**
 * Issue #17: every string a client sends goes through one rule (graphql/input-rules.ts): no
 * NUL character, at most DEFAULT_MAX_LENGTH characters unless the rule names a larger limit.
 * The walk below finds every String/ID argument and every String/ID input field the schema
 * has, so a field added later is covered without touching this file.
 */

useTestApp();

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  body: { data?: Json | null; errors?: Array<{ message: string; extensions?: Json }> };
}

async function post(query: string, variables: Json = {}, token?: string, method: 'POST' | 'GET' = 'POST'): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res =
    method === 'POST'
      ? await fetch(`${app().url}/graphql`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
      : await fetch(`${app().url}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`, { headers });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: { errors: [{ message: text.slice(0, 300), extensions: { code: 'NON_JSON' } }] } };
  }
}

/** Rows in every table: a refused request writes nothing. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = Number((await sql<{ n: string }>(`select count(*) as n from "${name}"`))[0].n);
  return out;
}

// ---- the schema walk ----

/** One string-holding spot: an argument of some field, or an input field inside it. */
interface Position {
  op: 'query' | 'mutation' | 'subscription';
  /** Fields from the root down to the one taking the argument (that one last). */
  steps: GraphQLField<unknown, unknown>[];
  owner: string;
  arg: GraphQLArgument;
  /** Path inside the argument: input field names, 0 for a list item. */
  inner: (string | number)[];
  /** Schema coordinate the limit is looked up by. */
  coordinate: string;
}

const STRING_LEAVES = new Set(['String', 'ID']);

function* stringSpots(type: GraphQLInputType, inner: (string | number)[], coordinate: string, seen: ReadonlySet<string>): Generator<{ inner: (string | number)[]; coordinate: string }> {
  const t = getNullableType(type);
  if (isListType(t)) return yield* stringSpots(t.ofType, [...inner, 0], coordinate, seen);
  if (isScalarType(t) && STRING_LEAVES.has(t.name)) yield { inner, coordinate };
  if (isInputObjectType(t) && !seen.has(t.name)) {
    for (const f of Object.values(t.getFields())) yield* stringSpots(f.type, [...inner, f.name], `${t.name}.${f.name}`, new Set([...seen, t.name]));
  }
}

function positionsOf(schema: GraphQLSchema, op: Position['op'], root: GraphQLObjectType, deep: boolean): Position[] {
  const out: Position[] = [];
  const seen = new Set<string>([root.name]);
  const queue: Array<{ type: GraphQLNamedType; steps: GraphQLField<unknown, unknown>[] }> = [{ type: root, steps: [] }];
  while (queue.length) {
    const { type, steps } = queue.shift()!;
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        for (const spot of stringSpots(arg.type, [], `${type.name}.${field.name}(${arg.name}:)`, new Set())) {
          out.push({ op, steps: [...steps, field], owner: type.name, arg, ...spot });
        }
      }
      const next = getNamedType(field.type);
      if (deep && (isObjectType(next) || isInterfaceType(next)) && !seen.has(next.name)) {
        seen.add(next.name);
        queue.push({ type: next, steps: [...steps, field] });
      }
    }
  }
  return out;
}

interface Fixtures {
  article: Row;
  comment: Row;
  section: Row;
  member: TestUser;
}
let fx: Fixtures;

function idFor(name: string): string {
  if (/comment|parent|ancestor/i.test(name)) return fx.comment.gid;
  if (/user/i.test(name)) return fx.member.gid;
  if (/section/i.test(name)) return fx.section.gid;
  return fx.article.gid;
}

/** A plausible value for a required position, so only the bad string is wrong. */
function filler(type: GraphQLInputType, name: string): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [filler(t.ofType, name)];
  if (isInputObjectType(t)) {
    const o: Json = {};
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type) && f.defaultValue === undefined) o[f.name] = filler(f.type, f.name);
    return o;
  }
  if (isEnumType(t)) return t.getValues()[0].name;
  switch (t.name) {
    case 'ID':
      return idFor(name);
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return new Date(Date.now() + 86_400_000).toISOString();
    default:
      return name === 'email' ? 'someone@test.example' : 'plain text';
  }
}

/** The argument's value with `bad` at `inner`. */
function withBad(type: GraphQLInputType, inner: readonly (string | number)[], bad: string, name: string): unknown {
  const t = getNullableType(type);
  if (!inner.length) return bad;
  const [head, ...rest] = inner;
  if (isListType(t)) return [withBad(t.ofType, rest, bad, name)];
  if (!isInputObjectType(t)) throw new Error(`cannot reach ${inner.join('.')} in ${String(type)}`);
  const o = filler(t, name) as Json;
  o[head as string] = withBad(t.getFields()[head as string].type, rest, bad, head as string);
  return o;
}

function argumentText(p: Position): string {
  return [p.arg.name, ...p.inner].map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** Required arguments of a field on the way down, as literals. */
function literalArgs(field: GraphQLField<unknown, unknown>, values: Map<string, unknown> = new Map()): string {
  const args = field.args.filter((a) => values.has(a.name) || (isNonNullType(a.type) && a.defaultValue === undefined));
  if (!args.length) return '';
  return `(${args.map((a) => `${a.name}: ${print(astFromValue(values.has(a.name) ? values.get(a.name) : filler(a.type, a.name), a.type)!)}`).join(', ')})`;
}

/** The operation putting `bad` at the position, as a variable or as a literal in the document. */
function operationFor(p: Position, bad: string, as: 'variable' | 'literal'): { query: string; variables: Json } {
  const target = p.steps[p.steps.length - 1];
  const value = withBad(p.arg.type, p.inner, bad, p.arg.name);
  let args: string;
  let defs = '';
  const variables: Json = {};
  if (as === 'literal') {
    args = literalArgs(target, new Map([[p.arg.name, value]]));
  } else {
    const used = target.args.filter((a) => a === p.arg || (isNonNullType(a.type) && a.defaultValue === undefined));
    for (const a of used) variables[a.name] = a === p.arg ? value : filler(a.type, a.name);
    defs = `(${used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})`;
    args = `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})`;
  }
  const leaf = isCompositeType(getNamedType(target.type)) ? ' { __typename }' : '';
  let selection = `${target.name}${args}${leaf}`;
  for (const step of p.steps.slice(0, -1).reverse()) selection = `${step.name}${literalArgs(step)} { ${selection} }`;
  return { query: `${p.op} Walk${defs} { ${selection} }`, variables };
}

let schema: GraphQLSchema;
let rules: InputRules;
let admin: TestUser;
let before: Record<string, number>;

beforeAll(async () => {
  schema = await buildSchema();
  rules = inputRulesOf(app().config);
  const section = await buildSection();
  const article = await buildArticle({ section });
  fx = { article, section, comment: await buildComment({ article }), member: await buildUser() };
  admin = await buildUser({ role: 'ADMIN' });
  before = await rowCounts();
});

function limitOf(p: Position): number {
  return rules.byCoordinate.get(p.coordinate) ?? rules.defaultMaxLength;
}

/** What is wrong with one answer, or null when it is the refusal the rule promises. */
function mismatch(p: Position, a: Answer, kind: 'nul' | 'long'): string | null {
  const errors = a.body.errors ?? [];
  if (errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) return `INTERNAL_SERVER_ERROR: ${JSON.stringify(a.body).slice(0, 300)}`;
  const e = errors.find((x) => x.extensions?.code === 'BAD_USER_INPUT');
  if (!e) return `no BAD_USER_INPUT (${a.status}): ${JSON.stringify(a.body).slice(0, 300)}`;
  const want: Json = { argument: argumentText(p), schemaField: `${p.owner}.${p.steps[p.steps.length - 1].name}` };
  if (kind === 'long') want.maxLength = limitOf(p);
  else want.reason = 'NUL_CHARACTER';
  for (const [k, v] of Object.entries(want)) if (e.extensions?.[k] !== v) return `extensions.${k} is ${JSON.stringify(e.extensions?.[k])}, not ${JSON.stringify(v)}: ${e.message}`;
  if (a.body.data) return `data: ${JSON.stringify(a.body.data).slice(0, 200)}`;
  if (a.status !== 400) return `HTTP ${a.status}`;
  return null;
}

const BAD = { nul: (_p: Position) => 'before\u0000after', long: (p: Position) => 'x'.repeat(limitOf(p) + 1) };

describe('one input rule for every string argument (schema walk)', () => {
  const httpPositions = () => [
    ...positionsOf(schema, 'query', schema.getQueryType()!, true),
    ...positionsOf(schema, 'mutation', schema.getMutationType()!, false),
  ];

  it('finds every String/ID argument of every field and every String/ID input field', () => {
    const positions = httpPositions();
    const covered = new Set(positions.map((p) => p.coordinate));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || type === schema.getSubscriptionType()) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const f of Object.values(type.getFields()))
          for (const a of f.args) if (STRING_LEAVES.has(getNamedType(a.type).name) && !covered.has(`${type.name}.${f.name}(${a.name}:)`)) missing.push(`${type.name}.${f.name}(${a.name}:)`);
      }
      if (isInputObjectType(type)) {
        for (const f of Object.values(type.getFields())) if (STRING_LEAVES.has(getNamedType(f.type).name) && !covered.has(`${type.name}.${f.name}`)) missing.push(`${type.name}.${f.name}`);
      }
    }
    // interface fields are reached through the types that implement them
    expect(missing.filter((m) => !isInterfaceType(schema.getType(m.split('.')[0])))).toEqual([]);
    expect(positions.length).toBeGreaterThan(80);
  });

  it.each([
    ['anonymous', 'nul', 'variable'],
    ['anonymous', 'nul', 'literal'],
    ['anonymous', 'long', 'variable'],
    ['ADMIN', 'nul', 'variable'],
    ['ADMIN', 'nul', 'literal'],
    ['ADMIN', 'long', 'variable'],
  ] as const)('as %s, a %s string in every position (%s) is BAD_USER_INPUT naming it', async (who, kind, as) => {
    const token = who === 'ADMIN' ? admin.token : undefined;
    const failures: string[] = [];
    for (const p of httpPositions()) {
      const { query, variables } = operationFor(p, BAD[kind](p), as);
      const a = await post(query, variables, token);
      const wrong = mismatch(p, a, kind);
      if (wrong) failures.push(`${p.coordinate} ${argumentText(p)}: ${wrong}\n    ${query.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it.each(['anonymous', 'ADMIN'] as const)('as %s, over WebSocket every subscription argument is checked the same way', async (who) => {
    const ws = connect({ as: who === 'ADMIN' ? admin : null });
    try {
      const failures: string[] = [];
      for (const p of positionsOf(schema, 'subscription', schema.getSubscriptionType()!, false)) {
        for (const kind of ['nul', 'long'] as const) {
          const { query, variables } = operationFor(p, BAD[kind](p), 'variable');
          const errors = await ws.subscribeText(query, variables).errors();
          const a: Answer = { status: 400, body: { errors: errors as Answer['body']['errors'] } };
          const wrong = mismatch(p, a, kind);
          if (wrong) failures.push(`${p.coordinate} ${kind}: ${wrong}`);
        }
      }
      expect(failures).toEqual([]);
    } finally {
      await ws.dispose();
    }
  });

  it('nothing was written by any refused request', async () => {
    expect(await rowCounts()).toEqual(before);
  });
});

describe('where the rule looks', () => {
  it('checks literals in fragments, nested fields, lists and variable defaults', async () => {
    const cases: Array<[string, Json, string]> = [
      ['query { ...F } fragment F on Query { article(slug: "a\\u0000") { id } }', {}, 'slug'],
      ['query { articles(first: 1) { nodes { comments(after: "\\u0000") { totalCount } } } }', {}, 'after'],
      ['query Q($s: String = "x\\u0000") { category(slug: $s) { id } }', {}, 'slug'],
      ['query Q($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['ok', 'b\u0000d'] }, 'ids[1]'],
      ['query { __type(name: "Query\\u0000") { name } }', {}, 'name'],
    ];
    for (const [query, variables, argument] of cases) {
      const a = await post(query, variables);
      expect(a.body.errors?.[0]?.extensions, query).toMatchObject({ code: 'BAD_USER_INPUT', argument, reason: 'NUL_CHARACTER' });
    }
  });

  it('leaves strings within the limits alone: a 100,000-character article body and a 10,000-character comment are stored', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const body = `${'a'.repeat(ARTICLE_BODY_MAX_LENGTH - 1)}.`;
    const created = await post(
      'mutation($input: CreateArticleInput!) { createArticle(input: $input) { article { id } } }',
      { input: { sectionId: fx.section.gid, title: 'Long enough', body } },
      agent.token,
    );
    expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();
    const comment = await post(
      'mutation($input: AddCommentInput!) { addComment(input: $input) { comment { id } } }',
      { input: { articleId: fx.article.gid, body: 'c'.repeat(app().config.commentMaxLength) } },
      agent.token,
    );
    expect(comment.body.errors, JSON.stringify(comment.body.errors)).toBeUndefined();
    expect(inputRulesOf(app().config).byCoordinate.get('AddCommentInput.body')).toBe(app().config.commentMaxLength);
  });

  it('says the larger limits in the schema descriptions', () => {
    for (const [coordinate, limit] of rules.byCoordinate) {
      const [type, field] = coordinate.split('.');
      const def = (schema.getType(type) as { getFields(): Record<string, { description?: string | null }> }).getFields()[field];
      expect(def.description, coordinate).toContain(limit.toLocaleString('en-US'));
    }
  });
});

describe('Mutation.banUser: the reason has a limit', () => {
  it('refuses a 900,000-character reason with BAD_USER_INPUT and stores nothing', async () => {
    const target = await buildUser();
    const actions = await rowCounts();
    const a = await post(
      'mutation($input: BanUserInput!) { banUser(input: $input) { user { status } } }',
      { input: { userId: target.gid, reason: 'r'.repeat(900_000) } },
      admin.token,
    );
    expect(a.status).toBe(400);
    expect(a.body.errors?.[0]).toMatchObject({
      message: `Mutation.banUser: input.reason is at most ${DEFAULT_MAX_LENGTH.toLocaleString('en-US')} characters.`,
      extensions: { code: 'BAD_USER_INPUT', field: 'reason', argument: 'input.reason', maxLength: DEFAULT_MAX_LENGTH, actualLength: 900_000 },
    });
    expect((await sql<{ status: string }>('select status from users where id = $1', [target.id]))[0].status).toBe('ACTIVE');
    expect(await rowCounts()).toEqual(actions);
  });

  it('keeps ban reasons to 500 characters like suspension reasons (the moderation rule inside the input rule)', async () => {
    const target = await buildUser();
    const actions = await rowCounts();
    const a = await post(
      'mutation($input: BanUserInput!) { banUser(input: $input) { user { status } } }',
      { input: { userId: target.gid, reason: 'r'.repeat(501) } },
      admin.token,
    );
    expect(a.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await rowCounts()).toEqual(actions);
    const ok = await post(
      'mutation($input: BanUserInput!) { banUser(input: $input) { user { status } } }',
      { input: { userId: target.gid, reason: 'r'.repeat(500) } },
      admin.token,
    );
    expect(ok.body.errors).toBeUndefined();
    expect((await sql<{ status: string }>('select status from users where id = $1', [target.id]))[0].status).toBe('BANNED');
  });
});

describe('subscriptions over HTTP', () => {
  it.each(['POST', 'GET'] as const)('every subscription field over %s is BAD_REQUEST pointing to WebSocket, never a 500', async (method) => {
    for (const field of Object.values(schema.getSubscriptionType()!.getFields())) {
      const p: Position = { op: 'subscription', steps: [field], owner: 'Subscription', arg: field.args[0], inner: [], coordinate: '' };
      const { query, variables } = field.args.length ? operationFor(p, idFor(field.args[0].name), 'variable') : { query: `subscription { ${field.name} { __typename } }`, variables: {} };
      const a = await post(query, variables, admin.token, method);
      expect(a.status, `${method} ${field.name}: ${JSON.stringify(a.body)}`).toBe(400);
      expect(a.body.data ?? null).toBeNull();
      expect(a.body.errors, field.name).toHaveLength(1);
      expect(a.body.errors![0].message).toMatch(/WebSocket.*\/graphql.*graphql-transport-ws/);
      expect(a.body.errors![0].extensions).toMatchObject({ code: 'BAD_REQUEST', operation: 'subscription', protocol: 'graphql-transport-ws' });
    }
  });
});
