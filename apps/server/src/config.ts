import path from 'node:path';
import { z } from 'zod';

/** The only reader of process.env. Every setting is validated once, at start. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('atrium-demo'),
  SEED_DEMO: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: list.default([]),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  COMMENT_MAX_DEPTH: z.coerce.number().int().min(1).max(50).default(8),
  COMMENT_MAX_LENGTH: z.coerce.number().int().min(100).max(100_000).default(10_000),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  WEB_DIST: z.string().optional(),
  // server-rendered pages (#23): URLs per sitemap file (the protocol's limit is 50,000); past it, a sitemap index
  SITEMAP_MAX_URLS: z.coerce.number().int().min(1).max(50_000).default(50_000),
  TRUST_PROXY: bool.default(false),
  // Public API limits (docs/api.md "Limits"): per operation, checked before anything runs.
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).max(1000).default(30),
  /** Most nodes one operation may ask for (first/last multiplied through, GitHub's node limit). */
  MAX_QUERY_NODES: z.coerce.number().int().min(100).max(100_000_000).default(500_000),
  /** Parser limit (Apollo parseOptions.maxTokens). */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(5000),
  /** Largest response of one operation: refused before it runs when estimated larger, and while serializing. */
  MAX_RESPONSE_BYTES: z.coerce.number().int().min(64 * 1024).max(1024 * 1024 * 1024).default(4 * 1024 * 1024),
  // Rate limits: points per window; an operation costs max(1, ceil(requests / 100)) points, where
  // requests are its connection pages and the ids of its lists by ids (graphql/limits.ts).
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Budget of each API token. */
  RATE_LIMIT_TOKEN_POINTS: z.coerce.number().int().min(1).default(5000),
  /** Budget of each signed-in user (session cookie or session token). */
  RATE_LIMIT_USER_POINTS: z.coerce.number().int().min(1).default(5000),
  /** Budget of each IP address for anonymous requests. */
  RATE_LIMIT_IP_POINTS: z.coerce.number().int().min(1).default(3000),
  /** Writes per user per minute (per IP: three times as many). */
  WRITE_LIMIT_COMMENTS: z.coerce.number().int().min(1).default(10),
  WRITE_LIMIT_VOTES: z.coerce.number().int().min(1).default(60),
  WRITE_LIMIT_FLAGS: z.coerce.number().int().min(1).default(10),
  /** Sign-in and sign-up attempts per IP per minute (per login: half). */
  WRITE_LIMIT_SIGNIN: z.coerce.number().int().min(2).default(20),
  /** Account mails a caller may ask for (password resets, verification resends) per address per hour (per IP: four times as many). */
  WRITE_LIMIT_ACCOUNT_MAIL: z.coerce.number().int().min(1).default(5),
  /** Whether an account must verify its email address before it comments (reading and voting need no verification). */
  REQUIRE_VERIFIED_EMAIL_TO_COMMENT: bool.default(true),
  /** Distinct members' flags that hide a comment until a moderator decides. */
  FLAG_HIDE_THRESHOLD: z.coerce.number().int().min(1).max(100).default(3),
  /** apq: Apollo's automatic persisted queries; allowlist: only operations in the manifest; off. */
  PERSISTED_QUERIES: z.enum(['apq', 'allowlist', 'off']).default('apq'),
  /** The allow-list manifest (scripts/build-operation-manifest.ts writes it). */
  PERSISTED_QUERIES_MANIFEST: z.string().min(1).default('persisted-operations.json'),
  // WebSocket subscriptions (graphql-ws on /graphql)
  WS_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(100),
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(10_000).default(50),
  WS_CONNECTION_INIT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The GraphiQL IDE at GET /graphql for browsers. */
  GRAPHIQL: bool.default(true),
  /** Bearer token for GET /metrics (Prometheus); unset: /metrics answers 404. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Compiled execution of queries and mutations (graphql-jit); false: graphql-js. */
  GRAPHQL_JIT: bool.default(true),
  /** The x-sql-statements response header (bench, tests); default: on outside production. */
  EXPOSE_SQL_COUNT: bool.optional(),
  // Sign-in with an OpenID provider (#20): all of it is off until OIDC_ISSUER is set
  /** The provider's issuer URL (https; http only on a loopback host, for local providers and tests). */
  OIDC_ISSUER: z.string().url('must be a URL').optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** Scopes asked for; the role claim may need its own (e.g. `groups`). */
  OIDC_SCOPES: z.string().regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'must be scopes separated by single spaces').default('openid email profile'),
  /** The claim (ID token or userinfo) whose values choose the role, e.g. `groups`; unset: SSO never changes roles. */
  OIDC_ROLE_CLAIM: z.string().regex(/^[\w.:/-]{1,100}$/, 'must be a claim name').optional(),
  /** `value:ROLE,...`, e.g. `atrium-admins:ADMIN,support:AGENT`; no matching value: MEMBER. */
  OIDC_ROLE_MAP: z.string().max(4000).optional(),
  /** The provider's name on the sign-in button ("Sign in with <label>"). */
  OIDC_BUTTON_LABEL: z.string().trim().min(1).max(60).default('single sign-on'),
  /** Staff accounts (AGENT and up) cannot sign in with a password: only through the provider. */
  SSO_ONLY_FOR_STAFF: bool.default(false),
  // Mail (#20)
  /** Where the app is reached from outside: links in mails are absolute. Default: http://localhost:<PORT>. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/\s]+(\/\S*)?$/, 'must be an http:// or https:// URL')
    .optional(),
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://… (TLS); unset: mails are kept in the database. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of every mail: an address, optionally with a name ("Atrium <no-reply@example.com>"). */
  MAIL_FROM: z
    .string()
    .max(320)
    .regex(/^[^\r\n<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/, 'must be an address or "Name <address>"')
    .default('Atrium <no-reply@localhost>'),
  /** Key of signed links that work without signing in (unsubscribe); unset: one generated once and kept in the database (app_secrets). */
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Webhook endpoints may be on loopback/private/link-local addresses (tests, intranets); default: refused (SSRF). */
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** Anonymous page cache (#23): megabytes of rendered pages and GET persisted-query answers kept per instance; 0 turns it off. */
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  // Files (#19): uploads and imported attachments
  /** Largest file accepted (bytes), enforced while the upload streams. Default 20 MB (Zendesk's). */
  FILE_MAX_BYTES: z.coerce.number().int().min(1024).max(5 * 1024 * 1024 * 1024).default(20 * 1024 * 1024),
  /** Where file bytes live: pg (the database, default: every instance serves them) or s3 (an S3-compatible bucket). */
  FILE_STORE: z.enum(['pg', 's3']).default('pg'),
  /** FILE_STORE=s3: the endpoint (e.g. https://s3.eu-west-1.amazonaws.com or a MinIO URL), bucket, region and keys. */
  S3_ENDPOINT: z.string().url('must be a URL').optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name').optional(),
  S3_REGION: z.string().min(1).max(50).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key), which MinIO and local S3 servers need; false: virtual-hosted style. */
  S3_FORCE_PATH_STYLE: bool.default(true),
  // Article health (#22)
  /** Hours a member's top-level question may wait for a staff reply or an accepted answer before it counts as unanswered. */
  INSIGHTS_UNANSWERED_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(48),
  /** Days between reviews of an article whose own interval is not set. */
  INSIGHTS_REVIEW_INTERVAL_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Weeks of each of the two helpfulness windows compared (earlier against latest). */
  INSIGHTS_HELPFULNESS_WEEKS: z.coerce.number().int().min(1).max(52).default(4),
  /** Votes each window needs before a fall in helpfulness counts. */
  INSIGHTS_MIN_VOTES: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Percentage points helpfulness must fall to raise the alarm. */
  INSIGHTS_HELPFULNESS_DROP: z.coerce.number().int().min(1).max(100).default(15),
  /** "Outdated" votes since the latest revision that put an article in the queue. */
  INSIGHTS_OUTDATED_VOTES: z.coerce.number().int().min(1).max(100_000).default(3),
  /** Searches without a result (in 30 days) that put a query in the queue. */
  INSIGHTS_NO_RESULT_SEARCHES: z.coerce.number().int().min(1).max(1_000_000).default(5),
  /** How often each instance writes the views and searches it counted in memory. */
  INSIGHTS_FLUSH_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  /** Seconds each instance keeps a dashboard answer and the attention queue (0: off); an article change or a queue action on the instance clears them. */
  INSIGHTS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  isDev: boolean;
  port: number;
  host: string;
  /** null: the embedded PGlite database. */
  databaseUrl: string | null;
  /** Folder of the embedded database; null keeps it in memory (tests). */
  dataDir: string | null;
  redisUrl: string | null;
  demoPassword: string;
  /** Fill an empty database with demo content at start. */
  seedDemo: boolean;
  logLevel: Env['LOG_LEVEL'];
  corsOrigins: string[];
  sessionTtlDays: number;
  commentMaxDepth: number;
  commentMaxLength: number;
  dbPoolSize: number;
  webDist: string | null;
  /** URLs per sitemap file; more and /sitemap.xml becomes an index of /sitemap-<n>.xml. */
  sitemapMaxUrls: number;
  trustProxy: boolean;
  maxQueryDepth: number;
  maxQueryAliases: number;
  maxQueryNodes: number;
  maxQueryTokens: number;
  maxResponseBytes: number;
  rateLimitWindowSeconds: number;
  rateLimitTokenPoints: number;
  rateLimitUserPoints: number;
  rateLimitIpPoints: number;
  writeLimits: { comments: number; votes: number; flags: number; signin: number };
  /** Password-reset and verification mails per address (or account) per hour; per IP four times as many. */
  accountMailLimit: number;
  requireVerifiedEmailToComment: boolean;
  flagHideThreshold: number;
  persistedQueries: Env['PERSISTED_QUERIES'];
  /** Absolute path of the allow-list manifest. */
  persistedQueriesManifest: string;
  graphiql: boolean;
  graphqlJit: boolean;
  /** Send x-sql-statements (statements a GraphQL request ran) with each answer. */
  exposeSqlCount: boolean;
  metricsToken: string | null;
  wsMaxConnectionsPerIp: number;
  wsMaxSubscriptionsPerConnection: number;
  wsConnectionInitTimeoutMs: number;
  /** Absolute base of links in mails, without a trailing slash (PORT=0 without PUBLIC_URL: the listening address). */
  publicUrl: string;
  /** null: no SMTP server; mails are KEPT in the database for admins. */
  smtpUrl: string | null;
  mailFrom: string;
  /** APP_SECRET; null: a key generated once and stored in app_secrets, shared by every instance. */
  appSecret: string | null;
  /** PAGE_CACHE_MB in bytes; 0: no anonymous page cache. */
  pageCacheBytes: number;
  /** Sign-in with an OpenID provider; null: off. */
  oidc: OidcConfig | null;
  /** Staff accounts sign in only through the OpenID provider (signIn refuses their password). */
  ssoOnlyForStaff: boolean;
  /** WEBHOOK_ALLOW_PRIVATE: webhooks may go to loopback and private addresses. */
  webhookAllowPrivate: boolean;
  /** Largest file accepted (FILE_MAX_BYTES). */
  fileMaxBytes: number;
  /** Where file bytes are kept: null = PostgreSQL (chunked bytea); else an S3-compatible bucket. */
  s3: S3Config | null;
  /** Article health (#22): the attention queue's thresholds and the view counter's flush interval. */
  insights: InsightsConfig;
}

