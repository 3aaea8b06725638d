import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { toGlobalId } from '../../graphql/global-id.js';
import { effectiveStatus, isStaff } from '../../lib/viewer.js';
import { ApiToken } from '../auth/auth.type.js';
import type { UserEntity } from './user.entity.js';
import { canSeeEmail } from './user.policy.js';
import { UserPayload } from '../moderation/moderation.type.js';
import { UpdateProfileInput, User, UserStatusEnum } from './user.type.js';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  viewer(@Ctx() ctx: Context) {
    return ctx.viewer ? ctx.loaders.users.byId.load(ctx.viewer.id) : null;
  }

  @Query(() => User, { nullable: true, description: 'A user by handle (case-insensitive), for their public profile; null when there is none. Others see public fields only (never `email`, `apiTokens` or `sessions`).' })
  user(@Arg('handle', () => String, { description: 'The handle, e.g. `jane_doe`.' }) handle: string, @Ctx() ctx: Context) {
    const key = handle.trim().toLowerCase();
    return /^[a-z0-9_-]{1,30}$/.test(key) ? ctx.loaders.users.byHandle.load(key) : null;
  }

  @Mutation(() => UserPayload, { description: 'Change your own profile (display name). FORBIDDEN (`extensions.reason` VIEWER_SUSPENDED) while suspended; a display name outside 1..80 characters is BAD_USER_INPUT on `displayName`.' })
  async updateProfile(@Arg('input', () => UpdateProfileInput, { description: 'The input of the mutation.' }) input: UpdateProfileInput, @Ctx() ctx: Context) {
    return { user: await ctx.services.users.updateProfile(ctx.viewer, input) };
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
