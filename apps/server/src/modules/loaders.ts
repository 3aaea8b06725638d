import type { Db } from '../db/data-source.js';
import type { LoaderOptions } from '../graphql/loaders.js';
import type { Viewer } from '../lib/viewer.js';
import { createArticleLoaders } from './article/article.loaders.js';
import { createCategoryLoaders } from './category/category.loaders.js';
import { createCommentLoaders } from './comment/comment.loaders.js';
import { createModerationLoaders } from './moderation/moderation.loaders.js';
import { createNotificationLoaders } from './notification/notification.loaders.js';
import { createSectionLoaders } from './section/section.loaders.js';
import { createUserLoaders } from './user/user.loaders.js';

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
