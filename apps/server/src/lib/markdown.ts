import { createRequire } from 'node:module';
import type MarkdownIt from 'markdown-it';
import type sanitizeHtml from 'sanitize-html';

// both load on the first render (a write or the first seed), not at start
const require = createRequire(import.meta.url);
let renderer: { render(source: string): string } | null = null;
let sanitizer: typeof sanitizeHtml | null = null;
function md(): { render(source: string): string } {
  if (!renderer) {
    const Ctor = require('markdown-it') as typeof MarkdownIt;
    renderer = new Ctor({ html: false, linkify: true, typographer: true, breaks: false });
  }
  return renderer;
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
  allowedClasses: { code: [/^language-[a-z0-9+#-]+$/] },
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

export function renderMarkdown(source: string): string {
  return sanitize()(md().render(source), SANITIZE);
}

/** Plain text of a markdown document, for excerpts and search snippets. */
export function plainText(source: string): string {
  return sanitize()(md().render(source), { allowedTags: [], allowedAttributes: {} })
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

/** True when the markdown contains a link (for pre-moderation of first comments). */
export function containsLink(source: string): boolean {
  return /<a\s/i.test(renderMarkdown(source));
}
