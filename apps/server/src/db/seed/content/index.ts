export type {
  SeedRole,
  SeedUser,
  SeedComment,
  SeedArticle,
  SeedSection,
  SeedCategory,
} from './types';
export { communityUsers } from './users';
export { categories } from './categories';
export { gettingStarted } from './category-getting-started';
export { projectsAndScheduling } from './category-projects-and-scheduling';
export { billingSecurityTroubleshooting } from './category-account-admin';
