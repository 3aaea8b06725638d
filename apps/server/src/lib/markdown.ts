import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';

type Md = InstanceType<typeof MarkdownIt>;
import type sanitizeHtml from 'sanitize-html';

// both load on the first render (a write or the first seed), not at start
const require = createRequire(import.meta.url);
let renderer: Md | null = null;
let sanitizer: typeof sanitizeHtml | null = null;
function md(): Md {
  if (renderer) return renderer;
  const Ctor = require('markdown-it') as typeof MarkdownIt;
  const it = new Ctor({ html: false, linkify: true, typographer: true, breaks: false });
  const embed = it.renderer.rules.image!;
  // images: 'link' writes `![alt](url)` as a link to the image, so a reader's browser never
  // fetches it by itself (a remote image in a comment tells its host every reader's IP address)
  it.renderer.rules.image = (tokens, idx, options, env, self) => {
    if ((env as { images?: ImageMode } | undefined)?.images === 'embed') return embed(tokens, idx, options, env, self);
    const token = tokens[idx];
    const alt = self.renderInlineAsText(token.children ?? [], options, env).trim();
    const src = String(token.attrGet('src') ?? '');
    const text = it.utils.escapeHtml(alt || src);
    // inside a link ([![alt](img)](url)) the outer link stays and the image is its text
    let open = 0;
    for (let i = 0; i < idx; i++) open += tokens[i].type === 'link_open' ? 1 : tokens[i].type === 'link_close' ? -1 : 0;
    if (open > 0) return text;
    return `<a class="image-link" href="${it.utils.escapeHtml(src)}">${text}</a>`;
  };
  return (renderer = it);
}
function sanitize(): typeof sanitizeHtml {
  return (sanitizer ??= require('sanitize-html') as typeof sanitizeHtml);
}

/**
 * Markdown in, sanitized HTML out. markdown-it renders (raw HTML off, so tags typed by
 * users are shown as text); sanitize-html then enforces an allow-list, so even a
 * renderer bug cannot let script, event handlers or javascript: URLs through.
 */

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'strong', 'del', 's',
    'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub', 'kbd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['style'],
    td: ['style'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[a-z0-9+#-]+$/], a: ['image-link'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'nofollow ugc noopener', ...(attribs.href?.startsWith('#') ? {} : { target: '_blank' }) },
    }),
  },
};

/**
 * `embed`: images stay images (staff-written article bodies: the staff chose the host).
 * `link` (the default, for everything members write): an image becomes a link to it, with
 * its alt text (or URL) as the text, so reading a page fetches nothing from a commenter's host.
 */
export type ImageMode = 'embed' | 'link';

// no <img> at all in member content, whatever the renderer did
const SANITIZE_NO_IMAGES: sanitizeHtml.IOptions = {
  ...SANITIZE,
  allowedTags: (SANITIZE.allowedTags as string[]).filter((t) => t !== 'img'),
};

export function renderMarkdown(source: string, opts: { images?: ImageMode } = {}): string {
  const html = md().render(source, { images: opts.images ?? 'link' });
  return sanitize()(html, opts.images === 'embed' ? SANITIZE : SANITIZE_NO_IMAGES);
}

/** Plain text of a markdown document, for excerpts and search snippets. */
export function plainText(source: string): string {
  return sanitize()(md().render(source, { images: 'embed' }), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function excerptOf(source: string, max = 200): string {
  const text = plainText(source);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, '')}…`;
}

/**
 * True when the markdown contains a link (for pre-moderation of first comments). An image
 * counts: it is a link to its URL (and rendered as one in comments).
 */
export function containsLink(source: string): boolean {
  return /<a\s/i.test(renderMarkdown(source, { images: 'link' }));
}
