import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ListKind } from './zendesk.types.js';

/** One page of a list, or why it could not be read (the importer warns and goes on). */
export type PageResult = { items: unknown[]; where: string } | { error: string; where: string };

/** Where the Help Center items come from: a folder of saved API pages, or the live API. */
export interface ZendeskSource {
  list(kind: ListKind): AsyncIterable<PageResult>;
  comments(articleId: number): AsyncIterable<PageResult>;
  articleVotes(articleId: number): AsyncIterable<PageResult>;
  commentVotes(articleId: number, commentId: number): AsyncIterable<PageResult>;
  /** The article's attachments (`article_attachments`). */
  attachments(articleId: number): AsyncIterable<PageResult>;
  /** Users by id (`/api/v2/users/show_many`); a folder has them all in `users/` and answers []. */
  showManyUsers(ids: number[]): Promise<unknown[]>;
  /** Users come on demand (show_many) rather than from a list. */
  readonly usersOnDemand: boolean;
}

const COLLECTION: Record<string, string> = { users: 'users', categories: 'categories', sections: 'sections', articles: 'articles', comments: 'comments', votes: 'votes' };

function itemsOf(body: unknown, key: string): unknown[] | null {
  const list = (body as Record<string, unknown> | null)?.[key];
  return Array.isArray(list) ? list : null;
}

/*
 * A folder as saved from the API (or written by `npm run export -- zendesk`), one JSON page
 * per file, files of one list read in name order:
 *   users/*.json  categories/*.json  sections/*.json  articles/*.json
 *   articles/<id>/comments/*.json  articles/<id>/votes/*.json
 *   articles/<id>/comments/<comment id>/votes/*.json  articles/<id>/attachments/*.json
 * Only one page is in memory at a time.
 */
export class FolderSource implements ZendeskSource {
  readonly usersOnDemand = false;
  constructor(private readonly root: string) {}

  private async *pages(dir: string, key: string): AsyncIterable<PageResult> {
    let names: string[];
    try {
      const entries = await fs.readdir(path.join(this.root, dir), { withFileTypes: true });
      names = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const name of names) {
      const where = path.posix.join(dir, name);
      let body: unknown;
      try {
        body = JSON.parse(await fs.readFile(path.join(this.root, dir, name), 'utf8'));
      } catch (e) {
        yield { error: `not a JSON page (${(e as Error).message.slice(0, 120)})`, where };
        continue;
      }
      const items = itemsOf(body, key);
      yield items ? { items, where } : { error: `no "${key}" list in the page`, where };
    }
  }

  list(kind: ListKind) {
    return this.pages(kind, COLLECTION[kind]);
  }
  comments(articleId: number) {
    return this.pages(`articles/${articleId}/comments`, 'comments');
  }
  articleVotes(articleId: number) {
    return this.pages(`articles/${articleId}/votes`, 'votes');
  }
  commentVotes(articleId: number, commentId: number) {
    return this.pages(`articles/${articleId}/comments/${commentId}/votes`, 'votes');
  }
  attachments(articleId: number) {
    return this.pages(`articles/${articleId}/attachments`, 'article_attachments');
  }
  async showManyUsers(): Promise<unknown[]> {
    return [];
  }
}

export interface ApiSourceOptions {
  /** `https://acme.zendesk.com` (http only for localhost: the tests' fake server). */
  url: string;
  email: string;
  token: string;
  pageSize?: number;
  /** Attempts per request on 429, 5xx and network errors before the list is given up (with a warning). */
  maxAttempts?: number;
  /** Longest wait for a Retry-After, in seconds. */
  maxRetryAfter?: number;
  onRetry?: (info: { url: string; status: number | null; waitMs: number }) => void;
}

/**
 * The live Help Center API: cursor pagination (`page[size]`, then `links.next` while
 * `meta.has_more`), Basic auth with an API token. A 429 waits for its Retry-After and asks
 * the same URL again, a 5xx or a dropped connection backs off and does the same, so the
 * place in a list is never lost. `links.next` must stay on the same origin (no request
 * goes where the export says but the user did not).
 */
