import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { ForbiddenError, NotFoundError } from '../../graphql/errors.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { ArticlePayload } from '../article/article.inputs.js';
import { canEditArticle } from '../article/article.policy.js';
import { Article } from '../article/article.type.js';
import { assertCanWrite } from '../user/user.policy.js';
import type { StoredFile } from './file.service.js';
import { isImageType } from './file.types.js';
import { Attachment, AttachmentIdInput } from './file.type.js';

/** One batched read of attachments per request (keyed by the request's loaders object). */
const perRequest = new WeakMap<object, DataLoader<string, StoredFile[]>>();
function attachmentsLoader(ctx: Context): DataLoader<string, StoredFile[]> {
  let loader = perRequest.get(ctx.loaders);
  if (!loader) {
    loader = new DataLoader((ids: readonly string[]) => ctx.services.files.attachmentsOf(ids), { maxBatchSize: 1000 });
    perRequest.set(ctx.loaders, loader);
  }
  return loader;
}

export function toAttachment(file: StoredFile): Attachment {
  return {
    id: toGlobalId('Attachment', file.id),
    name: file.originalName,
    url: file.url,
    contentType: file.contentType,
    size: file.size,
    isImage: isImageType(file.contentType),
    createdAt: file.createdAt,
  };
}

@Resolver(() => Article)
export class ArticleAttachmentsResolver {
  @FieldResolver(() => [Attachment], {
    description: 'Files attached to the article, oldest first (staff upload them with `POST /files?purpose=ARTICLE_ATTACHMENT`, docs/api.md "Files").',
  })
  async attachments(@Root() article: ArticleEntity, @Ctx() ctx: Context): Promise<Attachment[]> {
    return (await attachmentsLoader(ctx).load(article.id)).map(toAttachment);
  }

  @Mutation(() => ArticlePayload, {
    description: 'Take an attachment off its article (AGENT and above). Its URL stops answering unless the same file is used elsewhere.',
  })
  async removeArticleAttachment(
    @Arg('input', () => AttachmentIdInput, { description: 'The input of the mutation.' }) input: AttachmentIdInput,
    @Ctx() ctx: Context,
  ) {
    assertCanWrite(ctx.viewer);
    if (!canEditArticle(ctx.viewer)) throw new ForbiddenError('Only staff can change attachments.');
    const id = decodeId(input.attachmentId, 'Attachment', 'attachmentId');
    const file = await ctx.services.files.removeAttachment(id, ctx.viewer.id);
    const article = await ctx.loaders.articles.byId.load(file.articleId);
    if (!article) throw new NotFoundError('article');
    return { article };
  }
}
