import type { AccessRule, AuthorizationTable } from '../graphql/authorization.js';

/*
 * THE authorization table (#21): for every mutation, subscription and protected query, the
 * least role and the API token scope it needs. graphql/authorization.ts applies it in front of
 * the resolvers (sessions: role only; API tokens: role at the time of use AND scope).
 * test/authorization.test.ts fails when a mutation is missing here and runs every mutation with
 * a token of every single scope. Ownership, suspension and visibility stay in the policies.
 *
 *   PUBLIC      anyone, signed in or not          SIGNED_IN  any account
 *   MEMBER..    the least role                     scope null any token (READ is always held)
 *   SESSION     a session only: tokens never create tokens or change password, email, sessions
 */
const anyone: AccessRule = { access: 'PUBLIC', scope: null };
const sessionOnly: AccessRule = { access: 'SIGNED_IN', scope: 'SESSION' };
const comments: AccessRule = { access: 'SIGNED_IN', scope: 'WRITE_COMMENTS' };
const votes: AccessRule = { access: 'SIGNED_IN', scope: 'WRITE_VOTES' };
const notifications: AccessRule = { access: 'SIGNED_IN', scope: 'WRITE_NOTIFICATIONS' };
const content: AccessRule = { access: 'AGENT', scope: 'ADMIN_CONTENT' };
const structure: AccessRule = { access: 'ADMIN', scope: 'ADMIN_CONTENT' };
const moderation: AccessRule = { access: 'MODERATOR', scope: 'MODERATE' };
const userAdmin: AccessRule = { access: 'ADMIN', scope: 'ADMIN_USERS' };
const webhooks: AccessRule = { access: 'ADMIN', scope: 'ADMIN_WEBHOOKS' };

export const AUTHORIZATION = {
  // signing in and out, account recovery: for whoever holds the password or the mailed link
  'Mutation.signUp': anyone,
  'Mutation.signIn': anyone,
  'Mutation.signOut': anyone,
  'Mutation.requestPasswordReset': anyone,
  'Mutation.resetPassword': anyone,
  'Mutation.verifyEmail': anyone,
  // the account's credentials and settings: a session only
  'Mutation.createApiToken': sessionOnly,
  'Mutation.revokeApiToken': sessionOnly,
  'Mutation.revokeSession': sessionOnly,
  'Mutation.signOutEverywhere': sessionOnly,
  'Mutation.changePassword': sessionOnly,
  'Mutation.changeEmail': sessionOnly,
  'Mutation.resendVerificationEmail': sessionOnly,
  'Mutation.updateProfile': sessionOnly,
  // a member's own writes
  'Mutation.addComment': comments,
  'Mutation.updateComment': comments,
  // the author's own delete; a moderator deleting someone else's comment needs MODERATE too (moderation service)
  'Mutation.deleteComment': comments,
  'Mutation.flagComment': comments,
  'Mutation.voteComment': votes,
  'Mutation.voteArticle': votes,
  'Mutation.followArticle': notifications,
  'Mutation.unfollowArticle': notifications,
  'Mutation.markNotificationsRead': notifications,
  'Mutation.updateNotificationPreferences': notifications,
  // knowledge-base content
  'Mutation.createArticle': content,
  'Mutation.updateArticle': content,
  'Mutation.publishArticle': content,
  'Mutation.archiveArticle': content,
  'Mutation.removeArticleAttachment': content,
  'Mutation.restoreArticleRevision': content,
  'Mutation.setArticleRedirect': content,
  'Mutation.markOfficialAnswer': content,
  'Mutation.unmarkOfficialAnswer': content,
  'Mutation.createCategory': structure,
  'Mutation.updateCategory': structure,
  'Mutation.reorderCategories': structure,
  'Mutation.deleteCategory': structure,
  'Mutation.createSection': structure,
  'Mutation.updateSection': structure,
  'Mutation.reorderSections': structure,
  'Mutation.deleteSection': structure,
  // moderation
  'Mutation.hideComment': moderation,
  'Mutation.unhideComment': moderation,
  'Mutation.approveComment': moderation,
  'Mutation.rejectComment': moderation,
  'Mutation.resolveFlag': moderation,
  'Mutation.lockArticleComments': moderation,
  'Mutation.suspendUser': moderation,
  'Mutation.banUser': moderation,
  'Mutation.reinstateUser': moderation,
  'Query.moderationQueue': moderation,
  'Query.moderationLog': moderation,
  'Query.users': moderation,
  'Subscription.moderationQueue': moderation,
  // administration
  'Mutation.setUserRole': userAdmin,
  'Mutation.retryMail': userAdmin,
  'Query.mailOutbox': userAdmin,
  'Query.mailSettings': userAdmin,
  // webhooks (#21): endpoints, their delivery logs, pings and redeliveries
  'Mutation.createWebhookEndpoint': webhooks,
  'Mutation.updateWebhookEndpoint': webhooks,
  'Mutation.rotateWebhookSecret': webhooks,
  'Mutation.deleteWebhookEndpoint': webhooks,
  'Mutation.pingWebhookEndpoint': webhooks,
  'Mutation.redeliverWebhook': webhooks,
  'Query.webhookEndpoints': webhooks,
  'Query.webhookDeliveries': webhooks,
  // article health (#22): counting a view or an opened search result is for anyone; the dashboard and the queue for staff
  'Mutation.recordArticleView': anyone,
  'Mutation.recordSearchResultOpened': anyone,
  'Mutation.assignAttentionItem': content,
  'Mutation.snoozeAttentionItem': content,
  'Mutation.markArticleReviewed': content,
  'Mutation.setArticleReview': content,
  'Query.helpCenterInsights': { access: 'AGENT', scope: null },
  'Query.articleInsights': { access: 'AGENT', scope: null },
  'Query.attentionQueue': { access: 'AGENT', scope: null },
  // live events: public ones for anyone (visibility filters each event), one's own notifications
  'Subscription.commentEvents': anyone,
  'Subscription.articleVotes': anyone,
  'Subscription.notifications': { access: 'SIGNED_IN', scope: 'READ' },
} satisfies AuthorizationTable;

/**
 * Objects fetched by id through `node`/`nodes` that only some may see: a viewer (or token)
 * the rule refuses gets null, as for any object it may not see.
 */
export const NODE_AUTHORIZATION: Readonly<Record<string, AccessRule>> = {
  Mail: userAdmin,
  WebhookEndpoint: webhooks,
  WebhookDelivery: webhooks,
  Flag: moderation,
  ModerationAction: moderation,
};

/** Rules a service applies where the field's row is not enough (it depends on the object). */
export const AUTHORIZATION_BEYOND_FIELDS = {
  /** deleteComment on another member's comment is moderation: MODERATE for a token. */
  deleteOthersComment: moderation,
  /** User.email (and emailVerified) of someone else: admins, and their tokens with ADMIN_USERS. */
  readOthersEmail: userAdmin,
} as const satisfies Record<string, AccessRule>;
