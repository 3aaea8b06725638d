export type SeedRole = 'MEMBER' | 'AGENT' | 'MODERATOR' | 'ADMIN';

export interface SeedUser {
  handle: string;
  displayName: string;
  role: SeedRole;
}

export interface SeedComment {
  /** A handle from `communityUsers` or one of: admin, moderator, agent, member. */
  author: string;
  /** Markdown. */
  body: string;
  /** How many distinct users voted up (<= 30). */
  upvotes?: number;
  /** How many distinct users voted down (<= 10). */
  downvotes?: number;
  replies?: SeedComment[];
}

export interface SeedArticle {
  slug: string;
  title: string;
  /** Markdown. */
  body: string;
  /** 1-4 lowercase labels. */
  labels: string[];
  promoted?: boolean;
  /** Defaults to PUBLISHED. */
  status?: 'PUBLISHED' | 'DRAFT';
  /** Feedback votes; helpful + notHelpful <= 40. */
  helpful: number;
  notHelpful: number;
  comments?: SeedComment[];
}

export interface SeedSection {
  slug: string;
  name: string;
  description: string;
  articles: SeedArticle[];
}

export interface SeedCategory {
  slug: string;
  name: string;
  description: string;
  sections: SeedSection[];
}
