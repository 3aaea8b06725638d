import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import type { UserEntity } from '../user/user.entity.js';
import { User } from '../user/user.type.js';
import { NotificationPreferences, UpdateNotificationPreferencesInput, UpdateNotificationPreferencesPayload } from './notification-preferences.type.js';

@Resolver(() => User)
export class NotificationPreferencesResolver {
  @FieldResolver(() => NotificationPreferences, {
    nullable: true,
    description: 'Which notifications you get by email and how often. Only for the viewer themself: null for anyone else.',
  })
  notificationPreferences(@Root() row: UserEntity, @Ctx() ctx: Context) {
    // only ever the viewer's own row: one statement per request at most
    return ctx.viewer?.id === row.id ? ctx.services.notifications.preferences.get(row.id) : null;
  }

  @Mutation(() => UpdateNotificationPreferencesPayload, {
    description: 'Change how often you get notifications by email (per topic). FORBIDDEN while suspended; the unsubscribe link in every mail works regardless.',
  })
  async updateNotificationPreferences(
    @Arg('input', () => UpdateNotificationPreferencesInput, { description: 'The input of the mutation.' }) input: UpdateNotificationPreferencesInput,
    @Ctx() ctx: Context,
  ) {
    const notificationPreferences = await ctx.services.notifications.preferences.update(ctx.viewer, input);
    const user = await ctx.loaders.users.byId.load(ctx.viewer!.id);
    return { notificationPreferences, user };
  }
}
