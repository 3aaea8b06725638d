import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import { asNode } from '../../graphql/node.js';
import { canSeeArticle } from '../article/article.policy.js';
import { Article } from '../article/article.type.js';
import { Comment } from '../comment/comment.type.js';
import { loadVisibleComment } from '../comment/comment.resolver.js';
import { typeOfEnum, enumOfType, type PublicEventType } from '../webhook/webhook.events.js';
import { changeIds, encodeChangeCursor, type ChangeItem } from './changes.service.js';
import { Change, ChangeConnection, ChangeTypeEnum } from './changes.type.js';

type ChangeRow = ChangeItem & ReturnType<typeof changeIds>;

@Resolver()
export class ChangesResolver {
  @Query(() => ChangeConnection, {
    description:
      'Everything that changed, site-wide, in commit order, for integrations that poll: articles published, updated, archived or voted on, comments ' +
      'published, edited, removed or voted on. Start without `after` (from the beginning) or keep the last `pageInfo.endCursor` and pass it as `after`: ' +
      'cursors survive restarts, and a poller never misses or repeats a change, also while writes are committing. What anonymous readers could ' +
      'see (staff also see changes of what is no longer public).',
  })
  async changes(
    @Arg('first', () => Int, { nullable: true, description: 'At most this many changes (1..100, default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Continue after this cursor (an edge cursor or `pageInfo.endCursor`).' }) after: string | null,
    @Arg('types', () => [ChangeTypeEnum], { nullable: true, description: 'Only these kinds of change (all when omitted).' }) types: ChangeTypeEnum[] | null,
    @Arg('sectionId', () => ID, { nullable: true, description: 'Only changes of articles in this section (and their comments).' }) sectionId: string | null,
    @Ctx() ctx: Context,
  ) {
    const n = first ?? 20;
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new BadUserInputError('first must be between 1 and 100.', { field: 'first' });
    const section = sectionId ? decodeId(sectionId, 'Section', 'sectionId') : null;
    const page = await ctx.services.changes.page(ctx.viewer, {
      first: n,
      after,
      types: types?.length ? types.map((t) => typeOfEnum(t) as PublicEventType) : null,
      sectionId: section,
    });
    const nodes: ChangeRow[] = page.items.map((i) => ({ ...i, ...changeIds(i) }));
    const edges = nodes.map((node) => ({ cursor: encodeChangeCursor(node.cursor), node }));
    return {
      edges,
      nodes,
      pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: after != null, startCursor: edges[0]?.cursor ?? null, endCursor: page.endCursor },
    };
  }
}

@Resolver(() => Change)
export class ChangeFieldsResolver {
  @FieldResolver(() => ChangeTypeEnum, { description: 'What changed.' })
  type(@Root() row: ChangeRow) {
    return enumOfType(row.type);
  }

  @FieldResolver(() => String, { description: 'A stable id of the change (the same as the `webhook-id` of its webhook deliveries, without `evt_`).' })
  id(@Root() row: ChangeRow) {
    return row.id;
  }

  @FieldResolver(() => Article, { nullable: true, description: 'The article as the viewer may see it now; null when the viewer may not.' })
  async article(@Root() row: ChangeRow, @Ctx() ctx: Context) {
    const a = await ctx.loaders.articles.byId.load(row.articleUuid);
    return a && canSeeArticle(ctx.viewer, a) ? asNode('Article', a) : null;
  }

  @FieldResolver(() => Comment, { nullable: true, description: 'The comment as the viewer may see it now; null for article changes, removed comments, or when the viewer may not.' })
  async comment(@Root() row: ChangeRow, @Ctx() ctx: Context) {
    if (!row.commentUuid || row.type === 'comment.removed') return null;
    const c = await loadVisibleComment(ctx, row.commentUuid);
    return c ? asNode('Comment', c) : null;
  }
}
