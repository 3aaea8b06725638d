import type { SeedCategory } from './types';
import { gettingStarted } from './category-getting-started';
import { projectsAndScheduling } from './category-projects-and-scheduling';
import { billingSecurityTroubleshooting } from './category-account-admin';

/** Help-center demo content for the fictional "Fernwork" team scheduling & project app. */
export const categories: SeedCategory[] = [
  gettingStarted,
  projectsAndScheduling,
  billingSecurityTroubleshooting,
];
