import { describe, expect, it } from 'vitest';
import { SignInDocument, UpdateProfileDocument, UserProfileDocument } from '@atrium/schema';
import { buildArticle, buildComment, buildUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';

useTestApp();

describe('Query.user (public profiles)', () => {
  it('answers public fields to anyone, never email, API tokens or sessions of someone else', async () => {
    const jane = await buildUser({ handle: 'jane_profile', role: 'AGENT' });
    const other = await buildUser();
    const admin = await buildUser({ role: 'ADMIN' });
    for (const as of [null, other]) {
      const { user } = (await gql(UserProfileDocument, { handle: 'jane_profile' }, { as })).expectData();
      expect(user).toMatchObject({ id: jane.gid, handle: 'jane_profile', displayName: 'User jane_profile', role: 'AGENT', isStaff: true, status: 'ACTIVE', email: null, apiTokens: [], sessions: null, commentCount: 0 });
      expect(user?.createdAt).toEqual(expect.any(String));
    }
    // the user themself and admins read the address (the User type's own rule)
    expect((await gql(UserProfileDocument, { handle: 'jane_profile' }, { as: jane })).expectData().user?.email).toBe(jane.email);
    expect((await gql(UserProfileDocument, { handle: 'jane_profile' }, { as: admin })).expectData().user).toMatchObject({ email: jane.email, sessions: null });
  });

  it('is case-insensitive, and null for an unknown or malformed handle', async () => {
    await buildUser({ handle: 'case_test' });
    expect((await gql(UserProfileDocument, { handle: ' Case_Test ' })).expectData().user?.handle).toBe('case_test');
    for (const handle of ['nobody_here', '', 'not a handle', 'x'.repeat(40)]) {
      expect((await gql(UserProfileDocument, { handle })).expectData().user).toBeNull();
    }
  });

  it('lists and counts only PUBLISHED comments on PUBLISHED articles, newest first, for every viewer', async () => {
    const author = await buildUser();
    const article = await buildArticle();
    const draft = await buildArticle({ status: 'DRAFT' });
    const t = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    const visible = [
      await buildComment({ author, article, createdAt: t(1) }),
      await buildComment({ author, article, createdAt: t(2) }),
      await buildComment({ author, article, createdAt: t(3) }),
    ];
    await buildComment({ author, article, status: 'PENDING', createdAt: t(4) });
    await buildComment({ author, article, status: 'HIDDEN', createdAt: t(5) });
    await buildComment({ author, article: draft, createdAt: t(6) });
    const deleted = await buildComment({ author, article, createdAt: t(7) });
    await sql(`update comments set status = 'DELETED' where id = $1`, [deleted.id]);
    const staff = await buildUser({ role: 'MODERATOR' });
    const expected = visible.map((c) => c.gid).reverse();
    for (const as of [null, await buildUser(), author, staff]) {
      const { user } = (await gql(UserProfileDocument, { handle: author.handle }, { as })).expectData();
      expect(user?.commentCount).toBe(3);
      expect(user?.recentComments.totalCount).toBe(3);
      expect(user?.recentComments.nodes.map((c) => c.id)).toEqual(expected);
      expect(user?.recentComments.nodes.every((c) => c.status === 'PUBLISHED' && c.article.status === 'PUBLISHED' && c.author?.handle === author.handle)).toBe(true);
    }
    // pages: two, then the rest after the cursor
    const p1 = (await gql(UserProfileDocument, { handle: author.handle, first: 2 })).expectData().user!.recentComments;
    expect(p1.nodes.map((c) => c.id)).toEqual(expected.slice(0, 2));
    expect(p1.pageInfo.hasNextPage).toBe(true);
    const p2 = (await gql(UserProfileDocument, { handle: author.handle, first: 2, after: p1.pageInfo.endCursor })).expectData().user!.recentComments;
    expect(p2.nodes.map((c) => c.id)).toEqual(expected.slice(2));
    expect(p2.pageInfo.hasNextPage).toBe(false);
    (await gql(UserProfileDocument, { handle: author.handle, first: 101 })).expectErrorCode('BAD_USER_INPUT');
    (await gql(UserProfileDocument, { handle: author.handle, after: 'bogus' })).expectErrorCode('BAD_USER_INPUT');
  });
});

describe('Mutation.updateProfile', () => {
  it('changes the display name (trimmed) everywhere it shows', async () => {
    const u = await buildUser();
    const c = await buildComment({ author: u });
    const { updateProfile } = (await gql(UpdateProfileDocument, { input: { displayName: '  Ada Lovelace  ' } }, { as: u })).expectData();
    expect(updateProfile.user).toMatchObject({ id: u.gid, displayName: 'Ada Lovelace' });
    const { user } = (await gql(UserProfileDocument, { handle: u.handle })).expectData();
    expect(user?.displayName).toBe('Ada Lovelace');
    expect(user?.recentComments.nodes[0].id).toBe(c.gid);
    // an omitted name changes nothing
    expect((await gql(UpdateProfileDocument, { input: {} }, { as: u })).expectData().updateProfile.user.displayName).toBe('Ada Lovelace');
  });

  it.each([
    ['empty', ''],
    ['only spaces', '    '],
    ['81 characters', 'x'.repeat(81)],
    ['a line break', 'Ada\nLovelace'],
  ])('refuses %s with BAD_USER_INPUT on displayName and keeps the old name', async (_, displayName) => {
    const u = await buildUser();
    const res = await gql(UpdateProfileDocument, { input: { displayName } }, { as: u });
    expect(res.expectErrorCode('BAD_USER_INPUT').extensions?.field).toBe('displayName');
    const [row] = await sql<{ display_name: string }>('select display_name from users where id = $1', [u.id]);
    expect(row.display_name).toBe(`User ${u.handle}`);
  });

  it('takes 80 characters (letters beyond the BMP count as one)', async () => {
    const u = await buildUser();
    const name = '😀'.repeat(80);
    expect((await gql(UpdateProfileDocument, { input: { displayName: name } }, { as: u })).expectData().updateProfile.user.displayName).toBe(name);
  });

  it('is refused anonymous (UNAUTHENTICATED) and suspended (FORBIDDEN, VIEWER_SUSPENDED)', async () => {
    (await gql(UpdateProfileDocument, { input: { displayName: 'X' } })).expectErrorCode('UNAUTHENTICATED');
    const s = await buildUser({ status: 'SUSPENDED' });
    expect((await gql(UpdateProfileDocument, { input: { displayName: 'X' } }, { as: s })).expectErrorCode('FORBIDDEN').extensions?.reason).toBe('VIEWER_SUSPENDED');
    const [row] = await sql<{ display_name: string }>('select display_name from users where id = $1', [s.id]);
    expect(row.display_name).toBe(`User ${s.handle}`);
  });

  it('a signed-in answer carries the new name to the next sign-in', async () => {
    const u = await buildUser();
    (await gql(UpdateProfileDocument, { input: { displayName: 'Renamed' } }, { as: u })).expectData();
    const { signIn } = (await gql(SignInDocument, { input: { login: u.handle, password: 'correct horse battery' } })).expectData();
    expect(signIn.user.displayName).toBe('Renamed');
  });
});

describe('profile fields of many users', () => {
  it('cost the same SQL statements for 2 and 8 comment authors (batched, no N+1)', async () => {
    const { CommentAuthorProfilesDocument } = await import('@atrium/schema');
    const cost = async (authors: number) => {
      const article = await buildArticle();
      for (let i = 0; i < authors; i++) {
        const author = await buildUser();
        await buildComment({ author, article: article });
        await buildComment({ author });
      }
      const res = await gql(CommentAuthorProfilesDocument, { articleId: article.gid });
      const data = res.expectData();
      const nodes = data.node && 'comments' in data.node ? data.node.comments.nodes : [];
      expect(nodes).toHaveLength(authors);
      expect(nodes.every((c) => c.author?.commentCount === 2 && c.author.recentComments.totalCount === 2 && c.author.recentComments.nodes.length === 2)).toBe(true);
      return res.sqlStatements;
    };
    expect(await cost(8)).toBe(await cost(2));
  });
});
