import { createRequire } from 'node:module';
import type sanitizeHtml from 'sanitize-html';
import type TurndownService from 'turndown';

// both load on the first import, not at start
const require = createRequire(import.meta.url);
let turndown: TurndownService | null = null;

function converter(): TurndownService {
  if (turndown) return turndown;
  const Turndown = require('turndown') as typeof TurndownService;
  const { gfm } = require('turndown-plugin-gfm') as { gfm: TurndownService.Plugin };
  const t = new Turndown({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '_', hr: '---' });
  t.use(gfm);
  return (turndown = t);
}

// what Zendesk's editor writes and markdown can say; the rest keeps its text only.
// The stored HTML is rendered again from the markdown by lib/markdown.ts (the same
// allow-list as every article), so this list only decides what reaches turndown.
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'div', 'span', 'br', 'hr', 'blockquote', 'pre', 'code', 'em', 'i', 'strong', 'b', 'u',
    'del', 's', 'strike', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'sup', 'sub', 'kbd', 'dl', 'dt', 'dd',
  ],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'], code: ['class'], pre: ['class'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
};

const DANGEROUS = /<\s*(script|iframe|object|embed|style|form|frame|frameset|meta|link|base)\b|\son[a-z]+\s*=|javascript:|vbscript:|data:text\/html/i;

export interface Converted {
  markdown: string;
  /** What was dropped because it must never run in a reader's browser (scripts, handlers, frames…). */
  removedActiveContent: boolean;
}

/**
 * A Zendesk HTML body as markdown for the editor. Relative image sources point at the old
 * help center (`origin`) until attachments are copied; relative links stay relative, so
 * `/hc/<locale>/articles/<id>` links reach the 301s of http/zendesk-redirects.ts.
 */
export function htmlToMarkdown(html: string, origin: string | null, copied: ReadonlyMap<string, string> = new Map()): Converted {
  const sanitize = require('sanitize-html') as typeof sanitizeHtml;
  const removedActiveContent = DANGEROUS.test(html);
  const clean = sanitize(html, {
    ...ALLOWED,
    transformTags: {
      // copied files get their new address; other relative sources point at the old help center
      img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, ...(attribs.src ? { src: copiedOr(absolute(attribs.src, origin), copied) } : {}) } }),
      a: (tagName, attribs) => {
        const abs = attribs.href ? absolute(attribs.href, origin) : null;
        return { tagName, attribs: { ...attribs, ...(abs && copied.has(abs) ? { href: copied.get(abs)! } : {}) } };
      },
    },
  });
  const markdown = converter()
    .turndown(clean)
    .replace(/\u00a0/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { markdown, removedActiveContent };
}

function copiedOr(url: string, copied: ReadonlyMap<string, string>): string {
  return copied.get(url) ?? url;
}

/** An absolute http(s) URL for a reference in a body (relative ones against `origin`), or null. */
export function absoluteUrl(ref: string, origin: string | null): string | null {
  try {
    const u = origin ? new URL(ref, origin) : new URL(ref);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function absolute(src: string, origin: string | null): string {
  if (!origin || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return src;
  try {
    return new URL(src, origin).toString();
  } catch {
    return src;
  }
}

/** The scheme and host of a Zendesk `html_url` (where relative image sources live), or null. */
export function originOf(htmlUrl: string | null | undefined): string | null {
  if (!htmlUrl) return null;
  try {
    const u = new URL(htmlUrl);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}