/** FILE_STORE=s3 settings (all checked at start). */
export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

export class ConfigError extends Error {}

export interface InsightsConfig {
  unansweredHours: number;
  reviewIntervalDays: number;
  helpfulnessWeeks: number;
  minVotes: number;
  helpfulnessDrop: number;
  outdatedVotes: number;
  noResultSearches: number;
  flushMs: number;
  cacheSeconds: number;
}

/** Sign-in with an OpenID provider (OIDC_*); null in Config when OIDC_ISSUER is not set. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** null: roles are never set from the provider. */
  roleClaim: string | null;
  /** Claim value → role, in the order given; the highest matching role wins. */
  roleMap: Array<{ value: string; role: Role }>;
  buttonLabel: string;
}

/** The account roles (the same as modules/user's Role; config imports nothing above it). */
type Role = 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN';
const ROLES = new Set<string>(['MEMBER', 'AGENT', 'MODERATOR', 'ADMIN']);
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** OIDC_* checked together (the schema checks each alone); a problem names its variable. */
function oidcConfigOf(e: Env): { oidc: OidcConfig | null; problems: string[] } {
  const problems: string[] = [];
  const problem = (name: keyof Env, message: string) => problems.push(`  ${name}=${JSON.stringify(String(e[name] ?? ''))}: ${message}`);
  if (!e.OIDC_ISSUER) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLE_CLAIM', 'OIDC_ROLE_MAP'] as const) {
      if (e[name]) problem(name, 'needs OIDC_ISSUER');
    }
    if (e.SSO_ONLY_FOR_STAFF) problem('SSO_ONLY_FOR_STAFF', 'needs OIDC_ISSUER (staff would have no way to sign in)');
    return { oidc: null, problems };
  }
  const issuer = new URL(e.OIDC_ISSUER);
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK.test(issuer.hostname))) {
    problem('OIDC_ISSUER', 'must be https:// (http:// only for localhost)');
  }
  if (!e.OIDC_CLIENT_ID) problem('OIDC_CLIENT_ID', 'is required with OIDC_ISSUER');
  if (!e.OIDC_CLIENT_SECRET) problem('OIDC_CLIENT_SECRET', 'is required with OIDC_ISSUER');
  if (!e.OIDC_SCOPES.split(' ').includes('openid')) problem('OIDC_SCOPES', 'must include openid');
  const roleMap: OidcConfig['roleMap'] = [];
  for (const entry of (e.OIDC_ROLE_MAP ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = entry.lastIndexOf(':'); // values may hold colons (URNs); the role is after the last one
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim().toUpperCase();
    if (at < 1 || !value || !ROLES.has(role)) {
      problem('OIDC_ROLE_MAP', `"${entry}" is not value:ROLE with ROLE one of MEMBER, AGENT, MODERATOR, ADMIN`);
    } else roleMap.push({ value, role: role as Role });
  }
  if (e.OIDC_ROLE_MAP && !e.OIDC_ROLE_CLAIM) problem('OIDC_ROLE_MAP', 'needs OIDC_ROLE_CLAIM (the claim whose values it maps)');
  const oidc = {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID ?? '',
    clientSecret: e.OIDC_CLIENT_SECRET ?? '',
    scopes: e.OIDC_SCOPES,
    roleClaim: e.OIDC_ROLE_CLAIM ?? null,
    roleMap,
    buttonLabel: e.OIDC_BUTTON_LABEL,
  };
  return { oidc, problems };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  );
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])] ?? '')}: ${i.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const { oidc, problems } = oidcConfigOf(e);
  const s3: S3Config | null =
    e.FILE_STORE === 's3'
      ? {
          endpoint: e.S3_ENDPOINT ?? '',
          bucket: e.S3_BUCKET ?? '',
          region: e.S3_REGION,
          accessKeyId: e.S3_ACCESS_KEY_ID ?? '',
          secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? '',
          forcePathStyle: e.S3_FORCE_PATH_STYLE,
        }
      : null;
  if (s3) {
    for (const name of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!e[name]) problems.push(`  ${name}="": is required with FILE_STORE=s3`);
    }
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  const databaseUrl = e.DATABASE_URL ?? null;
  return {
    env: e.NODE_ENV,
    isDev: e.NODE_ENV === 'development',
    port: e.PORT,
    host: e.HOST,
    databaseUrl,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL ?? null,
    demoPassword: e.DEMO_PASSWORD,
    seedDemo: e.SEED_DEMO ?? databaseUrl === null,
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    commentMaxDepth: e.COMMENT_MAX_DEPTH,
    commentMaxLength: e.COMMENT_MAX_LENGTH,
    dbPoolSize: e.DB_POOL_SIZE,
    webDist: e.WEB_DIST ?? null,
    sitemapMaxUrls: e.SITEMAP_MAX_URLS,
    trustProxy: e.TRUST_PROXY,
    maxQueryDepth: e.MAX_QUERY_DEPTH,
    maxQueryAliases: e.MAX_QUERY_ALIASES,
    maxQueryNodes: e.MAX_QUERY_NODES,
    maxQueryTokens: e.MAX_QUERY_TOKENS,
    maxResponseBytes: e.MAX_RESPONSE_BYTES,
    rateLimitWindowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    rateLimitTokenPoints: e.RATE_LIMIT_TOKEN_POINTS,
    rateLimitUserPoints: e.RATE_LIMIT_USER_POINTS,
    rateLimitIpPoints: e.RATE_LIMIT_IP_POINTS,
    writeLimits: { comments: e.WRITE_LIMIT_COMMENTS, votes: e.WRITE_LIMIT_VOTES, flags: e.WRITE_LIMIT_FLAGS, signin: e.WRITE_LIMIT_SIGNIN },
    accountMailLimit: e.WRITE_LIMIT_ACCOUNT_MAIL,
    requireVerifiedEmailToComment: e.REQUIRE_VERIFIED_EMAIL_TO_COMMENT,
    flagHideThreshold: e.FLAG_HIDE_THRESHOLD,
    persistedQueries: e.PERSISTED_QUERIES,
    persistedQueriesManifest: path.resolve(e.PERSISTED_QUERIES_MANIFEST),
    graphiql: e.GRAPHIQL,
    graphqlJit: e.GRAPHQL_JIT,
    exposeSqlCount: e.EXPOSE_SQL_COUNT ?? e.NODE_ENV !== 'production',
    metricsToken: e.METRICS_TOKEN ?? null,
    wsMaxConnectionsPerIp: e.WS_MAX_CONNECTIONS_PER_IP,
    wsMaxSubscriptionsPerConnection: e.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
    wsConnectionInitTimeoutMs: e.WS_CONNECTION_INIT_TIMEOUT_MS,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    appSecret: e.APP_SECRET ?? null,
    pageCacheBytes: e.PAGE_CACHE_MB * 1024 * 1024,
    oidc,
    ssoOnlyForStaff: e.SSO_ONLY_FOR_STAFF,
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    insights: {
      unansweredHours: e.INSIGHTS_UNANSWERED_HOURS,
      reviewIntervalDays: e.INSIGHTS_REVIEW_INTERVAL_DAYS,
      helpfulnessWeeks: e.INSIGHTS_HELPFULNESS_WEEKS,
      minVotes: e.INSIGHTS_MIN_VOTES,
      helpfulnessDrop: e.INSIGHTS_HELPFULNESS_DROP,
      outdatedVotes: e.INSIGHTS_OUTDATED_VOTES,
      noResultSearches: e.INSIGHTS_NO_RESULT_SEARCHES,
      flushMs: e.INSIGHTS_FLUSH_MS,
      cacheSeconds: e.INSIGHTS_CACHE_SECONDS,
    },
    fileMaxBytes: e.FILE_MAX_BYTES,
    s3,
    ...overrides,
  };
}
