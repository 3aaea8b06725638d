import { Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { effectiveStatus, isStaff } from '../../lib/viewer.js';
import { ApiToken } from '../auth/auth.type.js';
import type { UserEntity } from './user.entity.js';
import { canSeeEmail } from './user.policy.js';
import { User, UserStatusEnum } from './user.type.js';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  viewer(@Ctx() ctx: Context) {
    return ctx.viewer ? ctx.loaders.users.byId.load(ctx.viewer.id) : null;
  }

  @FieldResolver(() => ID, { description: 'The opaque global id of the user.' })
  id(@Root() row: UserEntity) {
    return toGlobalId('User', row.id);
  }

  @FieldResolver(() => Boolean, { description: 'True for AGENT, MODERATOR and ADMIN.' })
  isStaff(@Root() row: UserEntity) {
    return isStaff(row);
  }

  @FieldResolver(() => UserStatusEnum, { description: 'Whether the user may write (an ended suspension reads ACTIVE).' })
  status(@Root() row: UserEntity) {
    return effectiveStatus(row.status, row.suspendedUntil);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Email address: only to the user themself and ADMIN.' })
  email(@Root() row: UserEntity, @Ctx() ctx: Context) {
    return canSeeEmail(ctx.viewer, row.id) ? (row.email ?? row.unconfirmedEmail) : null;
  }

  @FieldResolver(() => [ApiToken], { description: 'Active API tokens: only for the viewer themself (empty for others).' })
  apiTokens(@Root() row: UserEntity, @Ctx() ctx: Context) {
    return ctx.viewer?.id === row.id ? ctx.services.auth.listApiTokens(row.id) : [];
  }
}
