import { describe, expect, it } from 'vitest';
import { ArticleAttachmentsDocument, RemoveArticleAttachmentDocument } from '@atrium/schema';
import { buildArticle, buildUser } from '../../../test/factories.js';
import { gql, sql, useTestApp } from '../../../test/harness.js';
import { renderMarkdown } from '../../lib/markdown.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { fetchClose, PNG } from './file.fixtures.js';

const app = useTestApp();

async function attach(articleGid: string, token: string, body: Uint8Array, filename: string) {
  const res = await fetchClose(`${app().url}/files?purpose=ARTICLE_ATTACHMENT&articleId=${articleGid}&filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; url: string };
}

describe('Article.attachments', () => {
  it('lists what staff attached, oldest first, to every reader; removing one takes it off and its URL stops answering', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const a = await buildArticle();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const first = await attach(a.gid, agent.token, pdf, 'Manual v2.pdf');
    const second = await attach(a.gid, agent.token, PNG, 'diagram.png');
    const again = await attach(a.gid, agent.token, PNG, 'diagram.png'); // idempotent
    expect(again.id).toBe(second.id);
    const [{ slug }] = await sql<{ slug: string }>('select slug from articles where id = $1', [a.id]);
    const reader = await buildUser();
    for (const as of [null, reader]) {
      const list = (await gql(ArticleAttachmentsDocument, { slug }, { as })).expectData().article!.attachments;
      expect(list.map((f) => [f.name, f.contentType, f.isImage, f.size])).toEqual([
        ['Manual v2.pdf', 'application/pdf', false, pdf.length],
        ['diagram.png', 'image/png', true, PNG.length],
      ]);
      expect(list[0].url).toBe(first.url);
    }
    expect((await fetchClose(app().url + first.url)).headers.get('content-disposition')).toMatch(/^attachment/); // PDFs download

    // members cannot remove; staff can
    const denied = await gql(RemoveArticleAttachmentDocument, { input: { attachmentId: first.id } }, { as: reader });
    denied.expectErrorCode('FORBIDDEN');
    const removed = (await gql(RemoveArticleAttachmentDocument, { input: { attachmentId: first.id } }, { as: agent })).expectData();
    expect(removed.removeArticleAttachment.article.attachments.map((f) => f.name)).toEqual(['diagram.png']);
    expect((await fetchClose(app().url + first.url)).status).toBe(404);
    // one domain event per change, in the writer's transaction; the idempotent repeat recorded none
    const events = await sql<{ type: string; payload: { fileId: string; actorId: string } }>(
      `select type, payload from domain_events where type like 'article.attachment_%' and payload->>'articleId' = $1 order by id`,
      [a.id],
    );
    expect(events.map((e) => [e.type, e.payload.actorId])).toEqual([
      ['article.attachment_added', agent.id],
      ['article.attachment_added', agent.id],
      ['article.attachment_removed', agent.id],
    ]);
    (await gql(RemoveArticleAttachmentDocument, { input: { attachmentId: first.id } }, { as: agent })).expectErrorCode('NOT_FOUND');
    (await gql(RemoveArticleAttachmentDocument, { input: { attachmentId: 'forged\u0000id' } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
    (await gql(RemoveArticleAttachmentDocument, { input: { attachmentId: toGlobalId('Article', a.id) } }, { as: agent })).expectErrorCode('BAD_USER_INPUT');
    (await gql(RemoveArticleAttachmentDocument, { input: { attachmentId: first.id } })).expectErrorCode('UNAUTHENTICATED');
  });

  it('an article page with attachments on many articles reads them in one statement', async () => {
    const agent = await buildUser({ role: 'AGENT' });
    const arts = await Promise.all([buildArticle(), buildArticle(), buildArticle()]);
    for (const a of arts) await attach(a.gid, agent.token, Buffer.from(`notes for ${a.id}`), 'notes.txt');
    const files = await app().services.files.attachmentsOf(arts.map((a) => a.id));
    expect(files.map((l) => l.map((f) => f.contentType))).toEqual([['text/plain'], ['text/plain'], ['text/plain']]);
  });
});

describe('images in bodies (lib/markdown.ts rules, unchanged)', () => {
  const url = `/files/${'a'.repeat(64)}/x.png`;
  it('staff-written article bodies embed uploaded images; members\u2019 text never does', () => {
    expect(renderMarkdown(`![diagram](${url})`, { images: 'embed' })).toContain(`<img src="${url}" alt="diagram"`);
    const member = renderMarkdown(`![diagram](${url}) ![x](https://evil.example/p.png)`);
    expect(member).not.toMatch(/<img/i);
    expect(member).toContain(`<a class="image-link" href="${url}"`);
  });
});
