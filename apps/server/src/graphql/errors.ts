import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { log } from '../lib/logger.js';
import { requestStorage } from '../lib/request-context.js';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR';

/** An error meant for the client: its message and code are part of the API. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'You must be signed in to do this.') {
    super('UNAUTHENTICATED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this.', details: Record<string, unknown> = {}) {
    super('FORBIDDEN', message, details);
  }
}
export class BadUserInputError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, details);
  }
}
/** A request the transport cannot run (Apollo's code for the same class of mistake). */
export class BadRequestError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BAD_REQUEST', message, details);
  }
}
export class NotFoundError extends AppError {
  constructor(what = 'object') {
    super('NOT_FOUND', `No ${what} with that id exists or it is not visible to you.`);
  }
}
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests. Try again in ${retryAfterSeconds} s.`, { retryAfter: retryAfterSeconds });
  }
}
export class QueryTooComplexError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('QUERY_TOO_COMPLEX', message, details);
  }
}

/** Codes Apollo and graphql-js give to errors that are the client's fault. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'UNAUTHENTICATED',
  'FORBIDDEN',
]);

/** The one error formatter of Apollo (HTTP) and graphql-ws. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, { dev = false } = {}): GraphQLFormattedError {
  let original = unwrapResolverError(error);
  // an AppError thrown by a plugin hook (limits, rate limits) arrives wrapped without a path
  if (original instanceof GraphQLError && original.originalError instanceof AppError) original = original.originalError;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors;
    return { ...base, message: 'Invalid input.', extensions: { code: 'BAD_USER_INPUT', validationErrors: fields } };
  }
  const code = formatted.extensions?.code;
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? /more th(?:an|at) (\d+) tokens/.exec(formatted.message) : null;
  if (tokens) {
    // parseOptions.maxTokens: a limit, not a typo in the query
    return { ...base, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens', maxTokens: Number(tokens[1]) } };
  }
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    // graphql-js reports bad variables and literals with GraphQLError but without a resolver behind them
    return { ...base, extensions: { code } };
  }
  const httpStatus = (formatted.extensions?.http as { status?: number } | undefined)?.status ?? (error instanceof GraphQLError ? (error.extensions.http as { status?: number } | undefined)?.status : undefined);
  if (error instanceof GraphQLError && !error.originalError && httpStatus !== undefined && httpStatus < 500) {
    // Apollo's request errors without a code (a persisted-query hash that does not match, ...)
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (error instanceof GraphQLError && !error.originalError && formatted.extensions?.code === undefined) {
    // a validation/coercion message from graphql-js itself (no resolver threw it)
    return { ...base, extensions: { code: 'BAD_USER_INPUT' } };
  }
  const requestId = requestStorage.getStore()?.requestId;
  log().error({ err: original, requestId, path: formatted.path }, 'unexpected error');
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: {
      code: 'INTERNAL_SERVER_ERROR',
      ...(requestId ? { requestId } : {}),
      ...(dev && original instanceof Error ? { stacktrace: original.stack?.split('\n') } : {}),
    },
  };
}

/** The extensions.code an error is answered with (for logs and metrics; no logging here). */
export function codeOf(error: unknown): string {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return original.code;
  if (original instanceof ArgumentValidationError) return 'BAD_USER_INPUT';
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  if (typeof code === 'string') return code;
  if (error instanceof GraphQLError && !error.originalError) return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}
