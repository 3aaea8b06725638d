import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * An HTTP client for URLs that users give us (webhook endpoints), guarded against SSRF:
 *
 * - only http:// and https://, no user:password@ in the URL;
 * - the host is resolved here (every address it has); if any address is loopback, private,
 *   link-local (cloud metadata 169.254.169.254), CGNAT, unique-local IPv6, multicast, reserved,
 *   or an IPv6 form carrying such an IPv4 (::ffff:127.0.0.1, 6to4, NAT64, Teredo), the request
 *   is refused before anything is sent;
 * - the socket connects to the address that was checked (the request's `lookup` answers it),
 *   so a DNS answer that changes between the check and the connect (rebinding) cannot
 *   redirect the request; TLS still verifies the certificate of the host name;
 * - redirects are not followed unless asked, and each one is checked like the first URL;
 * - one timeout for the whole exchange; at most `maxResponseBytes` of the answer are read.
 *
 * `allowPrivate` (WEBHOOK_ALLOW_PRIVATE=true: tests, intranets) permits private and loopback
 * addresses; unspecified (0.0.0.0, ::), multicast and broadcast addresses stay refused.
 */

export type RefusalReason = 'SCHEME' | 'CREDENTIALS' | 'BAD_URL' | 'PRIVATE_ADDRESS' | 'DNS' | 'TOO_MANY_REDIRECTS';

export class RequestRefusedError extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message);
    this.name = 'RequestRefusedError';
  }
}

export interface SafeRequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  /** 0 (default): a 3xx is the answer. */
  maxRedirects?: number;
  /** Bytes of the answer kept (the rest is not read). */
  maxResponseBytes?: number;
  allowPrivate?: boolean;
  /** Exact addresses permitted although private (a test's receiver on 127.0.0.1 while everything else is checked). */
  alsoAllow?: readonly string[];
  /**
   * Keep-alive agents (a worker's): a pooled socket was connected to a checked address; new
   * sockets connect to the address checked for this request. Default: a new connection each time.
   */
  agents?: { http: http.Agent; https: https.Agent };
  /** Resolves a host name to all its addresses; default: the system resolver (dns.lookup, all: true). */
  resolve?: (host: string) => Promise<string[]>;
}

export interface SafeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The first maxResponseBytes of the body, as UTF-8. */
  body: string;
  truncated: boolean;
  /** The address the request went to (the last one, after redirects). */
  address: string;
  url: string;
}

const ALWAYS_REFUSED = new Set(['unspecified', 'multicast', 'broadcast']);

/** Why an address may not be contacted; null when it may. */
export function addressRefusal(address: string, allowPrivate = false): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  let ip = ipaddr.parse(address);
  // IPv6 forms that carry an IPv4 address are judged by that address
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const range = v6.range();
    if (range === 'ipv4Mapped') ip = v6.toIPv4Address();
    else if (range === 'rfc6052' || range === 'rfc6145') {
      // NAT64 (64:ff9b::a.b.c.d) and SIIT: the IPv4 address is in the last 32 bits
      const [, , , , , , hi, lo] = v6.parts;
      ip = new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
    } else if (range === '6to4') {
      const [, hi, lo] = v6.parts;
      ip = new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]);
    } else if (range === 'teredo') {
      // the client's address, inverted, in the last 32 bits
      const [, , , , , , hi, lo] = v6.parts;
      ip = new ipaddr.IPv4([(hi >> 8) ^ 255, (hi & 255) ^ 255, (lo >> 8) ^ 255, (lo & 255) ^ 255]);
    } else if (v6.parts.slice(0, 6).every((p) => p === 0) && range !== 'loopback' && range !== 'unspecified') {
      // deprecated IPv4-compatible ::a.b.c.d
      ip = new ipaddr.IPv4([v6.parts[6] >> 8, v6.parts[6] & 255, v6.parts[7] >> 8, v6.parts[7] & 255]);
    }
  }
  const range = ip.range();
  if (ALWAYS_REFUSED.has(range)) return `${range} address ${ip.toString()}`;
  if (range === 'unicast' || allowPrivate) return null;
  return `${range} address ${ip.toString()}`;
}

