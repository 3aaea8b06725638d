import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { firstPageSize, lazy, PageArgs, type ConnectionValue } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import type { UserEntity } from '../user/user.entity.js';
import { User } from '../user/user.type.js';
import type { CommentEntity } from './comment.entity.js';
import { profileCommentsPage } from './comment.profile.js';
import { CommentConnection } from './comment.type.js';

/** A user's comments as their public profile shows them (comment.profile.ts). */
@Resolver(() => User)
export class UserCommentsResolver {
  @FieldResolver(() => Int, { description: 'Their comments anyone may read: PUBLISHED, on PUBLISHED articles (the same number for every viewer; pending, hidden and deleted ones and those on drafts are not counted).' })
  commentCount(@Root() row: UserEntity, @Ctx() ctx: Context) {
    return ctx.loaders.comments.profileCount.load(row.id);
  }

  @FieldResolver(() => CommentConnection, { description: 'Their comments anyone may read, newest first: PUBLISHED, on PUBLISHED articles (as `commentCount` counts them; the same for every viewer, the user themself and staff included).' })
  recentComments(@Root() row: UserEntity, @Args(() => PageArgs) page: PageArgs, @Ctx() ctx: Context): Promise<ConnectionValue<CommentEntity>> {
    const first = firstPageSize(page);
    if (first === null) return profileCommentsPage(ctx.db, row.id, page);
    // first pages of every user on the page in one statement, totals from the batched count
    return ctx.loaders.comments
      .profileFirstPage(first)
      .load(row.id)
      .then((conn) => ({ ...conn!, totalCount: lazy(() => ctx.loaders.comments.profileCount.load(row.id).then((n) => n ?? 0)) }));
  }
}
