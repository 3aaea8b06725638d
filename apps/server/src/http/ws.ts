import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config.js';
import { createContext, type AppDeps } from '../modules/context.js';
import { AppError, BadUserInputError, ForbiddenError, formatError, RateLimitedError } from '../graphql/errors.js';
import { checkInputStrings, inputRulesOf } from '../graphql/input-rules.js';
import { checkOperationLimits, rateLimitPoints } from '../graphql/limits.js';
import { log } from '../lib/logger.js';
import type { Viewer } from '../lib/viewer.js';
import { CREDENTIALS_REVOKED, type CredentialsRevokedMessage } from '../pubsub/publisher.js';
import { operationLimitsOf, type ApiRateLimiters } from './api-guard.js';
import { credentialsOf, resolveViewer } from './auth.js';
import { canonicalText, sha256, type Manifest } from './persisted-queries.js';
import { clientIp } from './client.js';

/** Largest message a client may send (ws' maxPayload); bigger ones close the socket with 1009. */
export const WS_MAX_PAYLOAD = 1024 * 1024;
export const GRAPHQL_PATH = '/graphql';

export interface WsServer {
  /** Open sockets. */
  readonly connections: number;
  /** Refuses new sockets, lets in-flight events reach their sockets, then closes every socket with 1001. */
  close(): Promise<void>;
}

interface Connection {
  viewer: Viewer | null;
  ip: string;
}

/** What onConnect resolves, kept on graphql-ws' per-socket `extra`. */
type WsExtra = { connection: Connection };


/** Answers an upgrade request with a plain HTTP error (JSON body, like the rest of /graphql). */
function refuse(socket: Duplex, status: number, message: string, code: string, headers: Record<string, string> = {}) {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  socket.destroy();
}

