import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AnyDomainEvent } from '../events/catalog.js';
import { log } from './logger.js';
import type { TagVersions } from './tag-versions.js';

/**
 * The anonymous page cache: whole answers (server-rendered HTML, GET persisted-query JSON)
 * for readers who are not signed in, kept in this process (bounded by bytes, least recently
 * used out), keyed by URL, each with the tags of what it shows (`article:<uuid>`,
 * `comment:<uuid>`, `section:<uuid>`, … and `*`). Correctness across instances comes from
 * the tag versions (lib/tag-versions.ts, in Redis with REDIS_URL): an entry remembers the
 * versions of its tags when it was rendered, and a hit is served only when they are still
 * current, checked on every hit. Writes bump the tags of what they changed after their
 * commit and before their response (`tagsOfEvent`, wired to the domain event log in
 * http/page-cache-http.ts).
 */
export const EVERYTHING = '*';

export interface CacheEntry {
  status: number;
  contentType: string;
  /** Headers replayed on every hit (the renderer's Vary, Content-Language, …; never Set-Cookie). */
  headers: Record<string, string>;
  body: Buffer;
  /** Weak validator of the uncompressed body. */
  etag: string;
  tags: string[];
  /** [generation, ...tag versions] when rendered; only the tag versions are compared on a hit. */
  versions: number[];
  /** Compressed copies, made on first request for each. */
  variants: Map<string, Buffer>;
}

export interface Rendered {
  status: number;
  contentType: string;
  headers?: Record<string, string>;
  body: string | Buffer;
  tags: readonly string[];
}

export function etagOf(body: string | Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match names `etag` (weak comparison, lists and `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export interface PageCacheStats {
  hits: number;
  misses: number;
  stale: number;
  stored: number;
  skipped: number;
}

export class PageCache {
  readonly stats: PageCacheStats = { hits: 0, misses: 0, stale: 0, stored: 0, skipped: 0 };
  private readonly entries: LRUCache<string, CacheEntry>;

  constructor(
    readonly versions: TagVersions,
    opts: { maxBytes: number },
  ) {
    this.entries = new LRUCache<string, CacheEntry>({
      maxSize: opts.maxBytes,
      sizeCalculation: (e) => Math.max(1, e.body.length + [...e.variants.values()].reduce((n, b) => n + b.length, 0) + 200),
    });
    versions.onReset(() => this.entries.clear());
  }

  /** The entry for `key` if every one of its tags is still at the version it was rendered with. */
  async get(key: string): Promise<CacheEntry | null> {
    const entry = this.entries.get(key);
    if (!entry) {
      this.stats.misses++;
      return null;
    }
    let current: number[];
    try {
      current = await this.versions.read(entry.tags);
    } catch (err) {
      // versions unknown (Redis unreachable): render instead
      log().debug({ err }, 'page cache: versions unavailable');
      this.stats.misses++;
      return null;
    }
    for (let i = 1; i < current.length; i++) {
      if (current[i] !== entry.versions[i]) {
        this.entries.delete(key);
        this.stats.stale++;
        return null;
      }
    }
    this.stats.hits++;
    return entry;
  }

  /**
   * Renders on a miss and stores the result when it may be: `render` runs after the generation
   * was read, and the entry is kept only when no tag was bumped while it ran, when its status is
   * 200 and when `render` said it may be cached (returned tags; null: not cacheable).
   */
  async render(key: string, render: () => Promise<Rendered | null>): Promise<{ rendered: Rendered | null; entry: CacheEntry | null }> {
    let before: number | null = null;
    try {
      before = await this.versions.generation();
    } catch {
      before = null;
    }
    const rendered = await render();
    if (!rendered || rendered.status !== 200 || before === null) {
      this.stats.skipped++;
      return { rendered, entry: null };
    }
    const tags = [...new Set([EVERYTHING, ...rendered.tags])].sort();
    let after: number[];
    try {
      after = await this.versions.read(tags);
    } catch {
      this.stats.skipped++;
      return { rendered, entry: null };
    }
    const body = typeof rendered.body === 'string' ? Buffer.from(rendered.body) : rendered.body;
    const headers = Object.fromEntries(
      Object.entries(rendered.headers ?? {}).filter(([name]) => !/^(set-cookie|content-length|content-encoding|etag|content-type)$/i.test(name)),
    );
    const entry: CacheEntry = { status: rendered.status, contentType: rendered.contentType, headers, body, etag: etagOf(body), tags, versions: after, variants: new Map() };
    if (after[0] !== before) {
      this.stats.skipped++; // something was written while this rendered: serve it, keep nothing
      return { rendered, entry };
    }
    this.entries.set(key, entry);
    this.stats.stored++;
    return { rendered, entry };
  }

  /** Bumps `tags`: every instance stops serving entries tagged with any of them. */
  invalidate(tags: readonly string[]): Promise<void> {
    return this.versions.bump([...new Set(tags)]);
  }

  /** Re-measures an entry after a compressed copy was added (the LRU counts its bytes). */
  resize(key: string, entry: CacheEntry): void {
    if (this.entries.peek(key) === entry) this.entries.set(key, entry);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  close(): Promise<void> {
    return this.versions.close();
  }
}

/**
 * The tags a domain event moves. Comment events: the comment, its ancestors (a reply count,
 * an answer mark) and its article; article events: the article and its section, plus `*` when
 * the article enters or leaves lists (published, archived, redirected); a user's status or role
 * (a ban hides their comments everywhere, a role shows as a badge): `*`. An event this map does
 * not know moves `*`: a new event is never served stale by default.
 */
export function tagsOfEvent(event: AnyDomainEvent): string[] {
  switch (event.type) {
    case 'comment.created':
    case 'comment.edited':
    case 'comment.deleted':
    case 'comment.hidden':
    case 'comment.unhidden':
    case 'comment.approved':
    case 'comment.rejected':
    case 'comment.answer_changed':
    case 'comment.voted': {
      const p = event.payload;
      return [`article:${p.articleId}`, ...p.path.map((id) => `comment:${id}`), `comment:${p.commentId}`];
    }
    case 'comment.flagged':
    case 'flag.resolved': {
      // flags are visible to staff only; an accepted flag hides the comment through comment.hidden
      return [];
    }
    case 'moderation.action':
      return []; // the change itself records its own event (comment.hidden, user.banned, …)
    case 'article.updated':
    case 'article.voted':
    case 'article.comments_locked':
    case 'article.created':
      return [`article:${event.payload.articleId}`, `section:${event.payload.sectionId}`];
    case 'article.published':
    case 'article.archived':
    case 'article.redirected':
      return [`article:${event.payload.articleId}`, `section:${event.payload.sectionId}`, EVERYTHING];
    default:
      return [EVERYTHING];
  }
}
