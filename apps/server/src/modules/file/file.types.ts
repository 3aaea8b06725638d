/**
 * What a file is, decided from its bytes (never from the name or the declared type), and how
 * it may be served. file-type (magic numbers) recognises binary formats; text is recognised
 * here (UTF-8 without NUL), with SVG and HTML picked out so they are never served inline.
 */

/** Types a browser may show inline from our origin: none of them can run script in it. */
const INLINE = new Set([
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif',
  'video/mp4', 'video/webm', 'audio/mpeg', 'audio/ogg', 'audio/wav',
  'text/plain',
]);
/** Types shown as images in article bodies (`![alt](url)`). */
const IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif']);

/** Bytes of the head kept for sniffing (file-type reads at most 4100; text checks look further). */
export const SNIFF_BYTES = 64 * 1024;

type FileTypeModule = typeof import('file-type');
let fileType: Promise<FileTypeModule> | null = null;

/** The MIME type of a file from its first bytes (`head`: up to SNIFF_BYTES; `complete`: head is the whole file). */
export async function sniffType(head: Uint8Array, complete: boolean): Promise<string> {
  // ESM-only package, loaded on the first upload rather than at start
  const { fileTypeFromBuffer } = await (fileType ??= import('file-type'));
  const found = await fileTypeFromBuffer(head);
  const text = asText(head, complete);
  if (found) {
    if (found.mime === 'application/xml' && text !== null && /<svg[\s>/]/i.test(text)) return 'image/svg+xml';
    return found.mime;
  }
  if (text === null) return 'application/octet-stream';
  if (/<svg[\s>/]/i.test(text)) return 'image/svg+xml';
  if (/<(!doctype\s+html|html|head|body|script|iframe|object|embed|meta|link|style)[\s>/]/i.test(text)) return 'text/html';
  return 'text/plain';
}

/** The head as text when it is UTF-8 without NUL or other binary control bytes; else null. */
function asText(head: Uint8Array, complete: boolean): string | null {
  for (const b of head) if (b === 0 || (b < 9) || (b > 13 && b < 32 && b !== 27)) return null;
  try {
    // stream: a multi-byte character cut at the end of the head is not an error
    return new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
  } catch {
    return null;
  }
}

export function isInlineType(contentType: string): boolean {
  return INLINE.has(contentType);
}

export function isImageType(contentType: string): boolean {
  return IMAGES.has(contentType);
}

/** The Content-Type header a file is served with. */
export function servedContentType(contentType: string): string {
  return contentType === 'text/plain' ? 'text/plain; charset=utf-8' : contentType;
}

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'image/avif': 'avif',
  'application/pdf': 'pdf', 'video/mp4': 'mp4', 'video/webm': 'webm', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg',
  'audio/wav': 'wav', 'application/zip': 'zip', 'text/plain': 'txt',
};

/**
 * The name in a file's URL: the last path segment of what the client sent, reduced to
 * `[A-Za-z0-9._-]` (accents dropped, NUL and controls removed), at most 120 characters; when
 * the bytes are a known type, its extension (a PNG named `x.html` is `x.png`; an HTML page
 * named `x.png` keeps its name but is only ever served as a download).
 */
export function safeFileName(original: string, contentType: string): string {
  const last = original.split(/[/\\]/).pop() ?? '';
  let name = last
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[-.]+$/, '');
  const dot = name.lastIndexOf('.');
  let stem = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const known = EXTENSIONS[contentType];
  if (known && ext !== known && !(known === 'jpg' && ext === 'jpeg')) ext = known;
  stem = stem.slice(0, 100).replace(/[-.]+$/, '') || 'file';
  name = ext ? `${stem}.${ext.slice(0, 10)}` : stem;
  return name;
}
