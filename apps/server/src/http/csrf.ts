import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { credentialsOf } from './auth.js';

/** Content types a browser may send cross-site without a CORS preflight. */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Headers that only a preflighted (CORS-checked) request can carry: Apollo's default list. */
const PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight'];

export const CSRF_ERROR_BODY = JSON.stringify({
  errors: [
    {
      message:
        'This request carries the session cookie but no preflight: it has been blocked as a potential ' +
        'Cross-Site Request Forgery. Send JSON with `content-type: application/json`, or add the header ' +
        '`apollo-require-preflight: true` (or `x-apollo-operation-name`).',
      extensions: { code: 'FORBIDDEN', reason: 'CSRF_PREFLIGHT_REQUIRED' },
    },
  ],
});

/**
 * Apollo's csrfPrevention rule, applied only where CSRF can happen: to requests that would be
 * authenticated by the session cookie. Such a request must have a non-simple content type
 * (a JSON POST) or one of PREFLIGHT_HEADERS; otherwise a foreign page could have sent it with
 * the reader's cookie. Requests without the cookie (anonymous, or bearer tokens, which a
 * browser never attaches on its own) are not affected, so `curl '…/graphql?query={…}'` works.
 */
export function csrfBlocked(method: string, headers: IncomingHttpHeaders): boolean {
  if (method !== 'GET' && method !== 'POST') return false;
  if (!headers.cookie) return false;
  const creds = credentialsOf(headers);
  if (!creds.cookie || creds.bearer) return false;
  const type = headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type && !SIMPLE_TYPES.has(type)) return false;
  if (PREFLIGHT_HEADERS.some((h) => typeof headers[h] === 'string' && headers[h] !== '')) return false;
  return true;
}

/** csrfBlocked() as Express middleware: 403 with a GraphQL error. */
export function csrfGuard(): RequestHandler {
  return (req, res, next) => {
    if (!csrfBlocked(req.method, req.headers)) return next();
    res.status(403).type('application/json').send(CSRF_ERROR_BODY);
  };
}
