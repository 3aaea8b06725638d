import { GraphQLError, execute, printSchema, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { log } from '../lib/logger.js';

/**
 * Compiled execution (graphql-jit) for Apollo Server 5, which has no `executor` option: the
 * gateway interface is its hook for a custom executor. Apollo still parses, validates (only
 * validated documents reach the executor), runs every plugin and formats every error with
 * formatError; only the execution step is replaced.
 *
 * Compiled queries are cached in an LRU keyed by Apollo's sha256 of the document text and the
 * operation name. A document graphql-jit cannot compile falls back to graphql-js `execute`
 * (remembered, so it is not recompiled on every request).
 */

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;

type Entry = CompiledQuery | 'fallback';

/** A small LRU on Map's insertion order. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
  get size() {
    return this.map.size;
  }
}

export interface JitExecutorOptions {
  /** Compiled documents kept (default 1000). */
  cacheSize?: number;
}

/** graphql-jit loads with the first operation, not at start (it takes ~0.1 s to import). */
let jitModule: Promise<typeof import('graphql-jit')> | null = null;

export function createJitExecutor(schema: GraphQLSchema, opts: JitExecutorOptions = {}) {
  const cache = new Lru<Entry>(opts.cacheSize ?? 1000);

  function compiled(jit: typeof import('graphql-jit'), key: string, document: DocumentNode, operationName: string | null): Entry {
    const { compileQuery, isCompiledQuery } = jit;
    let entry = cache.get(key);
    if (entry) return entry;
    try {
      const result = compileQuery(schema, document, operationName ?? undefined, {
        // graphql-js parity: leaves go through each scalar's serialize (DateTime, enums)
        disableLeafSerialization: false,
        customJSONSerializer: false,
      });
      entry = isCompiledQuery(result) ? result : 'fallback';
      if (entry === 'fallback') log().debug({ errors: (result as ExecutionResult).errors }, 'graphql-jit cannot compile; using graphql-js');
    } catch (err) {
      log().debug({ err }, 'graphql-jit failed to compile; using graphql-js');
      entry = 'fallback';
    }
    cache.set(key, entry);
    return entry;
  }

  const executor: GatewayExecutor = async (rc) => {
    const operationName = rc.operationName ?? rc.request.operationName ?? null;
    const jit = await (jitModule ??= import('graphql-jit'));
    const entry = compiled(jit, `${rc.queryHash}:${operationName ?? ''}`, rc.document, operationName);
    const runGraphqlJs = () =>
      execute({ schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName }) as
        | Promise<ExecutionResult>
        | ExecutionResult;
    if (entry === 'fallback') return runGraphqlJs();
    const result = await entry.query(undefined, rc.context, rc.request.variables ?? {});
    if (!result.errors?.length) return result;
    // request-level errors (variable coercion): no resolver ran, so graphql-js can answer them
    // with its exact messages and AST nodes (Apollo turns those into BAD_USER_INPUT / 400)
    if (result.data == null && result.errors.every((e) => !e.path)) return runGraphqlJs();
    return { ...result, errors: result.errors.map(toGraphQLError) };
  };
  return { executor, cacheSize: () => cache.size };
}

/**
 * graphql-jit's errors are GraphQLError look-alikes without `extensions` (Apollo's error
 * normalization reads `extensions.code`): rebuild them as graphql-js errors, with the same
 * message, path, locations and original error, so formatError sees what graphql-js gives it.
 */
function toGraphQLError(e: GraphQLError): GraphQLError {
  const original = e.originalError ?? undefined;
  const extensions = e.extensions ?? (original as { extensions?: Record<string, unknown> } | undefined)?.extensions;
  const out = new GraphQLError(e.message, { path: e.path, originalError: original, extensions });
  if (e.locations) (out as { locations?: GraphQLError['locations'] }).locations = e.locations;
  if (original?.stack) out.stack = original.stack;
  return out;
}

/** The gateway Apollo Server is given instead of `schema` when compiled execution is on. */
export function jitGateway(schema: GraphQLSchema, opts: JitExecutorOptions = {}): GatewayInterface {
  const { executor } = createJitExecutor(schema, opts);
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async stop() {},
  };
}
