import type { ApolloClient } from '@apollo/client';
import { AppViewerDocument } from '@atrium/schema';
import { createRouter, createWebHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for signed-in users: anonymous readers go to /signin?redirect=... */
    requiresAuth?: boolean;
    /** Only for staff (AGENT, MODERATOR, ADMIN). */
    requiresStaff?: boolean;
    /** Only for MODERATOR and ADMIN. */
    requiresModerator?: boolean;
    /** Only for ADMIN. */
    requiresAdmin?: boolean;
    /** Hide the header's search box (the page has its own). */
    hideHeaderSearch?: boolean;
  }
}

// Every page is its own chunk: the first visit downloads only the shell and the page it opens.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('../pages/HomePage.vue'), meta: { hideHeaderSearch: true } },
  { path: '/categories/:slug', name: 'category', component: () => import('../pages/CategoryPage.vue') },
  { path: '/sections/:slug', name: 'section', component: () => import('../pages/SectionPage.vue') },
  { path: '/articles/:slug', name: 'article', component: () => import('../pages/ArticlePage.vue') },
  {
    path: '/articles/:slug/edit',
    name: 'article-edit',
    component: () => import('../pages/ArticleEditorPage.vue'),
    meta: { requiresStaff: true },
  },
  {
    path: '/articles/:slug/history',
    name: 'article-history',
    component: () => import('../pages/ArticleHistoryPage.vue'),
    meta: { requiresStaff: true },
  },
  { path: '/new', name: 'article-new', component: () => import('../pages/ArticleEditorPage.vue'), meta: { requiresStaff: true } },
  { path: '/search', name: 'search', component: () => import('../pages/SearchPage.vue'), meta: { hideHeaderSearch: true } },
  { path: '/signin', name: 'signin', component: () => import('../pages/SignInPage.vue') },
  { path: '/signin/sso-error', name: 'sso-error', component: () => import('../pages/SsoErrorPage.vue') },
  { path: '/signup', name: 'signup', component: () => import('../pages/SignUpPage.vue') },
  { path: '/forgot-password', name: 'forgot-password', component: () => import('../pages/ForgotPasswordPage.vue') },
  { path: '/reset-password', name: 'reset-password', component: () => import('../pages/ResetPasswordPage.vue') },
  { path: '/verify-email', name: 'verify-email', component: () => import('../pages/VerifyEmailPage.vue') },
  { path: '/users/:handle', name: 'user', component: () => import('../pages/UserProfilePage.vue') },
  { path: '/account', name: 'account', component: () => import('../pages/AccountPage.vue'), meta: { requiresAuth: true } },
  {
    path: '/moderation',
    name: 'moderation',
    component: () => import('../pages/ModerationPage.vue'),
    meta: { requiresModerator: true },
  },
  { path: '/structure', name: 'structure', component: () => import('../pages/StructurePage.vue'), meta: { requiresAdmin: true } },
  { path: '/insights', name: 'insights', component: () => import('../pages/InsightsPage.vue'), meta: { requiresStaff: true } },
  { path: '/outbox', name: 'outbox', component: () => import('../pages/OutboxPage.vue'), meta: { requiresAdmin: true } },
  { path: '/outbox/:id', name: 'outbox-mail', component: () => import('../pages/OutboxMailPage.vue'), meta: { requiresAdmin: true } },
  { path: '/webhooks', name: 'webhooks', component: () => import('../pages/WebhooksPage.vue'), meta: { requiresAdmin: true } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../pages/NotFoundPage.vue') },
];

export function createAppRouter(client: ApolloClient, history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior(to, from, saved) {
      if (saved) return saved;
      if (to.hash) return { el: to.hash, top: 80 };
      if (to.path === from.path) return false; // sort or filter changes keep the reader's place
      return { top: 0 };
    },
  });

  router.beforeEach(async (to) => {
    if (!to.meta.requiresAuth && !to.meta.requiresStaff && !to.meta.requiresModerator && !to.meta.requiresAdmin) return true;
    const { data } = await client
      .query({ query: AppViewerDocument, fetchPolicy: 'cache-first' })
      .catch(() => ({ data: undefined }));
    const viewer = data?.viewer;
    if (!viewer) return { name: 'signin', query: { redirect: to.fullPath } };
    const denied =
      (to.meta.requiresStaff && !viewer.isStaff) ||
      (to.meta.requiresModerator && viewer.role !== 'MODERATOR' && viewer.role !== 'ADMIN') ||
      (to.meta.requiresAdmin && viewer.role !== 'ADMIN');
    if (denied) return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } };
    return true;
  });

  // Move focus to the new page's heading so screen readers announce the navigation.
  router.afterEach((to, from) => {
    if (to.path === from.path || from.matched.length === 0) return;
    setTimeout(() => document.getElementById('main')?.focus({ preventScroll: true }), 0);
  });

  return router;
}
