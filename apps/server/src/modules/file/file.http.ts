import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Express, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { authorize, type AccessRule } from '../../graphql/authorization.js';
import { AppError } from '../../graphql/errors.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { log } from '../../lib/logger.js';
import type { Viewer } from '../../lib/viewer.js';
import { credentialsOf, resolveViewer } from '../../http/auth.js';
import { csrfBlocked, CSRF_ERROR_BODY } from '../../http/csrf.js';
import type { AuthService } from '../auth/auth.service.js';
import { canEditArticle } from '../article/article.policy.js';
import { FILE_PURPOSES, FileTooLargeError, type FilePurpose, type FileService, type StoredFile } from './file.service.js';
import { isInlineType, servedContentType } from './file.types.js';

/** Headers of every file answer: cached for a year (the URL names the bytes), never run as a page. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Who may upload: the rule of createArticle/updateArticle (modules/authorization.ts). */
const UPLOAD_RULE: AccessRule = { access: 'AGENT', scope: 'ADMIN_CONTENT' };
const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

function sendError(res: Response, status: number, code: string, message: string, details: Record<string, unknown> = {}): void {
  if (res.headersSent) return void res.destroy();
  res.status(status).type('application/json').setHeader('cache-control', 'no-store');
  res.send(JSON.stringify({ errors: [{ message, extensions: { code, ...details } }] }));
}

/**
 * 413 at once, then the rest of the body is read and dropped (nothing kept) up to another
 * `maxBytes`, so the client gets to read the answer instead of a reset; past that the
 * connection is cut. `connection: close`: the socket is not reused.
 */
function refuseTooLarge(req: Request, res: Response, maxBytes: number): void {
  const err = new FileTooLargeError(maxBytes);
  res.setHeader('connection', 'close');
  sendError(res, 413, err.code, err.message, err.details);
  let drained = 0;
  req.on('data', (piece: Buffer) => {
    drained += piece.length;
    if (drained > maxBytes) req.destroy();
  });
  req.on('error', () => {});
  req.resume();
}

/** The JSON answer of an upload. */
export function uploadAnswer(file: StoredFile) {
  return {
    id: toGlobalId('Attachment', file.id),
    url: file.url,
    name: file.name,
    originalName: file.originalName,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    markdown: file.markdown,
  };
}

/**
 * `POST /files?filename=…&purpose=ARTICLE_BODY|ARTICLE_ATTACHMENT[&articleId=…]`: the body is
 * the file's bytes (any content type; the bytes decide the type). Staff who may edit articles
 * only, by bearer token or by the session cookie under the same CSRF rule as /graphql (a
 * cookie request needs a non-simple content type such as application/octet-stream, or
 * `apollo-require-preflight: true`). Answers 201 `{ id, url, markdown, … }`.
 *
 * `GET|HEAD /files/<sha256>/<name>`: the bytes, with a year of caching, ETag (the hash), 304,
 * single byte ranges; inline only for types on the allow-list (images, audio, video, plain
 * text), everything else (HTML, SVG, PDF, unknown) as a download; always nosniff and a
 * sandboxing Content-Security-Policy. A hash and name that no upload has: 404.
 */