export class ApiSource implements ZendeskSource {
  readonly usersOnDemand = true;
  private readonly origin: string;
  private readonly auth: string;

  constructor(private readonly opts: ApiSourceOptions) {
    const u = new URL(opts.url);
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) throw new Error('--url must be https:// (http:// only for localhost)');
    this.origin = u.origin;
    this.auth = `Basic ${Buffer.from(`${opts.email}/token:${opts.token}`).toString('base64')}`;
  }

  private async get(url: string): Promise<{ body: unknown } | { error: string }> {
    const max = this.opts.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      let status: number | null = null;
      let waitMs = Math.min(30_000, 250 * 2 ** (attempt - 1));
      try {
        const res = await fetch(url, { headers: { authorization: this.auth, accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(60_000) });
        status = res.status;
        if (res.ok) {
          const text = await res.text();
          try {
            return { body: JSON.parse(text) };
          } catch (e) {
            return { error: `not a JSON page (${(e as Error).message.slice(0, 120)})` };
          }
        }
        await res.body?.cancel();
        if (res.status === 429) {
          const after = Number(res.headers.get('retry-after'));
          waitMs = Math.min(this.opts.maxRetryAfter ?? 120, Number.isFinite(after) && after >= 0 ? after : 10) * 1000;
        } else if (res.status < 500) {
          return { error: `HTTP ${res.status}` };
        }
      } catch (e) {
        if (attempt >= max) return { error: `request failed: ${(e as Error).message}` };
      }
      if (attempt >= max) return { error: `HTTP ${status} after ${max} attempts` };
      this.opts.onRetry?.({ url, status, waitMs });
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }

  private async *pages(first: string, key: string): AsyncIterable<PageResult> {
    let url: string | null = `${this.origin}${first}${first.includes('?') ? '&' : '?'}page[size]=${this.opts.pageSize ?? 100}`;
    while (url) {
      const where = url.slice(this.origin.length);
      const got = await this.get(url);
      if ('error' in got) {
        yield { error: got.error, where };
        return; // without the page there is no cursor to go on from
      }
      const items = itemsOf(got.body, key);
      if (!items) {
        yield { error: `no "${key}" list in the page`, where };
        return;
      }
      yield { items, where };
      const page = got.body as { meta?: { has_more?: boolean }; links?: { next?: string | null } };
      const next = page.meta?.has_more ? page.links?.next : null;
      url = null;
      if (next) {
        const nextUrl = new URL(next, this.origin);
        if (nextUrl.origin !== this.origin) {
          yield { error: `links.next leaves ${this.origin}; the rest of the list is skipped`, where };
          return;
        }
        url = nextUrl.toString();
      }
    }
  }

  async *list(kind: ListKind): AsyncIterable<PageResult> {
    if (kind === 'users') return; // users come by id (show_many), only those the help center names
    yield* this.pages(`/api/v2/help_center/${kind}`, COLLECTION[kind]);
  }
  comments(articleId: number) {
    return this.pages(`/api/v2/help_center/articles/${articleId}/comments`, 'comments');
  }
  articleVotes(articleId: number) {
    return this.pages(`/api/v2/help_center/articles/${articleId}/votes`, 'votes');
  }
  commentVotes(articleId: number, commentId: number) {
    return this.pages(`/api/v2/help_center/articles/${articleId}/comments/${commentId}/votes`, 'votes');
  }
  attachments(articleId: number) {
    return this.pages(`/api/v2/help_center/articles/${articleId}/attachments`, 'article_attachments');
  }
  /** For downloads: the credentials go to this origin only. */
  get downloadAuth() {
    return { authorization: this.auth, authOrigin: this.origin };
  }
  async showManyUsers(ids: number[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const got = await this.get(`${this.origin}/api/v2/users/show_many?ids=${ids.slice(i, i + 100).join(',')}`);
      if ('error' in got) throw new Error(`users/show_many: ${got.error}`);
      out.push(...(itemsOf(got.body, 'users') ?? []));
    }
    return out;
  }
}
