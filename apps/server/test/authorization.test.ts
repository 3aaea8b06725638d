import { print, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as ops from '@atrium/schema';
import { buildArticle, buildCategory, buildComment, buildSection, buildUser, type TestUser } from './factories.js';
import { app, sql, useTestApp } from './harness.js';
import { toGlobalId } from '../src/graphql/global-id.js';

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

const comment = async (owner: TestUser, status: 'PUBLISHED' | 'PENDING' = 'PUBLISHED') => (await buildComment({ author: owner, status })).gid;

const cases: Record<string, Case> = {
  signUp: { doc: ops.SignUpDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { handle: `n_${Math.random().toString(36).slice(2, 10)}`, displayName: 'N', email: `${Math.random().toString(36).slice(2)}@x.example`, password: 'long enough' } }) },
  signIn: { doc: ops.SignInDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async (owner) => ({ input: { login: owner.handle, password: 'correct horse battery' } }) },
  signOut: { doc: ops.SignOutDocument, expect: row(ok, ok, ok, ok, ok, ok, ok, U), vars: async () => ({}) },
  createApiToken: { doc: ops.CreateApiTokenDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { name: 'bot' } }) },
  revokeApiToken: {
    doc: ops.RevokeApiTokenDocument,
    expect: row(U, ok, 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND', U),
    vars: async (owner) => {
      const [t] = await sql<{ id: string }>(`insert into api_tokens (user_id, name, token_hash) values ($1, 'x', $2) returning id`, [owner.id, Math.random().toString()]);
      return { input: { apiTokenId: toGlobalId('ApiToken', t.id) } };
    },
  },
  createCategory: { doc: ops.CreateCategoryDocument, expect: admins, vars: async () => ({ input: { name: `C ${Math.random()}` } }) },
  createSection: { doc: ops.CreateSectionDocument, expect: admins, vars: async () => ({ input: { categoryId: (await buildCategory()).gid, name: `S ${Math.random()}` } }) },
  createArticle: { doc: ops.CreateArticleDocument, expect: staffWriters, vars: async () => ({ input: { sectionId: (await buildSection()).gid, title: 'T', body: 'B' } }) },
  updateArticle: { doc: ops.UpdateArticleDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle()).gid, title: 'T2' } }) },
  publishArticle: { doc: ops.PublishArticleDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle({ status: 'PUBLISHED' })).gid } }) },
  archiveArticle: { doc: ops.ArchiveArticleDocument, expect: staffWriters, vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  voteArticle: { doc: ops.VoteArticleDocument, expect: anyMember, vars: async () => ({ input: { articleId: (await buildArticle()).gid, helpful: true } }) },
  addComment: { doc: ops.AddCommentDocument, expect: anyMember, vars: async () => ({ input: { articleId: (await buildArticle()).gid, body: 'hello' } }) },
  updateComment: { doc: ops.UpdateCommentDocument, expect: row(U, ok, F, F, F, F, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner), body: 'edited' } }) },
  deleteComment: { doc: ops.DeleteCommentDocument, expect: row(U, ok, F, F, ok, ok, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner) } }) },
  voteComment: { doc: ops.VoteCommentDocument, expect: row(U, F, ok, ok, ok, ok, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner), value: 'UP' } }) },
  flagComment: { doc: ops.FlagCommentDocument, expect: row(U, F, ok, ok, ok, ok, F, U), vars: async (owner) => ({ input: { commentId: await comment(owner), reason: 'SPAM' } }) },
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
  // following is reading, not writing: suspended members may follow
  followArticle: { doc: ops.FollowArticleDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  unfollowArticle: { doc: ops.UnfollowArticleDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: { articleId: (await buildArticle()).gid } }) },
  markNotificationsRead: { doc: ops.MarkNotificationsReadDocument, expect: row(U, ok, ok, ok, ok, ok, ok, U), vars: async () => ({ input: {} }) },
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

const table = Object.entries(cases).flatMap(([name, c]) => WHO.map((who) => [name, who, c.expect[who]] as const));

describe('authorization of every mutation', () => {
  it.each(table)('%s as %s → %s', async (name, who, code) => {
    const c = cases[name];
    const owner = await buildUser();
    const variables = await c.vars(owner);
    const as = await caller(who, owner);
    const res = await fetch(`${app().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as.token}` } : {}) },
      body: JSON.stringify({ query: print(c.doc), variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    const got = body.errors?.[0]?.extensions?.code ?? null;
    expect({ got, message: body.errors?.[0]?.message }).toMatchObject({ got: code });
    expect(got).not.toBe('INTERNAL_SERVER_ERROR');
  });

  it('covers every mutation of the schema', async () => {
    const { buildSchema } = await import('../src/graphql/schema.js');
    const names = Object.keys((await buildSchema()).getMutationType()!.getFields());
    expect(names.filter((n) => !(n in cases))).toEqual([]);
  });
});
