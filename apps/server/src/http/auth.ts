import type { IncomingMessage } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { GraphQLError } from 'graphql';
import type { Viewer } from '../lib/viewer.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { SESSION_COOKIE } from '../modules/auth/auth.resolver.js';

export interface Credentials {
  bearer: string | null;
  cookie: string | null;
}

export function credentialsOf(headers: IncomingMessage['headers'], connectionParams?: Record<string, unknown>): Credentials {
  const fromParams = connectionParams?.authorization ?? connectionParams?.Authorization;
  const header = typeof fromParams === 'string' ? fromParams : headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const cookie = headers.cookie ? (parseCookie(headers.cookie)[SESSION_COOKIE] ?? null) : null;
  return { bearer: match ? match[1] : null, cookie };
}

/**
 * A bearer token that is wrong, revoked or expired is an UNAUTHENTICATED error (401), so
 * integrations notice at once; a stale cookie just reads as anonymous.
 */
export async function resolveViewer(auth: AuthService, creds: Credentials): Promise<Viewer | null> {
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
