import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The security headers of every response, set by one function that both HTTP paths call (the
 * Express stack and the GraphQL fast path in graphql-http.ts). A small module rather than
 * helmet: its HSTS cannot depend on the request (we send it only behind TLS), and the fast
 * path wants fixed strings, not a policy rebuilt per request.
 *
 * The Content-Security-Policy is the web app's (the SPA shell, its assets and the API answers
 * carry the same one; on JSON it does nothing and costs nothing):
 * - scripts only from this origin, no inline script, no eval (Vite's build needs neither);
 * - styles from this origin; `style` attributes are allowed (style-src-attr) because rendered
 *   markdown tables align cells with `style="text-align:…"` (the sanitizer lets nothing else
 *   through); `<style>` elements are not;
 * - images: this origin, data: URLs (the favicon, CSS icons) and any https: host, because
 *   staff-written article bodies may show images hosted elsewhere (a staff decision). What
 *   members write never embeds an image: the markdown renderer makes it a link (lib/markdown.ts);
 * - fetch and WebSocket (graphql-ws) to this origin only: 'self' plus ws:/wss: on the request's
 *   own host (older engines do not count ws: as 'self');
 * - no plugins, no <base>, not framed by anyone, forms post only here.
 * The GraphiQL IDE page (GET /graphql in a browser) has its own policy (IDE_CSP).
 */

const BASE_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];

/** The app's CSP for a page served on `host` (null: a host we do not name, 'self' only). */
export function contentSecurityPolicy(host: string | null): string {
  const connect = host ? `connect-src 'self' ws://${host} wss://${host}` : "connect-src 'self'";
  return [...BASE_DIRECTIVES, connect].join('; ');
}

/**
 * The GraphiQL page: its React/CodeMirror UI sets inline styles and injects <style> elements
 * at run time (CodeMirror 5: no eval, no workers); scripts are still only ours.
 */
export const IDE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** One year; no includeSubDomains: an instance on help.example.com must not decide for example.com's other hosts. */
export const HSTS = 'max-age=31536000';

// a host name or IPv4 with an optional port, or a bracketed IPv6: nothing that could end a directive
const SAFE_HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;
const policyByHost = new Map<string, string>();
const MAX_HOSTS = 64;
const NO_HOST_POLICY = contentSecurityPolicy(null);

function policyFor(host: string | undefined): string {
  if (!host) return NO_HOST_POLICY;
  let policy = policyByHost.get(host);
  if (policy === undefined) {
    policy = SAFE_HOST.test(host) ? contentSecurityPolicy(host.toLowerCase()) : NO_HOST_POLICY;
    // bounded: the Host header is the client's to choose
    if (policyByHost.size >= MAX_HOSTS) policyByHost.clear();
    policyByHost.set(host, policy);
  }
  return policy;
}

/** True when the request reached us over TLS, itself or (TRUST_PROXY) at the proxy in front. */
export function isHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(proto) ? proto[0] : proto)?.split(',', 1)[0].trim().toLowerCase();
  return first === 'https';
}

export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): void {
  res.setHeader('content-security-policy', policyFor(req.headers.host));
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  if (isHttps(req, trustProxy)) res.setHeader('strict-transport-security', HSTS);
}

/** A client's x-request-id is kept only when it is a short plain token (it goes into logs and errors). */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}
