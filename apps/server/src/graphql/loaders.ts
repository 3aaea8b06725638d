import DataLoader from 'dataloader';
import type { Db } from '../db/data-source.js';
import type { Viewer } from '../lib/viewer.js';
import { createArticleLoaders } from '../modules/article/article.loaders.js';
import { createCategoryLoaders } from '../modules/category/category.loaders.js';
import { createCommentLoaders } from '../modules/comment/comment.loaders.js';
import { createModerationLoaders } from '../modules/moderation/moderation.loaders.js';
import { createNotificationLoaders } from '../modules/notification/notification.loaders.js';
import { createSectionLoaders } from '../modules/section/section.loaders.js';
import { createUserLoaders } from '../modules/user/user.loaders.js';

export interface LoaderOptions {
  /** false for subscriptions: graphql-ws keeps one context per subscription and a cache would go stale. */
  cache: boolean;
}

/**
 * A batch loader that dedupes keys and answers in key order, `null` for misses.
 * `fetch` returns the found values keyed by the same key.
 */
export function createLoader<K, V>(
  fetch: (keys: readonly K[]) => Promise<Map<K, V>>,
  { cache }: LoaderOptions,
  defaultValue: V | null = null,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const found = await fetch(keys);
      return keys.map((k) => (found.has(k) ? (found.get(k) as V) : defaultValue));
    },
    { cache, maxBatchSize: 1000 },
  );
}

/** Groups rows into a Map by a key. */
export function groupBy<K, V>(rows: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function indexBy<K, V>(rows: readonly V[], key: (v: V) => K): Map<K, V> {
  return new Map(rows.map((r) => [key(r), r]));
}

type UserLoaders = ReturnType<typeof createUserLoaders>;
type CategoryLoaders = ReturnType<typeof createCategoryLoaders>;
type SectionLoaders = ReturnType<typeof createSectionLoaders>;
type ArticleLoaders = ReturnType<typeof createArticleLoaders>;
type CommentLoaders = ReturnType<typeof createCommentLoaders>;
type NotificationLoaders = ReturnType<typeof createNotificationLoaders>;
type ModerationLoaders = ReturnType<typeof createModerationLoaders>;

/**
 * The request's loaders, each module's set made on first use: most operations touch two or
 * three of them, and a request should not build twenty DataLoaders it never calls.
 */
export class Loaders {
  private _users?: UserLoaders;
  private _categories?: CategoryLoaders;
  private _sections?: SectionLoaders;
  private _articles?: ArticleLoaders;
  private _comments?: CommentLoaders;
  private _notifications?: NotificationLoaders;
  private _moderation?: ModerationLoaders;

  /**
   * `shared`: a viewer's loaders on top of an anonymous set (live events): what does not
   * depend on the viewer (users, categories, sections, articles and comments by id) is read
   * once for all subscribers.
   */
  constructor(
    private readonly db: Db,
    private readonly viewer: Viewer | null,
    private readonly opts: LoaderOptions,
    private readonly shared?: Loaders,
  ) {}

  get users(): UserLoaders {
    return (this._users ??= this.shared?.users ?? createUserLoaders(this.db, this.opts));
  }
  get categories(): CategoryLoaders {
    return (this._categories ??= this.shared?.categories ?? createCategoryLoaders(this.db, this.opts));
  }
  get sections(): SectionLoaders {
    return (this._sections ??= this.shared?.sections ?? createSectionLoaders(this.db, this.opts));
  }
  get articles(): ArticleLoaders {
    if (!this._articles) {
      const own = createArticleLoaders(this.db, this.viewer, this.opts);
      const s = this.shared?.articles;
      this._articles = s ? { ...own, byId: s.byId, bySlug: s.bySlug } : own;
    }
    return this._articles;
  }
  get comments(): CommentLoaders {
    if (!this._comments) {
      const own = createCommentLoaders(this.db, this.viewer, this.opts);
      this._comments = this.shared ? { ...own, byId: this.shared.comments.byId } : own;
    }
    return this._comments;
  }
  get notifications(): NotificationLoaders {
    return (this._notifications ??= createNotificationLoaders(this.db, this.viewer, this.opts));
  }
  get moderation(): ModerationLoaders {
    return (this._moderation ??= createModerationLoaders(this.db, this.opts));
  }
}

export function createLoaders(db: Db, viewer: Viewer | null, opts: LoaderOptions): Loaders {
  return new Loaders(db, viewer, opts);
}
