import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { type ErrorRequestHandler } from 'express';
import type { Config } from '../config.js';
import { openDatabase, type Database } from '../modules/database.js';
import { seedDemo } from '../modules/seed/demo.js';
import { createContext, type Context } from '../modules/context.js';
import { formatError } from '../graphql/errors.js';
import { cappedStringifyResult } from '../graphql/response-size.js';
import { buildSchema } from '../modules/schema.js';
import { jitGateway } from '../graphql/executor.js';
import { configureLogger, log } from '../lib/logger.js';
import { requestStorage, type RequestStore } from '../lib/request-context.js';
import { createServices, type Services } from '../modules/services.js';
import { apiGuardPlugin, createApiRateLimiters } from './api-guard.js';
import { credentialsOf, resolveViewer } from './auth.js';
import { clientIp } from './client.js';
import { csrfGuard } from './csrf.js';
import { inputGuardPlugin } from './input-guard.js';
import { bodyTooLargeMessage, EXPOSED_HEADERS, graphqlHttpHandler } from './graphql-http.js';
import { mountGraphiql } from './graphiql.js';
import { allowlistPlugin, createApqCache, manifestCache, readManifest } from './persisted-queries.js';
import { mountHealth } from './health.js';
import { mountOidc } from './oidc.js';
import { slugRedirects } from './slug-redirects.js';
import { zendeskRedirects } from './zendesk-redirects.js';
import { staticAssets } from './static-assets.js';
import { createPageRenderer, mountSeoFiles, PAGE_ROUTE } from './pages.js';
import { createPageCache, pageCacheHits, pageCachePlugin, serveCachedPage } from './page-cache-http.js';
import { mountUnsubscribe } from '../modules/notification/notification-unsubscribe.http.js';
import { mountFiles } from '../modules/file/file.http.js';
import { requestIdOf, setSecurityHeaders } from './security-headers.js';
import { createMetrics, instrumentApp, mountMetrics, observabilityPlugin } from './observability.js';
import { attachWebSocketServer } from './ws.js';

export interface App {
  url: string;
  port: number;
  database: Database;
  services: Services;
  config: Config;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1024 * 1024;

function defaultWebDist(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

/** Sets x-sql-statements (for the bench and the constant-SQL test); only with config.exposeSqlCount. */
const sqlCountPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const store = requestStorage.getStore();
        if (store) response.http.headers.set('x-sql-statements', String(store.sqlStatements));
      },
    };
  },
};

