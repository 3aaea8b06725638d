import { CombinedGraphQLErrors, ServerError, type ErrorLike } from '@apollo/client';

/** The first `extensions.code` of a GraphQL error (UNAUTHENTICATED, BAD_USER_INPUT, ...). */
export function errorCode(error: unknown): string | undefined {
  if (CombinedGraphQLErrors.is(error)) {
    const code = error.errors.find((e) => typeof e.extensions?.code === 'string')?.extensions?.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** `{ field: message }` from BAD_USER_INPUT errors that name their field (`extensions.field`). */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!CombinedGraphQLErrors.is(error)) return out;
  for (const e of error.errors) {
    const field = e.extensions?.field;
    if (typeof field === 'string' && field && !out[field]) out[field] = e.message;
    const validation = e.extensions?.validationErrors;
    if (validation && typeof validation === 'object') {
      for (const [name, message] of Object.entries(validation as Record<string, unknown>)) {
        if (!out[name]) out[name] = Array.isArray(message) ? String(message[0]) : String(message);
      }
    }
  }
  return out;
}

const FRIENDLY: Record<string, string> = {
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You don’t have permission to do that.',
  NOT_FOUND: 'We couldn’t find what you were looking for.',
  RATE_LIMITED: 'You’re doing that too often. Please wait a moment and try again.',
  QUERY_TOO_COMPLEX: 'That request was too large. Please try again with less.',
  INTERNAL_SERVER_ERROR: 'Something went wrong on our side. Please try again.',
};

/** A sentence to show a reader: the server's own message for input errors, a friendly one otherwise. */
export function errorMessage(error: ErrorLike | unknown): string {
  if (!error) return '';
  if (CombinedGraphQLErrors.is(error)) {
    const code = errorCode(error);
    if (code === 'BAD_USER_INPUT' || code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      return error.errors[0]?.message || FRIENDLY[code] || 'Something went wrong.';
    }
    if (code === 'RATE_LIMITED') {
      const retry = error.errors[0]?.extensions?.retryAfter;
      return typeof retry === 'number' ? `${FRIENDLY.RATE_LIMITED} (retry in ${Math.ceil(retry)} s)` : FRIENDLY.RATE_LIMITED;
    }
    return (code && FRIENDLY[code]) || error.errors[0]?.message || 'Something went wrong.';
  }
  if (ServerError.is(error)) return `The server answered ${error.statusCode}. Please try again.`;
  if (error instanceof TypeError || (error instanceof Error && /fetch|network/i.test(error.message))) {
    return 'We couldn’t reach the server. Check your connection and try again.';
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
