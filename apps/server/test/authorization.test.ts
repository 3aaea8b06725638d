import { randomBytes } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as ops from '@atrium/schema';
import { buildArticle, buildCategory, buildComment, buildSection, buildUser, type TestUser } from './factories.js';
import { app, sql, useTestApp } from './harness.js';
import { toGlobalId } from '../src/graphql/global-id.js';
import { encodeAttentionItemId } from '../src/modules/insights/insights.keys.js';
import { API_TOKEN_PREFIX, tokenHash } from '../src/modules/auth/auth.service.js';
import { AUTHORIZATION } from '../src/modules/authorization.js';
import type { AccessRule } from '../src/graphql/authorization.js';
import { API_TOKEN_SCOPES, normalizeScopes, type ApiTokenScope } from '../src/lib/scopes.js';

useTestApp();

/**
 * Every mutation of API.md against every kind of caller. `owner` is the member who owns
 * the object under test; `other` is another member. null = allowed.
 */
type Who = 'anonymous' | 'owner' | 'other' | 'agent' | 'moderator' | 'admin' | 'suspended' | 'banned';
const WHO: Who[] = ['anonymous', 'owner', 'other', 'agent', 'moderator', 'admin', 'suspended', 'banned'];
type Outcome = string | null;

const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';
const ok = null;

/** Codes in WHO order. */
function row(...codes: Outcome[]): Record<Who, Outcome> {
  return Object.fromEntries(WHO.map((w, i) => [w, codes[i]])) as Record<Who, Outcome>;
}
const anyMember = row(U, ok, ok, ok, ok, ok, F, U);
const staffWriters = row(U, F, F, ok, ok, ok, F, U);
const moderators = row(U, F, F, F, ok, ok, F, U);
const admins = row(U, F, F, F, F, ok, F, U);

interface Case {
  doc: DocumentNode;
  expect: Record<Who, Outcome>;
  vars: (owner: TestUser) => Promise<Record<string, unknown>>;
}

/** The secret of a link as mailed to the owner (only its hash is stored). */
async function mailedLink(owner: TestUser, purpose: 'PASSWORD_RESET' | 'VERIFY_EMAIL'): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  await sql(`insert into account_tokens (user_id, purpose, token_hash, email, expires_at) values ($1, $2, $3, $4, now() + interval '1 hour')`, [owner.id, purpose, tokenHash(secret), owner.email]);
  return secret;
}

/** A disabled endpoint at a documentation address (192.0.2.0/24: the worker refuses it). */
async function webhookEndpoint(): Promise<string> {
  const [e] = await sql<{ id: string }>(`insert into webhook_endpoints (url, events, secret, active, updated_at) values ('https://192.0.2.1/hook', '{comment.published}', 'whsec_x', false, now()) returning id`);
  return toGlobalId('WebhookEndpoint', e.id);
}

const comment = async (owner: TestUser, status: 'PUBLISHED' | 'PENDING' = 'PUBLISHED') => (await buildComment({ author: owner, status })).gid;

