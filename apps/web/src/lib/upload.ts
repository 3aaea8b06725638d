/**
 * Uploads to `POST /files` (docs/api.md "Files") with progress: XMLHttpRequest, because fetch
 * reports no upload progress. The body is the raw file; the session cookie authenticates and
 * `application/octet-stream` (a non-simple type) satisfies the server's CSRF rule.
 */
export interface UploadedFile {
  id: string;
  url: string;
  name: string;
  originalName: string;
  contentType: string;
  size: number;
  markdown: string;
}

export type UploadPurpose = 'ARTICLE_BODY' | 'ARTICLE_ATTACHMENT';

export class UploadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

export function uploadFile(
  file: Blob & { name?: string },
  opts: { purpose: UploadPurpose; articleId?: string; onProgress?: (fraction: number) => void; signal?: AbortSignal },
): Promise<UploadedFile> {
  const params = new URLSearchParams({ filename: file.name || 'pasted-image.png', purpose: opts.purpose });
  if (opts.articleId) params.set('articleId', opts.articleId);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/files?${params}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { errors?: Array<{ message: string; extensions?: { code?: string; reason?: string } }> } & Partial<UploadedFile> = {};
      try {
        body = JSON.parse(xhr.responseText || '{}');
      } catch {
        /* not JSON: a proxy's page */
      }
      if (xhr.status === 201 && body.url) return resolve(body as UploadedFile);
      const first = body.errors?.[0];
      const message = first?.message ?? (xhr.status === 413 ? 'The file is too large.' : `Upload failed (HTTP ${xhr.status}).`);
      reject(new UploadError(message, first?.extensions?.code ?? 'UPLOAD_FAILED', first?.extensions?.reason));
    };
    xhr.onerror = () => reject(new UploadError('The upload did not reach the server. Check the connection and try again.', 'NETWORK'));
    xhr.onabort = () => reject(new UploadError('Upload cancelled.', 'ABORTED'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
