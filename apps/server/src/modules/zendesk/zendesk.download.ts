import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { parsePublicUrl, resolveAllowed } from '../../lib/safe-http.js';

export interface DownloadOptions {
  /** Sent only to `authOrigin` (never to a host a redirect leads to). */
  authorization?: string;
  authOrigin?: string;
  /** Exact private addresses allowed (the tests' fake Zendesk on 127.0.0.1); everything else is checked. */
  alsoAllow?: readonly string[];
  maxRedirects?: number;
  timeoutMs?: number;
}

export type Download = { ok: true; body: Readable; contentType: string | null } | { ok: false; status: number | null; error: string };

/**
 * GET of an attachment from the old help center, guarded like lib/safe-http.ts (the same
 * address checks: no loopback, private, link-local or metadata addresses; the socket goes to
 * the address checked): every redirect (Zendesk answers attachments with a redirect to its
 * file host) is checked again. The body is a stream, handed to the file service as it comes.
 */
export async function download(rawUrl: string, opts: DownloadOptions = {}): Promise<Download> {
  // a 429 or 5xx is asked again politely (Retry-After, else a growing pause), like the API's pages
  for (let attempt = 1; ; attempt++) {
    const got = await downloadOnce(rawUrl, opts);
    if (got.ok || attempt >= 4 || !(got.status === 429 || (got.status != null && got.status >= 500))) return got;
    const wait = got.retryAfter != null ? Math.min(got.retryAfter, 30) * 1000 : 500 * 2 ** attempt;
    await new Promise((r) => setTimeout(r, wait));
  }
}

async function downloadOnce(rawUrl: string, opts: DownloadOptions): Promise<Download & { retryAfter?: number | null }> {
  let url: URL;
  try {
    url = parsePublicUrl(rawUrl);
  } catch (e) {
    return { ok: false, status: null, error: (e as Error).message };
  }
  for (let hop = 0; hop <= (opts.maxRedirects ?? 3); hop++) {
    let address: string;
    try {
      [address] = await resolveAllowed(url, { alsoAllow: opts.alsoAllow });
    } catch (e) {
      return { ok: false, status: null, error: (e as Error).message };
    }
    const family = address.includes(':') ? 6 : 4;
    const lookup: LookupFunction = (_host, options, cb) => {
      if ((options as dns.LookupOptions).all) (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address, family }]);
      else cb(null, address, family);
    };
    const headers: Record<string, string> = opts.authorization && url.origin === opts.authOrigin ? { authorization: opts.authorization } : {};
    let res: http.IncomingMessage;
    try {
      res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = (url.protocol === 'https:' ? https : http).request(url, { method: 'GET', lookup, agent: false, headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) }, resolve);
        req.on('error', reject);
        req.end();
      });
    } catch (e) {
      return { ok: false, status: null, error: (e as Error).message };
    }
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      try {
        url = parsePublicUrl(new URL(res.headers.location, url).href);
      } catch (e) {
        return { ok: false, status, error: (e as Error).message };
      }
      continue;
    }
    if (status !== 200) {
      res.resume();
      const after = Number(res.headers['retry-after']);
      return { ok: false, status, error: `HTTP ${status}`, retryAfter: Number.isFinite(after) && after >= 0 ? after : null };
    }
    return { ok: true, body: res, contentType: res.headers['content-type'] ?? null };
  }
  return { ok: false, status: null, error: 'too many redirects' };
}
