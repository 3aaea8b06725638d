import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import Negotiator from 'negotiator';

/**
 * Content-coding of dynamic answers (HTML pages, GraphQL JSON): negotiated from
 * Accept-Encoding (brotli first when the client weighs both the same), only above
 * `COMPRESS_MIN_BYTES` (a body that fits in one TCP packet gains nothing), with settings
 * chosen for CPU per request rather than the last byte: brotli quality 4 and gzip level 6.
 * Compression runs on libuv's thread pool (zlib's async API), not on the event loop.
 * Static assets are compressed once at build time instead (apps/web/build/precompress.ts).
 */
export type Encoding = 'br' | 'gzip';

export const COMPRESS_MIN_BYTES = 1400;
const OFFERED = ['br', 'gzip', 'identity'];

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const BROTLI_OPTIONS: zlib.BrotliOptions = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  },
};
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 6 };

type NegotiatorWithPreferred = { encoding(available: string[], opts: { preferred: string[] }): string | undefined };

/** The coding to answer with, or null for none (no header, `identity`, or only codings we do not offer). */
export function pickEncoding(acceptEncoding: string | string[] | undefined, offered: string[] = OFFERED): Encoding | null {
  if (!acceptEncoding) return null;
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(', ') : acceptEncoding;
  const negotiator = new Negotiator({ headers: { 'accept-encoding': header } }) as unknown as NegotiatorWithPreferred;
  const chosen = negotiator.encoding(offered, { preferred: offered });
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}

export function compress(body: Buffer | string, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br' ? brotli(body, BROTLI_OPTIONS) : gzip(body, GZIP_OPTIONS);
}

/** Same as `compress`, on the calling thread (for the bench's CPU-per-request figure). */
export function compressSync(body: Buffer | string, encoding: Encoding): Buffer {
  return encoding === 'br' ? zlib.brotliCompressSync(body, BROTLI_OPTIONS) : zlib.gzipSync(body, GZIP_OPTIONS);
}

/** Adds `Accept-Encoding` to the response's Vary header (keeping what is there, e.g. Origin). */
export function varyOnEncoding(res: ServerResponse): void {
  const vary = res.getHeader('vary');
  if (!vary) return void res.setHeader('vary', 'Accept-Encoding');
  const text = Array.isArray(vary) ? vary.join(', ') : String(vary);
  if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(text)) res.setHeader('vary', `${text}, Accept-Encoding`);
}

/**
 * Ends `res` with `body`, compressed when the request accepts it and the body is large enough.
 * Content-Type and status are the caller's; this sets Content-Encoding, Content-Length and Vary.
 */
export async function sendMaybeCompressed(req: IncomingMessage, res: ServerResponse, body: string | Buffer): Promise<void> {
  varyOnEncoding(res);
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const encoding = bytes >= COMPRESS_MIN_BYTES ? pickEncoding(req.headers['accept-encoding']) : null;
  if (!encoding) {
    res.setHeader('content-length', bytes);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const compressed = await compress(body, encoding);
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', compressed.length);
  res.end(req.method === 'HEAD' ? undefined : compressed);
}
