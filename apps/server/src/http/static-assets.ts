import fs from 'node:fs';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';
import { pickEncoding, varyOnEncoding } from './compression.js';

/**
 * The web build's files (WEB_DIST), before any page route:
 * - `/assets/*` are Vite's content-hashed files: `Cache-Control: public, max-age=31536000,
 *   immutable`; a missing one is a plain-text 404 (never the HTML page).
 * - other files of the build (favicon, …) are cached for an hour and revalidated.
 * - the `.br`/`.gz` copies written at build (apps/web/build/precompress.ts) are sent to
 *   clients that accept them, with `Vary: Accept-Encoding`; nothing is compressed per request.
 * `index.html` is never served from here (pages are, with `Cache-Control: no-cache`).
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=3600';

interface Found {
  file: string;
  encodings: { br: boolean; gzip: boolean };
}

export function staticAssets(webDist: string): RequestHandler {
  const root = path.resolve(webDist);
  const known = new Map<string, Found | null>();

  /** The file for a URL path, or null; remembered until the build's folder changes (checked per lookup on a miss only). */
  function lookup(urlPath: string): Found | null {
    const hit = known.get(urlPath);
    if (hit !== undefined && (hit === null || fs.existsSync(hit.file))) return hit;
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const file = path.join(root, path.normalize(decoded));
    if (!file.startsWith(root + path.sep)) return null;
    const base = path.basename(file);
    // no dot files or folders (the server renderer's bundle lives in .ssr/, Vite's manifest in .vite/)
    if (path.relative(root, file).split(path.sep).some((part) => part.startsWith('.'))) return null;
    if (base === 'index.html' || /\.(br|gz)$/.test(base)) return null;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(file, { throwIfNoEntry: false });
    } catch {
      return null; // a name too long, not a folder, …
    }
    const found = stat?.isFile() ? { file, encodings: { br: fs.existsSync(`${file}.br`), gzip: fs.existsSync(`${file}.gz`) } } : null;
    // misses are not remembered (a new build may add the file), hits are until the file goes away
    if (found && known.size < 10_000) known.set(urlPath, found);
    return found;
  }

  function send(res: Response, file: string, cacheControl: string, headers: Record<string, string>) {
    res.sendFile(file, { cacheControl: false, lastModified: true, etag: true, dotfiles: 'deny', headers: { 'cache-control': cacheControl, ...headers } }, (err) => {
      if (err && !res.headersSent) res.status(404).type('text').send('Not found');
    });
  }

  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const urlPath = req.path;
    const isAsset = urlPath.startsWith('/assets/');
    const found = lookup(urlPath);
    if (!found) {
      if (isAsset) return void res.status(404).setHeader('cache-control', 'no-store').type('text').send('Not found');
      return next();
    }
    const cacheControl = isAsset ? IMMUTABLE : SHORT;
    if (!found.encodings.br && !found.encodings.gzip) return send(res, found.file, cacheControl, {});
    varyOnEncoding(res);
    const offered = [...(found.encodings.br ? ['br'] : []), ...(found.encodings.gzip ? ['gzip'] : []), 'identity'];
    const encoding = pickEncoding(req.headers['accept-encoding'], offered);
    if (!encoding) return send(res, found.file, cacheControl, {});
    // the type of the original file, not of .br/.gz
    res.type(path.extname(found.file));
    send(res, `${found.file}.${encoding === 'br' ? 'br' : 'gz'}`, cacheControl, { 'content-encoding': encoding });
  };
}