export function mountFiles(app: Express, deps: { files: FileService; auth: AuthService }): void {
  const { files, auth } = deps;

  app.post('/files', async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (csrfBlocked(req.method, req.headers)) return void res.status(403).type('application/json').send(CSRF_ERROR_BODY);
    let viewer: Viewer | null;
    try {
      viewer = await resolveViewer(auth, credentialsOf(req.headers));
    } catch (err) {
      if (err instanceof GraphQLError) return sendError(res, 401, 'UNAUTHENTICATED', err.message);
      throw err;
    }
    if (!viewer) return sendError(res, 401, 'UNAUTHENTICATED', 'You must be signed in to upload files.');
    try {
      // the rule of the article mutations: AGENT+, and an API token needs ADMIN_CONTENT
      authorize(viewer, UPLOAD_RULE);
    } catch (err) {
      if (err instanceof AppError) return sendError(res, 403, err.code, err.message, err.details);
      throw err;
    }
    if (!canEditArticle(viewer)) return sendError(res, 403, 'FORBIDDEN', 'Only staff who may edit articles can upload files.');
    const purpose = String(req.query.purpose ?? 'ARTICLE_BODY') as FilePurpose;
    if (!FILE_PURPOSES.includes(purpose)) {
      return sendError(res, 400, 'BAD_USER_INPUT', `purpose must be one of ${FILE_PURPOSES.join(', ')}.`, { field: 'purpose' });
    }
    const filename = typeof req.query.filename === 'string' ? req.query.filename : '';
    if (!filename || filename.length > 1000) {
      return sendError(res, 400, 'BAD_USER_INPUT', 'filename (1 to 1000 characters) is required in the query string.', { field: 'filename' });
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > files.maxBytes) return refuseTooLarge(req, res, files.maxBytes);
    try {
      let articleId: string | null = null;
      if (purpose === 'ARTICLE_ATTACHMENT') {
        if (typeof req.query.articleId !== 'string') throw new AppError('BAD_USER_INPUT', 'articleId is required for an attachment.', { field: 'articleId' });
        articleId = decodeId(req.query.articleId, 'Article', 'articleId');
      }
      const file = await files.store({
        stream: req,
        filename,
        declaredType: req.headers['content-type'] ?? null,
        uploaderId: viewer.id,
        purpose,
        articleId,
      });
      res.status(201).type('application/json').send(JSON.stringify(uploadAnswer(file)));
    } catch (err) {
      if (err instanceof FileTooLargeError) return refuseTooLarge(req, res, files.maxBytes);
      if (err instanceof AppError) return sendError(res, err.code === 'NOT_FOUND' ? 404 : 400, err.code, err.message, err.details);
      log().error({ err }, 'file upload failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'The file could not be stored.');
    }
  });

  app.get('/files/:sha256/:name', async (req: Request<{ sha256: string; name: string }>, res) => {
    const blob = await files.served(req.params.sha256, req.params.name);
    if (!blob) {
      res.setHeader('cache-control', 'no-store');
      return void res.status(404).type('text/plain').send('Not found');
    }
    const etag = `"${blob.sha256}"`;
    res.setHeader('etag', etag);
    res.setHeader('cache-control', IMMUTABLE);
    res.setHeader('content-security-policy', FILE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('accept-ranges', 'bytes');
    res.setHeader('content-type', servedContentType(blob.contentType));
    const disposition = isInlineType(blob.contentType) ? 'inline' : 'attachment';
    res.setHeader('content-disposition', `${disposition}; filename="${req.params.name}"`);
    const inm = req.headers['if-none-match'];
    if (inm && (inm === '*' || inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))) return void res.status(304).end();
    let range = { start: 0, end: blob.size - 1 };
    const asked = req.headers.range;
    if (asked) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(asked.trim());
      // several ranges, or a malformed header: the whole file (RFC 9110 lets a server ignore Range)
      if (m && (m[1] || m[2])) {
        const start = m[1] ? Number(m[1]) : Math.max(0, blob.size - Number(m[2]));
        const end = m[1] && m[2] ? Math.min(Number(m[2]), blob.size - 1) : blob.size - 1;
        if (start >= blob.size || start > end) {
          res.setHeader('content-range', `bytes */${blob.size}`);
          return void res.status(416).end();
        }
        range = { start, end };
        res.status(206).setHeader('content-range', `bytes ${start}-${end}/${blob.size}`);
      }
    }
    res.setHeader('content-length', String(blob.size === 0 ? 0 : range.end - range.start + 1));
    if (req.method === 'HEAD' || blob.size === 0) return void res.end();
    try {
      await pipeline(Readable.from(files.read(blob, range)), res);
    } catch (err) {
      if (!res.writableEnded && !req.destroyed) log().error({ err, sha256: blob.sha256 }, 'file read failed');
      res.destroy();
    }
  });
}
