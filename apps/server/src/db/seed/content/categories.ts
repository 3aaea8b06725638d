import type { SeedCategory } from './types.js';
import { gettingStarted } from './category-getting-started.js';
import { projectsAndScheduling } from './category-projects-and-scheduling.js';
import { billingSecurityTroubleshooting } from './category-account-admin.js';

/** Help-center demo content for the fictional "Fernwork" team scheduling & project app. */
export const categories: SeedCategory[] = [
  gettingStarted,
  projectsAndScheduling,
  billingSecurityTroubleshooting,
];