/** Origins a browser may open a socket from: CORS_ORIGINS and the server's own; no Origin (Node clients, curl) is fine. */
function originAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.has(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Parsed and validated documents by text: thousands of readers of one article send the same
 * subscription, and a DocumentNode is immutable, so they share one (less heap, less CPU).
 */
class DocumentCache {
  private readonly entries = new Map<string, { document: DocumentNode; errors: readonly GraphQLError[] }>();
  constructor(private readonly max = 500) {}
  get(schema: GraphQLSchema, text: string, maxTokens: number): { document: DocumentNode; errors: readonly GraphQLError[] } {
    let hit = this.entries.get(text);
    if (hit) {
      this.entries.delete(text); // most recently used last
      this.entries.set(text, hit);
      return hit;
    }
    const document = parse(text, { maxTokens }); // throws on a syntax error: not cached
    hit = { document, errors: validate(schema, document, specifiedRules) };
    this.entries.set(text, hit);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    return hit;
  }
}

/**
 * Subscriptions whose answer is the same for every subscriber of a visibility class
 * (anonymous readers with the same document and variables) share one execution per event:
 * the event value is one object for all of them (see comment.subscriptions.ts), so its
 * results are cached on it, by the operation's key.
 */
const sharedResults = new WeakMap<object, Map<string, Promise<ExecutionResult> | ExecutionResult>>();
const shareKeys = new WeakMap<object, string>();

function mapStream<T, R>(it: AsyncIterator<T>, fn: (v: T) => Promise<R> | R): AsyncGenerator<R> {
  const out = {
    async next(): Promise<IteratorResult<R>> {
      const r = await it.next();
      return r.done ? { value: undefined, done: true } : { value: await fn(r.value), done: false };
    },
    async return(): Promise<IteratorResult<R>> {
      await it.return?.();
      return { value: undefined, done: true };
    },
    async throw(err: unknown): Promise<IteratorResult<R>> {
      await it.return?.();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return out;
    },
  };
  return out as unknown as AsyncGenerator<R>;
}

async function subscribeShared(args: ExecutionArgs) {
  const key = args.contextValue ? shareKeys.get(args.contextValue as object) : undefined;
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream; // errors before the stream started
  const source = (stream as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  return mapStream(source, (payload) => {
    if (!key || payload === null || typeof payload !== 'object') return execute({ ...args, rootValue: payload });
    let results = sharedResults.get(payload);
    if (!results) sharedResults.set(payload, (results = new Map()));
    let result = results.get(key);
    if (!result) {
      result = execute({ ...args, rootValue: payload });
      results.set(key, result);
    }
    return result;
  });
}

/** A client error as graphql-ws sends it (formatted by onError like every other error). */
function clientError(err: AppError): GraphQLError {
  return new GraphQLError(err.message, { originalError: err });
}

/**
 * GraphQL subscriptions over WebSocket (graphql-transport-ws protocol) on the HTTP server's
 * own port and path. graphql-ws bypasses every Apollo plugin, so this applies the same
 * rules itself: parse (token limit), validate, depth/alias/node limits, rate limits and the
 * persisted-query allow-list; subscriptions only. Errors go through the one formatError.
 */
export function attachWebSocketServer(
  httpServer: Server,
  opts: { schema: GraphQLSchema; deps: AppDeps; config: Config; rateLimiters: ApiRateLimiters; manifest: Manifest | null },
): WsServer {
  const { schema, deps, config, rateLimiters, manifest } = opts;
  const limits = operationLimitsOf(config);
  const inputRules = inputRulesOf(config);
  const allowedOrigins = new Set(config.corsOrigins);
  const perIp = new Map<string, number>();
  let accepting = true;

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD });
  // who opened each authenticated socket, so a revoked credential closes it at once
  const viewers = new Map<WebSocket, Viewer>();
  const stopRevocations = deps.services.pubsub.subscribe<CredentialsRevokedMessage>(CREDENTIALS_REVOKED, (m) => {
    for (const [socket, viewer] of viewers) {
      if (viewer.id === m.userId || m.credentialIds?.includes(viewer.credential.id)) {
        socket.close(CloseCode.Forbidden, 'Your session or token ended; connect again.');
      }
    }
  });
  const documents = new DocumentCache();

  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== GRAPHQL_PATH) return refuse(socket, 404, `WebSocket subscriptions live at ${GRAPHQL_PATH}.`, 'NOT_FOUND');
    if (!accepting) return refuse(socket, 503, 'The server is shutting down.', 'INTERNAL_SERVER_ERROR', { 'Retry-After': '1' });
    if (!originAllowed(req, allowedOrigins)) {
      return refuse(socket, 403, 'This origin may not open a WebSocket here (CORS_ORIGINS).', 'FORBIDDEN');
    }
    const ip = clientIp(req, config.trustProxy);
    const open = perIp.get(ip) ?? 0;
    if (open >= config.wsMaxConnectionsPerIp) {
      return refuse(socket, 429, `At most ${config.wsMaxConnectionsPerIp} WebSocket connections per IP address.`, 'RATE_LIMITED', { 'Retry-After': '10' });
    }
    perIp.set(ip, open + 1);
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      const n = (perIp.get(ip) ?? 1) - 1;
      if (n > 0) perIp.set(ip, n);
      else perIp.delete(ip);
    };
    socket.once('close', release);
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      ws.once('close', release);
      wss.emit('connection', ws, req);
    });
  });

  const server = useServer<Record<string, unknown> | undefined, WsExtra>(
    {
      schema,
      subscribe: subscribeShared,
      connectionInitWaitTimeout: config.wsConnectionInitTimeoutMs,
      onConnect: async (ctx) => {
        const req = ctx.extra.request;
        let viewer: Viewer | null;
        try {
          viewer = await resolveViewer(deps.services.auth, credentialsOf(req.headers, ctx.connectionParams ?? undefined));
        } catch (err) {
          if (err instanceof GraphQLError && err.extensions.code === 'UNAUTHENTICATED') {
            // the protocol's answer to a refused connection_init: close 4403 with the reason
            ctx.extra.socket.close(CloseCode.Forbidden, err.message);
            return false;
          }
          throw err;
        }
        ctx.extra.connection = { viewer, ip: clientIp(req, config.trustProxy) };
        if (viewer) {
          const socket = ctx.extra.socket;
          viewers.set(socket, viewer);
          socket.once('close', () => viewers.delete(socket));
        }
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const connection = ctx.extra.connection!;
        try {
          // graphql-ws marks the subscription before this hook: the count includes this one
          if (Object.keys(ctx.subscriptions).length > config.wsMaxSubscriptionsPerConnection) {
            throw new BadUserInputError(`At most ${config.wsMaxSubscriptionsPerConnection} subscriptions per connection.`, {
              limit: 'subscriptions',
              maxSubscriptions: config.wsMaxSubscriptionsPerConnection,
            });
          }
          if (typeof payload.query !== 'string' || !payload.query) throw new BadUserInputError('Send the subscription text as `query`.', { field: 'query' });
          let document: DocumentNode;
          let invalid: readonly GraphQLError[];
          try {
            ({ document, errors: invalid } = documents.get(schema, payload.query, config.maxQueryTokens));
          } catch (err) {
            const e = err as GraphQLError;
            return [new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
          }
          const operation = getOperationAST(document, payload.operationName);
          if (!operation) {
            throw new BadUserInputError(payload.operationName ? `No operation named "${payload.operationName}".` : 'Send exactly one operation or name the one to run (operationName).');
          }
          if (invalid.length) {
            return invalid.map((e) => new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
          }
          if (operation.operation !== 'subscription') {
            throw new BadUserInputError(`Only subscriptions run over WebSocket; send ${operation.operation === 'query' ? 'queries' : 'mutations'} over HTTP (POST ${GRAPHQL_PATH}).`, {
              operation: operation.operation,
            });
          }
          if (manifest && !manifest.has(sha256(canonicalText(document)))) {
            throw new ForbiddenError('This server only runs registered operations (persisted-query allow-list).', { reason: 'PERSISTED_QUERY_NOT_IN_ALLOWLIST' });
          }
          const cost = checkOperationLimits(schema, document, payload.variables, { operationName: payload.operationName, limits });
          checkInputStrings(schema, document, payload.variables, { operationName: payload.operationName, rules: inputRules });
          const viewer = connection.viewer;
          const budget =
            viewer?.credential.kind === 'api_token'
              ? { limiter: rateLimiters.token, key: viewer.credential.id }
              : viewer
                ? { limiter: rateLimiters.user, key: viewer.id }
                : { limiter: rateLimiters.ip, key: connection.ip };
          const decision = await budget.limiter.consume(budget.key, rateLimitPoints(cost));
          if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
          // one context per subscription, loaders without cache (each event brings fresh ones)
          const contextValue = createContext(deps, viewer, { ws: true, ip: connection.ip });
          // anonymous readers see the same thing: they may share one execution per event
          if (!viewer) shareKeys.set(contextValue, `${payload.operationName ?? ''}\n${JSON.stringify(payload.variables ?? {})}\n${payload.query}`);
          const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
          return args;
        } catch (err) {
          if (err instanceof AppError) return [clientError(err)];
          log().error({ err, id }, 'websocket subscribe failed');
          return [new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR' } })];
        }
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e, { dev: config.isDev })) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e, { dev: config.isDev })),
    },
    wss,
  );

  return {
    get connections() {
      return wss.clients.size;
    },
    async close() {
      accepting = false;
      stopRevocations();
      // in-flight events (read, executed, being sent) first; then 1001 Going Away for everyone
      await deps.services.pubsub.drain(5000);
      const clients = [...wss.clients];
      const allClosed = Promise.all(
        clients.map((c) => (c.readyState === c.CLOSED ? null : new Promise((r) => c.once('close', r)))),
      );
      // a client that does not answer the close handshake is cut off
      const stragglers = setTimeout(() => {
        for (const c of clients) c.terminate();
      }, 3000);
      stragglers.unref();
      await server.dispose();
      // wait for the handshakes: the HTTP server's drain would otherwise cut the sockets (1006)
      await allClosed;
      clearTimeout(stragglers);
    },
  };
}