/** Checks a URL's form (scheme, credentials, length, control characters). Throws RequestRefusedError. */
export function parsePublicUrl(raw: string): URL {
  if (typeof raw !== 'string' || raw.length > 2000 || /[\u0000-\u0020\u007f]/.test(raw)) {
    throw new RequestRefusedError('BAD_URL', 'The URL must be at most 2,000 characters without spaces or control characters.');
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RequestRefusedError('BAD_URL', 'Not a valid absolute URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RequestRefusedError('SCHEME', 'Only http:// and https:// URLs are allowed.');
  if (url.username || url.password) throw new RequestRefusedError('CREDENTIALS', 'The URL must not contain a user name or password.');
  if (!url.hostname) throw new RequestRefusedError('BAD_URL', 'The URL has no host.');
  return url;
}

const systemResolve = async (host: string): Promise<string[]> => (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The addresses of the URL's host, every one of them allowed; throws RequestRefusedError otherwise. */
export async function resolveAllowed(url: URL, opts: Pick<SafeRequestOptions, 'allowPrivate' | 'resolve' | 'alsoAllow'> = {}): Promise<string[]> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolve)(host);
    } catch (err) {
      throw new RequestRefusedError('DNS', `The host ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    if (!addresses.length) throw new RequestRefusedError('DNS', `The host ${host} has no address.`);
  }
  for (const a of addresses) {
    if (opts.alsoAllow?.includes(a)) continue;
    const why = addressRefusal(a, opts.allowPrivate);
    if (why) throw new RequestRefusedError('PRIVATE_ADDRESS', `Refused: ${host} resolves to a ${why}.`);
  }
  return addresses;
}

/** One request after the checks (throws RequestRefusedError before sending anything refused). */
export async function safeRequest(rawUrl: string, opts: SafeRequestOptions = {}): Promise<SafeResponse> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  const maxRedirects = opts.maxRedirects ?? 0;
  let url = parsePublicUrl(rawUrl);
  let method = opts.method ?? 'GET';
  let body = opts.body;
  for (let hop = 0; ; hop++) {
    const [address] = await resolveAllowed(url, opts);
    const res = await once(url, address, method, opts.headers ?? {}, body, deadline, opts.maxResponseBytes ?? 4096, opts.agents);
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || !location || maxRedirects === 0) return res;
    if (hop >= maxRedirects) throw new RequestRefusedError('TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects.`);
    url = parsePublicUrl(new URL(location, url).href);
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
  }
}

function once(
  url: URL,
  address: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  deadline: number,
  maxBytes: number,
  agents: SafeRequestOptions['agents'],
): Promise<SafeResponse> {
  // the socket goes to the checked address, whatever DNS says now
  const family = address.includes(':') ? 6 : 4;
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as dns.LookupOptions).all) (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new Error('timed out'));
  return new Promise<SafeResponse>((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : http;
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const req = mod.request(
      url,
      {
        method,
        lookup,
        agent: agents ? (url.protocol === 'https:' ? agents.https : agents.http) : false,
        headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
        signal: AbortSignal.timeout(remaining),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            truncated,
            address,
            url: url.href,
          });
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBytes) return;
          const take = chunk.subarray(0, maxBytes - size);
          chunks.push(take);
          size += take.length;
          if (size >= maxBytes) {
            truncated = true;
            res.destroy();
            done();
          }
        });
        res.on('end', done);
        res.on('error', (err) => (size >= maxBytes ? done() : reject(err)));
      },
    );
    req.on('error', (err) => reject(err.name === 'AbortError' || err.name === 'TimeoutError' ? new Error(`timed out after ${remaining} ms`) : err));
    req.end(payload);
  });
}
