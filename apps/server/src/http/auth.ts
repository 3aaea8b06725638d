import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../lib/viewer.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { SESSION_COOKIE } from '../modules/auth/auth.resolver.js';

export interface Credentials {
  bearer: string | null;
  cookie: string | null;
  /** An Authorization that is there but is not `Bearer <token>` (`Basic …`, `Bearer` alone, `Bearer a b`). */
  malformed: boolean;
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The credentials of a request: `Authorization: Bearer <token>` (over WebSocket also
 * `{ authorization }` in connection_init's payload, which wins over the upgrade's header) and
 * the session cookie. An empty Authorization counts as none (clients send `''` when signed out).
 */
export function credentialsOf(headers: IncomingMessage['headers'], connectionParams?: Record<string, unknown>): Credentials {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  const header: unknown = fromParams !== undefined && fromParams !== null && fromParams !== '' ? fromParams : headers.authorization;
  const cookie = headers.cookie ? (parseCookie(headers.cookie)[SESSION_COOKIE] ?? null) : null;
  if (header === undefined || header === null) return { bearer: null, cookie, malformed: false };
  const match = typeof header === 'string' ? BEARER.exec(header) : null;
  if (match) return { bearer: match[1], cookie, malformed: false };
  return { bearer: null, cookie, malformed: !(typeof header === 'string' && header.trim() === '') };
}

/**
 * A bearer token that is wrong, revoked or expired, or an Authorization that is not
 * `Bearer <token>`, is an UNAUTHENTICATED error (401), so integrations notice at once; a
 * stale cookie just reads as anonymous.
 */
export async function resolveViewer(auth: AuthService, creds: Credentials): Promise<Viewer | null> {
  if (creds.malformed) {
    // never silently anonymous: a client that meant to authenticate learns at once
    throw new GraphQLError('The Authorization header must be "Bearer <token>" (one token, nothing after it).', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (creds.bearer) {
    const viewer = await auth.viewerForToken(creds.bearer);
    if (!viewer) {
      throw new GraphQLError('The bearer token is invalid, expired or revoked.', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    return viewer;
  }
  if (creds.cookie) return auth.viewerForToken(creds.cookie);
  return null;
}
