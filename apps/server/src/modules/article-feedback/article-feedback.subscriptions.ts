import { Arg, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Db } from '../../db/data-source.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../../graphql/errors.js';
import { decodeId } from '../../graphql/global-id.js';
import type { Loaders } from '../loaders.js';
import type { Viewer } from '../../lib/viewer.js';
import { KeyedFanout, type Channel, type PubSub } from '../../pubsub/index.js';
import type { ArticleEntity } from '../article/article.entity.js';
import { canSeeArticle } from '../article/article.policy.js';
import { Article } from '../article/article.type.js';
import { ARTICLE_VOTES } from '../comment/comment.events.js';
import { EventLoaders } from '../comment/comment.subscriptions.js';

/** Published by ArticleFeedbackService.vote() after commit when the counters changed. */
import type { ArticleVotesMessage } from '../comment/comment.events.js';

export type { ArticleVotesMessage };

interface ArticleVoteValue {
  article: ArticleEntity;
  loaders: Loaders;
}

interface VoteSubscriber {
  viewer: Viewer | null;
  channel: Channel<ArticleVoteValue>;
}

/** One read of the article per event, shared by every subscriber who may see it. */
async function deliver(db: Db, m: ArticleVotesMessage, subscribers: VoteSubscriber[]): Promise<void> {
  const loaders = new EventLoaders(db);
  const article = await loaders.shared.articles.byId.load(m.articleId);
  if (!article) return;
  const values = new Map<string, ArticleVoteValue>(); // one object per viewer: shared execution for anonymous readers
  for (const s of subscribers) {
    if (s.channel.closed || !canSeeArticle(s.viewer, article)) continue;
    const key = s.viewer?.id ?? '';
    let value = values.get(key);
    if (!value) values.set(key, (value = { article, loaders: loaders.for(s.viewer) }));
    s.channel.push(value);
  }
}

const hubs = new WeakMap<PubSub, KeyedFanout<ArticleVotesMessage, VoteSubscriber>>();

function hubOf(ctx: Context) {
  const pubsub = ctx.services.pubsub;
  let hub = hubs.get(pubsub);
  if (!hub) {
    const db = ctx.db;
    hub = new KeyedFanout<ArticleVotesMessage, VoteSubscriber>(pubsub, ARTICLE_VOTES, (m) => m.articleId, (m, subs) => deliver(db, m, subs));
    hubs.set(pubsub, hub);
  }
  return hub;
}

@Resolver(() => Article)
export class ArticleVotesSubscriptionResolver {
  @Subscription(() => Article, {
    description: 'The article each time its helpful/not-helpful votes change (helpfulCount, voteCount).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const articleUuid = decodeId((args as { articleId: string }).articleId, 'Article', 'articleId');
      const article = await ctx.loaders.articles.byId.load(articleUuid);
      if (!article || !canSeeArticle(ctx.viewer, article)) throw new NotFoundError('article');
      let remove = () => {};
      const channel = ctx.services.pubsub.channel<ArticleVoteValue>(() => remove());
      remove = hubOf(ctx).add(articleUuid, { viewer: ctx.viewer, channel });
      return channel;
    },
  })
  articleVotes(
    @Root() event: ArticleVoteValue,
    @Arg('articleId', () => ID, { description: 'The article to follow.' }) _articleId: string,
    @Ctx() ctx: Context,
  ): ArticleEntity {
    ctx.loaders = event.loaders;
    return event.article;
  }
}
