import type { Config } from '../config.js';
import type { Db } from '../db/data-source.js';
import { ArticleFeedbackService } from './article-feedback/article-feedback.service.js';
import { ArticleService } from './article/article.service.js';
import { AuthService } from './auth/auth.service.js';
import { CategoryService } from './category/category.service.js';
import { CommentService } from './comment/comment.service.js';
import { ModerationService } from './moderation/moderation.service.js';
import { WriteLimits } from './moderation/write-limits.js';

/** The writers of the app, built once at start and shared by every request. */
export function createServices(db: Db, config: Config) {
  const auth = new AuthService(db, config.sessionTtlDays);
  const articles = new ArticleService(db);
  const comments = new CommentService(db, config, articles);
  return {
    auth,
    articles,
    comments,
    moderation: new ModerationService(db, config, comments, articles, auth),
    writeLimits: new WriteLimits(config),
    categories: new CategoryService(db),
    feedback: new ArticleFeedbackService(db, articles),
  };
}

export type Services = ReturnType<typeof createServices>;