const cases: Record<string, Case> = {
  signUp: { doc: ops.SignUpDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { handle: `n_${Math.random().toString(36).slice(2, 10)}`, displayName: 'N', email: `${Math.random().toString(36).slice(2)}@x.example`, password: 'long enough pw' } }) },
  signIn: { doc: ops.SignInDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async (owner) => ({ input: { login: owner.handle, password: 'correct horse battery' } }) },
  signOut: { doc: ops.SignOutDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async () => ({}) },
  createApiToken: { doc: ops.CreateApiTokenDocument, expect: anyMember, vars: async () => ({ input: { name: 'bot' } }) },
  revokeApiToken: {
    doc: ops.RevokeApiTokenDocument,
    expect: row(U, ok, 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', U),
    vars: async (owner) => {
      const [t] = await sql<{ id: string }>(`insert into api_tokens (user_id, name, token_hash) values ($1, 'x', $2) returning id`, [owner.id, Math.random().toString()]);
      return { input: { apiTokenId: toGlobalId('ApiToken', t.id) } };
    },
  },
  // ending one's own sessions is allowed while suspended (like signOut); someone else's session is NOT_FOUND
  revokeSession: {
    doc: ops.RevokeSessionDocument,
    expect: row(U, ok, 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', U),
    vars: async (owner) => {
      const [s] = await sql<{ id: string }>(`insert into sessions (user_id, token_hash, expires_at) values ($1, $2, now() + interval '1 day') returning id`, [owner.id, Math.random().toString()]);
      return { input: { sessionId: toGlobalId('Session', s.id) } };
    },
  },
  signOutEverywhere: { doc: ops.SignOutEverywhereDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({}) },
  // account security: a link from a mail works for whoever holds it (signed in, only one's own verification link)
  requestPasswordReset: { doc: ops.RequestPasswordResetDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async (owner) => ({ input: { email: owner.email } }) },
  resetPassword: { doc: ops.ResetPasswordDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async (owner) => ({ input: { token: await mailedLink(owner, 'PASSWORD_RESET'), password: 'plum orchard lantern 42' } }) },
  verifyEmail: {
    doc: ops.VerifyEmailDocument,
    expect: row(ok, ok, 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', U),
    vars: async (owner) => ({ input: { token: await mailedLink(owner, 'VERIFY_EMAIL') } }),
  },
  resendVerificationEmail: { doc: ops.ResendVerificationEmailDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({}) },
  changePassword: { doc: ops.ChangePasswordDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { currentPassword: 'correct horse battery', newPassword: 'plum orchard lantern 42' } }) },
  changeEmail: { doc: ops.ChangeEmailDocument, expect: anyMember, vars: async () => ({ input: { currentPassword: 'correct horse battery', newEmail: `${Math.random().toString(36).slice(2)}@x.example` } }) },
  updateProfile: { doc: ops.UpdateProfileDocument, expect: anyMember, vars: async () => ({ input: { displayName: 'New Name' } }) },
  updateNotificationPreferences: { doc: ops.UpdateNotificationPreferencesDocument, expect: anyMember, vars: async () => ({ input: { follows: 'WEEKLY' } }) },
  retryMail: {
    doc: ops.RetryMailDocument,
    expect: admins,
    vars: async () => {
      const [m] = await sql<{ id: string }>(
        `insert into mails (kind, "to", subject, text, html, dedupe_key, status, last_error) values ('TEST', 'x@test.example', 's', 't', 'h', $1, 'FAILED', '550') returning id`,
        [`auth:${Math.random()}`],
      );
      return { input: { mailId: toGlobalId('Mail', m.id) } };
    },
  },
  // article health (#22)
  recordArticleView: { doc: ops.RecordArticleViewDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  recordSearchResultOpened: { doc: ops.RecordSearchResultOpenedDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { query: 'help', articleId: (await buildArticle()).gid } }) },
  assignAttentionItem: { doc: ops.AssignAttentionItemDocument, expect: staffWriters, vars: async () => ({ input: { itemId: encodeAttentionItemId(`article:${(await buildArticle()).id}`), assigneeId: null } }) },
  snoozeAttentionItem: { doc: ops.SnoozeAttentionItemDocument, expect: staffWriters, vars: async () => ({ input: { itemId: encodeAttentionItemId(`article:${(await buildArticle()).id}`), until: null } }) },
  markArticleReviewed: { doc: ops.MarkArticleReviewedDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  setArticleReview: { doc: ops.SetArticleReviewDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle()).gid, reviewIntervalDays: 30 } }) },
  createCategory: { doc: ops.CreateCategoryDocument, expect: admins, vars: async () => ({ input: { name: `C ${Math.random()}` } }) },
  createSection: { doc: ops.CreateSectionDocument, expect: admins, vars: async () => ({ input: { categoryId: (await buildCategory()).gid, name: `S ${Math.random()}` } }) },
  updateCategory: { doc: ops.UpdateCategoryDocument, expect: admins, vars: async () => ({ input: { categoryId: (await buildCategory()).gid, name: 'Renamed' } }) },
  updateSection: { doc: ops.UpdateSectionDocument, expect: admins, vars: async () => ({ input: { sectionId: (await buildSection()).gid, name: 'Renamed' } }) },
  reorderCategories: {
    doc: ops.ReorderCategoriesDocument,
    expect: admins,
    vars: async () => {
      await buildCategory();
      const rows = await sql<{ id: string }>('select id from categories order by position desc, id desc');
      return { input: { categoryIds: rows.map((r) => toGlobalId('Category', r.id)) } };
    },
  },
  reorderSections: {
    doc: ops.ReorderSectionsDocument,
    expect: admins,
    vars: async () => {
      const category = await buildCategory();
      const [a, b] = [await buildSection({ category }), await buildSection({ category })];
      return { input: { categoryId: category.gid, sectionIds: [b.gid, a.gid] } };
    },
  },
  deleteCategory: { doc: ops.DeleteCategoryDocument, expect: admins, vars: async () => ({ input: { categoryId: (await buildCategory()).gid } }) },
  deleteSection: { doc: ops.DeleteSectionDocument, expect: admins, vars: async () => ({ input: { sectionId: (await buildSection()).gid } }) },
  setArticleRedirect: {
    doc: ops.SetArticleRedirectDocument,
    expect: staffWriters,
    vars: async () => ({ input: { articleId: (await buildArticle()).gid, redirectToId: (await buildArticle()).gid } }),
  },
  createArticle: { doc: ops.CreateArticleDocument, expect: staffWriters, vars: async () => ({ input: { sectionId: (await buildSection()).gid, title: 'T', body: 'B' } }) },
  updateArticle: { doc: ops.UpdateArticleDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle()).gid, title: 'T2' } }) },
  publishArticle: { doc: ops.PublishArticleDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle({ status: 'PUBLISHED' })).gid } }) },
  restoreArticleRevision: {
    doc: ops.RestoreArticleRevisionDocument,
    expect: staffWriters,
    vars: async () => {
      const a = await buildArticle();
      const [r] = await sql<{ id: string }>(`insert into article_revisions (article_id, author_id, title, body) select id, author_id, 'Older', 'older body' from articles where id = $1 returning id`, [a.id]);
      return { input: { articleId: a.gid, revisionId: toGlobalId('ArticleRevision', r.id) } };
    },
  },
  archiveArticle: { doc: ops.ArchiveArticleDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  removeArticleAttachment: { doc: ops.RemoveArticleAttachmentDocument, expect: staffWriters, vars: async () => ({ input: { attachmentId: toGlobalId('Attachment', (await app().services.files.store({ bytes: Buffer.from(`notes ${Math.random()}`), filename: 'notes.txt', uploaderId: null, purpose: 'ARTICLE_ATTACHMENT', articleId: (await buildArticle()).id })).id) } }) },
  voteArticle: { doc: ops.VoteArticleDocument, expect: anyMember, vars: async () => ({ input: { articleId: (await buildArticle()).gid, helpful: true } }) },
  addComment: { doc: ops.AddCommentDocument, expect: anyMember, vars: async () => ({ input: { articleId: (await buildArticle()).gid, body: 'hello' } }) },
  updateComment: { doc: ops.UpdateCommentDocument, expect: row(U, ok, F, F, F, F, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner), body: 'edited' } }) },
  deleteComment: { doc: ops.DeleteCommentDocument, expect: row(U, ok, F, F, ok, ok, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner) } }) },
  voteComment: { doc: ops.VoteCommentDocument, expect: row(U, F, ok, ok, ok, ok, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner), value: 'UP' } }) },
  flagComment: { doc: ops.FlagCommentDocument, expect: row(U, F, ok, ok, ok, ok, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner), reason: 'SPAM' } }) },
  // staff mark any published reply (here the owner's reply to another member's question) as the answer
  markOfficialAnswer: { doc: ops.MarkOfficialAnswerDocument, expect: staffWriters, vars: async (owner) => ({ input: { commentId: (await buildComment({ author: owner, parent: await buildComment() })).gid } }) },
  unmarkOfficialAnswer: {
    doc: ops.UnmarkOfficialAnswerDocument,
    expect: staffWriters,
    vars: async (owner) => {
      const question = await buildComment();
      const answer = await buildComment({ author: owner, parent: question });
      const staff = await buildUser({ role: 'AGENT' });
      await sql('update comments set accepted_by = $2, accepted_at = now() where id = $1', [answer.id, staff.id]);
      await sql('update comments set accepted_answer_id = $2 where id = $1', [question.id, answer.id]);
      return { input: { commentId: answer.gid } };
    },
  },
  hideComment: { doc: ops.HideCommentDocument, expect: moderators, vars: async (owner) => ({ input: { commentId: await comment(owner), reason: 'SPAM' } }) },
  unhideComment: {
    doc: ops.UnhideCommentDocument,
    expect: moderators,
    vars: async (owner) => {
      const c = await buildComment({ author: owner, status: 'HIDDEN' });
      return { input: { commentId: c.gid } };
    },
  },
  approveComment: { doc: ops.ApproveCommentDocument, expect: moderators, vars: async (owner) => ({ input: { commentId: await comment(owner, 'PENDING') } }) },
  rejectComment: { doc: ops.RejectCommentDocument, expect: moderators, vars: async (owner) => ({ input: { commentId: await comment(owner, 'PENDING') } }) },
  resolveFlag: {
    doc: ops.ResolveFlagDocument,
    expect: moderators,
    vars: async (owner) => {
      const c = await buildComment({ author: owner });
      const reporter = await buildUser();
      const [f] = await sql<{ id: string }>(`insert into flags (comment_id, reporter_id, reason) values ($1, $2, 'SPAM') returning id`, [c.id, reporter.id]);
      return { input: { flagId: toGlobalId('Flag', f.id), accept: false } };
    },
  },
  lockArticleComments: { doc: ops.LockArticleCommentsDocument, expect: moderators, vars: async () => ({ input: { articleId: (await buildArticle()).gid, locked: true } }) },
  suspendUser: { doc: ops.SuspendUserDocument, expect: moderators, vars: async (owner) => ({ input: { userId: owner.gid, until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'r' } }) },
  banUser: { doc: ops.BanUserDocument, expect: moderators, vars: async (owner) => ({ input: { userId: owner.gid } }) },
  reinstateUser: { doc: ops.ReinstateUserDocument, expect: moderators, vars: async (owner) => ({ input: { userId: owner.gid } }) },
  setUserRole: { doc: ops.SetUserRoleDocument, expect: admins, vars: async (owner) => ({ input: { userId: owner.gid, role: 'AGENT' } }) },
  // a suspended account is read-only: no follows, no marking read (reading its notifications stays allowed)
  followArticle: { doc: ops.FollowArticleDocument, expect: anyMember, vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  unfollowArticle: { doc: ops.UnfollowArticleDocument, expect: anyMember, vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  markNotificationsRead: { doc: ops.MarkNotificationsReadDocument, expect: anyMember, vars: async () => ({ input: {} }) },
  // webhooks (#21): admins only; the endpoints point at a documentation address (never reached: refused as reserved)
  createWebhookEndpoint: { doc: ops.CreateWebhookEndpointDocument, expect: admins, vars: async () => ({ input: { url: 'https://93.184.216.34/hook', events: ['COMMENT_PUBLISHED'], active: false } }) },
  updateWebhookEndpoint: { doc: ops.UpdateWebhookEndpointDocument, expect: admins, vars: async () => ({ input: { webhookEndpointId: await webhookEndpoint(), description: 'changed' } }) },
  rotateWebhookSecret: { doc: ops.RotateWebhookSecretDocument, expect: admins, vars: async () => ({ input: { webhookEndpointId: await webhookEndpoint() } }) },
  deleteWebhookEndpoint: { doc: ops.DeleteWebhookEndpointDocument, expect: admins, vars: async () => ({ input: { webhookEndpointId: await webhookEndpoint() } }) },
  pingWebhookEndpoint: { doc: ops.PingWebhookEndpointDocument, expect: admins, vars: async () => ({ input: { webhookEndpointId: await webhookEndpoint() } }) },
  redeliverWebhook: { doc: ops.RedeliverWebhookDocument, expect: admins, vars: async () => ({ input: { webhookEndpointId: await webhookEndpoint() } }) },
};

async function caller(who: Who, owner: TestUser): Promise<TestUser | null> {
  switch (who) {
    case 'anonymous':
      return null;
    case 'owner':
      return owner;
    case 'other':
      return buildUser();
    case 'agent':
    case 'moderator':
    case 'admin':
      return buildUser({ role: who.toUpperCase() as 'AGENT' });
    case 'suspended':
      return buildUser({ status: 'SUSPENDED' });
    case 'banned':
      return buildUser({ status: 'BANNED' });
  }
}

/** Posts one operation as `as` (a bearer session) and answers its first error's code (null: none). */
async function send(doc: DocumentNode, variables: Record<string, unknown>, as: TestUser | null) {
  const res = await fetch(`${app().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as.token}` } : {}) },
    body: JSON.stringify({ query: print(doc), variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  const error = body.errors?.[0];
  return { got: (error?.extensions?.code as string | undefined) ?? null, message: error?.message, extensions: error?.extensions ?? {} };
}

const table = Object.entries(cases).flatMap(([name, c]) => WHO.map((who) => [name, who, c.expect[who]] as const));

describe('authorization of every mutation', () => {
  it.each(table)('%s as %s → %s', async (name, who, code) => {
    const c = cases[name];
    const owner = await buildUser();
    const variables = await c.vars(owner);
    const as = await caller(who, owner);
    const { got, message } = await send(c.doc, variables, as);
    expect({ got, message }).toMatchObject({ got: code });
    expect(got).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('covers every mutation of the schema', async () => {
    const { buildSchema } = await import('../src/modules/schema.js');
    const names = Object.keys((await buildSchema()).getMutationType()!.getFields());
    expect(names.filter((n) => !(n in cases))).toEqual([]);
  });

  it('has a row of the authorization table for every mutation and subscription, and no row for a field that is gone', async () => {
    const { buildSchema } = await import('../src/modules/schema.js');
    const schema = await buildSchema();
    const roots = [schema.getMutationType()!, schema.getSubscriptionType()!];
    const fields = roots.flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`));
    expect(fields.filter((f) => !(f in AUTHORIZATION))).toEqual([]);
    const stale = Object.keys(AUTHORIZATION).filter((key) => {
      const [type, field] = key.split('.');
      const t = schema.getType(type);
      return !(t && 'getFields' in t && field in t.getFields());
    });
    expect(stale).toEqual([]);
  });
});

/*
 * Suspension, mutation by mutation: the caller is one who may do it while active (the owner
 * for author-only writes, else an admin), once active and once suspended. A suspended
 * account may only sign in, sign up, sign out and revoke its own API tokens.
 */
const ACTS_AS_OWNER = new Set(['updateComment', 'revokeApiToken', 'revokeSession', 'verifyEmail']);
// ending one's own access and securing one's own account (not changeEmail: a profile change)
const SUSPENDED_MAY = new Set(['signUp', 'signIn', 'signOut', 'revokeApiToken', 'revokeSession', 'signOutEverywhere',
  'requestPasswordReset', 'resetPassword', 'verifyEmail', 'resendVerificationEmail', 'changePassword',
  // reading is not writing: a suspended reader's views and opened search results count (#22)
  'recordArticleView', 'recordSearchResultOpened']);
const suspensionTable = Object.keys(cases).flatMap((name) => [[name, 'ACTIVE'], [name, 'SUSPENDED']] as const);

describe('what a suspended account may do', () => {
  it.each(suspensionTable)('%s by a %s account that may otherwise do it', async (name, status) => {
    const c = cases[name];
    const owner = await buildUser();
    const variables = await c.vars(owner);
    const actor = ACTS_AS_OWNER.has(name) ? owner : await buildUser({ role: 'ADMIN' });
    if (status === 'SUSPENDED') await sql(`update users set status = 'SUSPENDED', suspended_until = now() + interval '1 day' where id = $1`, [actor.id]);
    const res = await send(c.doc, variables, actor);
    if (status === 'ACTIVE' || SUSPENDED_MAY.has(name)) {
      expect({ got: res.got, message: res.message }).toEqual({ got: null, message: undefined });
    } else {
      expect(res).toMatchObject({
        got: 'FORBIDDEN',
        message: expect.stringMatching(/^Your account is suspended until \S+: you can read, sign out and revoke your API tokens/),
        extensions: { reason: 'VIEWER_SUSPENDED', suspendedUntil: expect.any(String) },
      });
    }
  });
});

/*
 * Acting on accounts: moderators act on members; staff (AGENT, MODERATOR, ADMIN) are acted
 * on by admins only; roles are changed by admins only; nobody acts on their own account.
 */
const ROLES = ['MEMBER', 'AGENT', 'MODERATOR', 'ADMIN'] as const;
type Role = (typeof ROLES)[number];
const ACCOUNT_MUTATIONS: Record<string, { doc: DocumentNode; input: (userId: string) => Record<string, unknown> }> = {
  suspendUser: { doc: ops.SuspendUserDocument, input: (userId) => ({ userId, until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'r' }) },
  banUser: { doc: ops.BanUserDocument, input: (userId) => ({ userId }) },
  reinstateUser: { doc: ops.ReinstateUserDocument, input: (userId) => ({ userId }) },
  setUserRole: { doc: ops.SetUserRoleDocument, input: (userId) => ({ userId, role: 'AGENT' }) },
};
function accountRule(mutation: string, actor: Role, target: Role | 'SELF'): string | null {
  if (target === 'SELF') return F;
  if (actor === 'ADMIN') return ok;
  if (mutation === 'setUserRole' || actor !== 'MODERATOR') return F;
  return target === 'MEMBER' ? ok : F;
}
const accountTable = Object.keys(ACCOUNT_MUTATIONS).flatMap((m) =>
  ROLES.flatMap((actor) => [...ROLES, 'SELF' as const].map((target) => [m, actor, target, accountRule(m, actor, target)] as const)),
);

describe('who acts on which accounts', () => {
  it.each(accountTable)('%s by %s on %s → %s', async (mutation, actorRole, targetRole, code) => {
    const actor = await buildUser({ role: actorRole });
    const target = targetRole === 'SELF' ? actor : await buildUser({ role: targetRole });
    const m = ACCOUNT_MUTATIONS[mutation];
    const res = await send(m.doc, { input: m.input(target.gid) }, actor);
    expect({ got: res.got, message: res.message }).toMatchObject({ got: code });
    if (code && actorRole === 'MODERATOR' && targetRole !== 'SELF' && mutation !== 'setUserRole') {
      expect(res.message).toBe('Only admins can act on staff accounts (agents, moderators and admins).');
    }
    const [row] = await sql<{ status: string; role: string }>('select status, role from users where id = $1', [target.id]);
    if (code) expect(row).toEqual({ status: 'ACTIVE', role: targetRole === 'SELF' ? actorRole : targetRole });
  });
});

/*
 * Every mutation with an API token of every single scope (READ is always held besides it),
 * made by a user whose role may do the mutation (the owner for their own objects, else an
 * admin): allowed iff the authorization table says so; a refusal is FORBIDDEN naming the
 * missing scope (`requiredScope`), or `reason: SESSION_REQUIRED` where no token may act.
 */
const OWN_OBJECT = new Set([...ACTS_AS_OWNER, 'deleteComment']);
const rules = AUTHORIZATION as Record<string, AccessRule>;
function tokenMay(rule: AccessRule, scopes: readonly ApiTokenScope[]): boolean {
  return rule.scope === null || (rule.scope !== 'SESSION' && scopes.includes(rule.scope));
}

/** An API token of `user` holding exactly `scopes` (written as createApiToken would, without its role rule). */
async function apiToken(user: TestUser, scopes: readonly ApiTokenScope[]): Promise<TestUser> {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await sql(`insert into api_tokens (user_id, name, token_hash, scopes) values ($1, 'scoped', $2, $3)`, [user.id, tokenHash(token), scopes]);
  return { ...user, token };
}

const scopeTable = Object.keys(cases).flatMap((name) => API_TOKEN_SCOPES.map((scope) => [name, scope] as const));

describe('every mutation with a token of every scope', () => {
  it.each(scopeTable)('%s with a %s token', async (name, scope) => {
    const c = cases[name];
    const rule = rules[`Mutation.${name}`];
    expect(rule, `Mutation.${name} is not in modules/authorization.ts`).toBeDefined();
    const owner = await buildUser();
    const variables = await c.vars(owner);
    const actor = OWN_OBJECT.has(name) ? owner : await buildUser({ role: 'ADMIN' });
    const scopes = normalizeScopes([scope]);
    const res = await send(c.doc, variables, await apiToken(actor, scopes));
    if (tokenMay(rule, scopes)) {
      expect({ got: res.got, message: res.message }).toEqual({ got: null, message: undefined });
    } else if (rule.scope === 'SESSION') {
      expect(res).toMatchObject({ got: 'FORBIDDEN', extensions: { reason: 'SESSION_REQUIRED' } });
    } else {
      expect(res).toMatchObject({ got: 'FORBIDDEN', extensions: { requiredScope: rule.scope } });
      expect(res.message).toContain(rule.scope);
    }
  });

  it('the same mutations by a session of the same user keep every right of the role', async () => {
    // the session half of the table above: what an admin may do with a session, no token can exceed
    const refusedWithAllScopes: string[] = [];
    for (const name of Object.keys(cases).filter((n) => !OWN_OBJECT.has(n))) {
      const admin = await buildUser({ role: 'ADMIN' });
      const owner = await buildUser();
      const viaSession = await send(cases[name].doc, await cases[name].vars(owner), admin);
      expect({ name, got: viaSession.got }).toEqual({ name, got: null });
      const rule = rules[`Mutation.${name}`];
      if (rule.scope === 'SESSION') refusedWithAllScopes.push(name);
    }
    expect(refusedWithAllScopes.sort()).toEqual(['changeEmail', 'changePassword', 'createApiToken', 'resendVerificationEmail', 'signOutEverywhere', 'updateProfile']);
  });
});