/** Builds and starts the whole app: database (migrated), GraphQL over HTTP, health, the web client. */
export async function createApp(config: Config, opts: { database?: Database } = {}): Promise<App> {
  configureLogger(config.logLevel, config.isDev && process.stdout.isTTY === true);
  const database = opts.database ?? (await openDatabase(config));
  if (config.seedDemo) await seedDemo(database.ds, { password: config.demoPassword });
  const services = createServices(database.ds, config);
  const deps = { db: database.ds, config, services };
  const schema = await buildSchema();

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are not revalidated by ETag: hashing every response body costs CPU for nothing
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  // POST/GET /graphql are answered by graphqlHttp (http/graphql-http.ts) once Apollo has started;
  // everything else, and what that path leaves (preflights, compressed bodies), goes to Express
  let graphqlHttp: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null = null;
  const httpServer = http.createServer((req, res) => {
    if (!graphqlHttp?.(req, res)) app(req, res);
  });
  // a request that takes longer than this is cut (its transaction rolls back); statements have their own timeout
  httpServer.requestTimeout = 30_000;
  httpServer.headersTimeout = 15_000;
  let accepting = true;

  // every request of both paths (Express and graphqlHttp) starts here: security headers, request id
  const withRequestStore = (req: http.IncomingMessage, res: http.ServerResponse, fn: () => void) => {
    setSecurityHeaders(req, res, config.trustProxy);
    const store: RequestStore = { requestId: requestIdOf(req.headers['x-request-id']), sqlStatements: 0 };
    res.setHeader('x-request-id', store.requestId);
    requestStorage.run(store, fn);
  };
  app.use((req, res, next) => withRequestStore(req, res, next));
  mountHealth(app, { ping: database.ping, accepting: () => accepting });
  const metrics = createMetrics();
  metrics.gauge('atrium_notification_outbox_backlog', 'Outbox events not yet processed', () => services.notifications.backlog());
  metrics.gauge('atrium_mail_outbox_backlog', 'Mails queued and not yet sent', () => services.mail.backlog());
  metrics.gauge('atrium_webhook_backlog', 'Webhook deliveries pending', () => services.webhooks.backlog());
  metrics.gauge('atrium_pubsub_subscriptions', 'Open subscriptions on this instance', () => services.pubsub.subscriptions);
  mountMetrics(app, metrics, config.metricsToken);
  if (config.graphiql) mountGraphiql(app);

  const rateLimiters = createApiRateLimiters(config);
  const manifest = config.persistedQueries === 'allowlist' ? readManifest(config.persistedQueriesManifest) : null;
  // the anonymous page cache (#23): entries in this process, tag versions in Redis with REDIS_URL;
  // invalidated by the domain events of what each entry shows (http/page-cache-http.ts)
  const pageCache = config.pageCacheBytes > 0 ? createPageCache({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, maxBytes: config.pageCacheBytes }, services.events) : null;
  const apollo = new ApolloServer<Context>({
    // GRAPHQL_JIT: compiled execution through Apollo's gateway hook (graphql/executor.ts)
    ...(config.graphqlJit ? { gateway: jitGateway(schema) } : { schema }),
    introspection: true,
    // main.ts owns SIGTERM/SIGINT (App.close() closes the sockets first); Apollo's own handlers
    // would stop the HTTP server at once (cutting WebSockets with 1006) outside NODE_ENV=test
    stopOnTerminationSignals: false,
    // Apollo's rule, applied by csrfGuard() only to cookie-authenticated requests (API.md: plain curl GETs work)
    csrfPrevention: false,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.maxQueryTokens },
    persistedQueries:
      config.persistedQueries === 'off' ? false : { cache: manifest ? manifestCache(manifest) : createApqCache() },
    formatError: (formatted, error) => formatError(formatted, error, { dev: config.isDev }),
    // the backstop of MAX_RESPONSE_BYTES: serialized in pieces, refused once past it
    stringifyResult: cappedStringifyResult(config.maxResponseBytes),
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...(config.exposeSqlCount ? [sqlCountPlugin] : []),
      observabilityPlugin(metrics),
      ...(manifest ? [allowlistPlugin(manifest)] : []),
      inputGuardPlugin(config),
      apiGuardPlugin(config, rateLimiters),
      ...(pageCache ? [pageCachePlugin(pageCache)] : []),
    ],
  });
  await apollo.start();
  // subscriptions: graphql-ws on the same server and path, with the same limits (http/ws.ts)
  const ws = attachWebSocketServer(httpServer, { schema, deps, config, rateLimiters, manifest });
  instrumentApp(metrics, { database, pubsub: services.pubsub, sockets: () => ws.connections });

  const allowed = new Set(config.corsOrigins);
  const contextOf = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const viewer = await resolveViewer(services.auth, credentialsOf(req.headers));
    return createContext(deps, viewer, { http: { req, res }, ip: clientIp(req, config.trustProxy) });
  };
  graphqlHttp = graphqlHttpHandler({ apollo, context: contextOf, corsOrigins: allowed, bodyLimit: BODY_LIMIT_BYTES, withRequestStore, pageCache });
  // what graphqlHttp leaves: CORS preflights, HEAD, compressed or non-UTF-8 bodies
  app.use(
    '/graphql',
    cors((req, cb) => {
      const origin = req.headers.origin;
      // credentials only for configured origins; bearer-token requests work from anywhere
      const exposedHeaders = EXPOSED_HEADERS;
      cb(null, origin && allowed.has(origin) ? { origin, credentials: true, exposedHeaders } : { origin: '*', credentials: false, exposedHeaders });
    }),
    csrfGuard(),
    express.json({ limit: BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: async ({ req, res }) => contextOf(req, res) }),
  );

  // old slugs and archived articles' targets answer 301 before the web app (http/slug-redirects.ts)
  // anonymous readers' pages straight from the page cache, before anything reads the database (http/page-cache-http.ts)
  if (pageCache) app.use(pageCacheHits(pageCache));
  app.get(/^\/(categories|sections|articles)\//, slugRedirects(database.ds, services.auth));
  // old Zendesk Guide links of imported items (/hc/<locale>/articles/<id>-…) answer 301 (http/zendesk-redirects.ts)
  app.get(/^\/hc\//, zendeskRedirects(database.ds));
  mountOidc(app, { config, services }); // single sign-on: /auth/oidc/start and /auth/oidc/callback (http/oidc.ts)
  // signed one-click unsubscribe links of notification mails (no sign-in; GET only shows a confirm button)
  mountUnsubscribe(app, database.ds, services.notifications);
  // uploads (POST /files, staff) and immutable content-addressed files (GET /files/<sha256>/<name>)
  mountFiles(app, { files: services.files, auth: services.auth });
  // /robots.txt and /sitemap.xml (split past SITEMAP_MAX_URLS), with or without the web app (http/sitemap.ts)
  mountSeoFiles(app, { db: database.ds, config });
  const webDist = config.webDist ?? defaultWebDist();
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    // hashed assets for a year, precompressed copies negotiated, a missing asset a plain 404 (http/static-assets.ts)
    app.use(staticAssets(webDist));
    // server-rendered pages (#23, http/pages.ts), through the anonymous page cache (http/page-cache-http.ts);
    // the renderer's GraphQL runs in-process with the reader's viewer (a bad credential reads as anonymous)
    const pages = createPageRenderer({
      webDist,
      origin: () => config.publicUrl,
      apollo,
      context: contextOf,
      anonymousContext: (req, res) => createContext(deps, null, { http: { req, res }, ip: clientIp(req, config.trustProxy) }),
    });
    app.get(PAGE_ROUTE, (req, res, next) => {
      void serveCachedPage(req, res, pageCache, async () => {
        const page = await pages!.renderPage(req, res);
        return { ...page, tags: page.cacheable ? page.tags : null };
      }).catch(next);
    });
  } else {
    app.get('/', (_req, res) => {
      res.type('text').send('Atrium API is running at /graphql. The web client is not built (npm run build -w @atrium/web).');
    });
  }

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const e = err as { type?: string; status?: number };
    const status = e.type === 'entity.too.large' ? 413 : e.status && e.status < 500 ? e.status : 500;
    if (status >= 500) log().error({ err }, 'http error');
    const message =
      status === 413 ? bodyTooLargeMessage(BODY_LIMIT_BYTES) : status < 500 ? 'Malformed request body: send JSON.' : 'Internal server error';
    res.status(status).type('application/json').send(
      JSON.stringify({ errors: [{ message, extensions: { code: status < 500 ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR' } }] }),
    );
  };
  app.use(onError);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://127.0.0.1:${port}`;
  // PORT=0 (tests) without PUBLIC_URL: links in mails point at the address the app got
  if (/:0$/.test(config.publicUrl)) config.publicUrl = url;
  services.notifications.start(); // the notification outbox worker, once the app is up
  services.mail.start(); // the mail worker (with SMTP_URL)
  services.insights.start(); // writes the views and searches counted in memory, in batches
  services.webhooks.start(); // the webhook delivery worker

  return {
    url,
    port,
    database,
    services,
    config,
    async close() {
      accepting = false;
      await ws.close(); // in-flight events delivered, then every socket closed with 1001
      await apollo.stop();
      await rateLimiters.close();
      await services.writeLimits.close();
      await new Promise<void>((r) => httpServer.close(() => r()));
      await services.notifications.stop(); // lets the batch in flight commit
      await services.events.close(); // event consumers finish their batch in flight
      await services.mail.close(); // the mails in flight are sent and recorded first
      await services.insights.stop(); // the views and searches still in memory are written
      await services.webhooks.close(); // the deliveries in flight are sent and recorded first
      await services.pubsub.close();
      await pageCache?.close();
      await database.close();
    },
  };
}
