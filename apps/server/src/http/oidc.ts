import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookie, serialize as serializeCookie } from 'cookie';
import type { Express, Request, Response } from 'express';
import type { Config } from '../config.js';
import { RateLimitedError } from '../graphql/errors.js';
import { log } from '../lib/logger.js';
import { requestStorage } from '../lib/request-context.js';
import { writeSessionCookie } from '../modules/auth/auth.resolver.js';
import type { Services } from '../modules/services.js';
import { OIDC_CALLBACK_PATH, OIDC_START_PATH } from '../modules/sso/sso.paths.js';
import { SIGN_IN_TTL_SECONDS, SsoError, type SsoErrorReason, type SsoService } from '../modules/sso/sso.service.js';
import { clientIp, isSecure } from './client.js';

/** Binds a sign-in in progress to the browser that started it (its key; the server keeps the rest). */
export const OIDC_FLOW_COOKIE = 'atrium_oidc';
/** The web app's page that explains a refused sign-in (reason and request id in its query). */
export const SSO_ERROR_PAGE = '/signin/sso-error';

/** `value` when it is a path of this site ("/articles/x?a#b"), else "/": never another origin. */
export function sameOriginPath(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = 'http://app.invalid';
  try {
    const url = new URL(value, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : '/';
  } catch {
    return '/';
  }
}

function flowCookie(req: IncomingMessage, res: ServerResponse, trustProxy: boolean, value: string | null) {
  const cookie = serializeCookie(OIDC_FLOW_COOKIE, value ?? '', {
    httpOnly: true,
    // Lax: sent on the provider's top-level redirect back, never on cross-site subrequests
    sameSite: 'lax',
    secure: isSecure(req, trustProxy),
    path: '/auth/oidc',
    ...(value ? { maxAge: SIGN_IN_TTL_SECONDS } : { expires: new Date(1) }),
  });
  const previous = res.getHeader('set-cookie');
  res.setHeader('set-cookie', previous === undefined ? [cookie] : [...(Array.isArray(previous) ? previous : [String(previous)]), cookie]);
}

/** Sends the browser to the page that names what went wrong; nothing is signed in. */
function refuse(res: Response, reason: SsoErrorReason | 'SERVER_ERROR', err: unknown) {
  const requestId = requestStorage.getStore()?.requestId ?? '';
  const entry = { requestId, reason, err: err instanceof Error ? { message: err.message, cause: (err.cause as Error | undefined)?.message } : err };
  if (reason === 'SERVER_ERROR') log().error(entry, 'oidc sign-in failed');
  else log().warn(entry, 'oidc sign-in refused');
  res.redirect(303, `${SSO_ERROR_PAGE}?${new URLSearchParams({ reason, requestId })}`);
}

/**
 * The browser side of single sign-on: GET /auth/oidc/start?redirect=<path> sends the browser to
 * the provider, GET /auth/oidc/callback comes back from it, signs in (the same session cookie as
 * signIn) and returns to the path. The protocol is openid-client's (SsoService.client).
 */
export function mountOidc(app: Express, { config, services }: { config: Config; services: Services }): void {
  const sso: SsoService | null = services.sso;
  if (!sso) return;

  app.get(OIDC_START_PATH, async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    try {
      await services.writeLimits.consume('signin', { viewer: null, ip: clientIp(req, config.trustProxy), http: { res } });
      const { browserKey, url } = await sso.start(sameOriginPath(req.query.redirect));
      flowCookie(req, res, config.trustProxy, browserKey);
      res.redirect(303, url.href);
    } catch (err) {
      if (err instanceof RateLimitedError) refuse(res, 'RATE_LIMITED', err);
      else refuse(res, (err as { reason?: SsoErrorReason }).reason ?? 'SERVER_ERROR', err);
    }
  });

  app.get(OIDC_CALLBACK_PATH, async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    const browserKey = req.headers.cookie ? (parseCookie(req.headers.cookie)[OIDC_FLOW_COOKIE] ?? null) : null;
    flowCookie(req, res, config.trustProxy, null); // one sign-in per key, whatever happens next
    const search = new URL(req.originalUrl, 'http://callback.invalid').search;
    const userAgent = req.headers['user-agent'];
    try {
      const result = await sso.finish(browserKey || null, search, {
        userAgent: typeof userAgent === 'string' ? userAgent : null,
        ip: clientIp(req, config.trustProxy),
      });
      writeSessionCookie(req, res, config.trustProxy, result.token, result.expiresAt);
      res.redirect(303, sameOriginPath(result.redirectPath));
    } catch (err) {
      refuse(res, err instanceof SsoError ? err.reason : 'SERVER_ERROR', err);
    }
  });
}
