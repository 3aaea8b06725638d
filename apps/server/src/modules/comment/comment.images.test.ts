import { describe, expect, it } from 'vitest';
import { AddCommentDocument, CreateArticleDocument, UpdateCommentDocument } from '@atrium/schema';
import { buildArticle, buildComment, buildSection, buildUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { CommentImagesAsLinks1764230000000 } from '../../db/migrations/1764230000000-CommentImagesAsLinks.js';
import { toGlobalId } from '../../graphql/global-id.js';

useTestApp();

// Images in comments would let a commenter log every reader's IP address (their host serves the image).
describe('images in comments', () => {
  it('come back in bodyHtml as a link, not an <img>, on add and on edit', async () => {
    const a = await buildArticle();
    const member = await buildUser();
    await buildComment({ article: a, author: member }); // trusted with links: published at once
    const added = (await gql(AddCommentDocument, { input: { articleId: a.gid, body: 'Like this: ![screenshot](https://tracker.example/p.png)' } }, { as: member }))
      .expectData().addComment.comment;
    expect(added.status).toBe('PUBLISHED');
    expect(added.bodyHtml).not.toMatch(/<img/i);
    expect(added.bodyHtml).toMatch(/<a class="image-link" href="https:\/\/tracker\.example\/p\.png" rel="nofollow ugc noopener"[^>]*>screenshot<\/a>/);
    const edited = (await gql(UpdateCommentDocument, { input: { commentId: added.id, body: '![](https://tracker.example/q.png)' } }, { as: member }))
      .expectData().updateComment.comment;
    expect(edited.bodyHtml).not.toMatch(/<img/i);
    expect(edited.bodyHtml).toContain('>https://tracker.example/q.png</a>');
  });

  it("an image-only first comment by a member is held like a link (PENDING)", async () => {
    const a = await buildArticle();
    const newbie = await buildUser();
    const c = (await gql(AddCommentDocument, { input: { articleId: a.gid, body: '![hi](http://tracker.example/pixel.gif)' } }, { as: newbie }))
      .expectData().addComment.comment;
    expect(c.status).toBe('PENDING');
  });

  it('a migration re-renders comments stored with an <img> before', async () => {
    const old = await buildComment({ body: '![x](https://tracker.example/old.png)' });
    const plain = await buildComment({ body: 'no image' });
    await sql(`update comments set body_html = '<p><img src="https://tracker.example/old.png" alt="x" /></p>' where id = $1`, [old.id]);
    await new CommentImagesAsLinks1764230000000().up({ query: (text: string, params?: unknown[]) => sql(text, params ?? []) } as never);
    const [row] = await sql<{ body_html: string }>('select body_html from comments where id = $1', [old.id]);
    expect(row.body_html).toBe('<p><a class="image-link" href="https://tracker.example/old.png" rel="nofollow ugc noopener" target="_blank">x</a></p>\n');
    expect((await sql<{ body_html: string }>('select body_html from comments where id = $1', [plain.id]))[0].body_html).toBe('<p>no image</p>\n');
  });

  it('staff-written article bodies keep their images', async () => {
    const section = await buildSection();
    const agent = await buildUser({ role: 'AGENT' });
    const art = (await gql(CreateArticleDocument, { input: { sectionId: toGlobalId('Section', section.id), title: 'With a picture', body: '![Settings](https://cdn.example/settings.png)' } }, { as: agent }))
      .expectData().createArticle.article;
    expect(art.bodyHtml).toContain('<img src="https://cdn.example/settings.png" alt="Settings" />');
  });
});
