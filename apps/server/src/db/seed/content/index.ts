export type {
  SeedRole,
  SeedUser,
  SeedComment,
  SeedArticle,
  SeedSection,
  SeedCategory,
} from './types.js';
export { communityUsers } from './users.js';
export { categories } from './categories.js';
export { gettingStarted } from './category-getting-started.js';
export { projectsAndScheduling } from './category-projects-and-scheduling.js';
export { billingSecurityTroubleshooting } from './category-account-admin.js';
