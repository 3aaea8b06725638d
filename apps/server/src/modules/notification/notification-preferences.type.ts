import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../user/user.type.js';

export enum NotificationEmailFrequencyEnum {
  INSTANTLY = 'INSTANTLY',
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  NEVER = 'NEVER',
}
registerEnumType(NotificationEmailFrequencyEnum, {
  name: 'NotificationEmailFrequency',
  description: 'How often notifications of one topic are sent by email.',
  valuesConfig: {
    INSTANTLY: { description: 'One mail per notification, as soon as it happens.' },
    DAILY: { description: 'One digest mail per day (the previous UTC day), built shortly after 00:00 UTC.' },
    WEEKLY: { description: 'One digest mail per week (the previous ISO week, Monday to Sunday UTC), built shortly after Monday 00:00 UTC.' },
    NEVER: { description: 'No mail; the notifications still appear on the site.' },
  },
});

@ObjectType('NotificationPreferences', { description: 'Which notifications you get by email, and how often. Only the viewer reads their own.' })
export class NotificationPreferences {
  @Field(() => NotificationEmailFrequencyEnum, { description: 'Replies to your comments and staff answers to your questions (REPLY, OFFICIAL_ANSWER). Default INSTANTLY.' })
  replies!: NotificationEmailFrequencyEnum;
  @Field(() => NotificationEmailFrequencyEnum, { description: 'New comments on articles you follow (NEW_COMMENT). Default DAILY.' })
  follows!: NotificationEmailFrequencyEnum;
  @Field(() => NotificationEmailFrequencyEnum, { description: "Moderators' decisions about your comments (MODERATION). Default INSTANTLY." })
  moderation!: NotificationEmailFrequencyEnum;
}

@InputType('UpdateNotificationPreferencesInput', { description: 'The preferences to change; omitted (or null) ones stay as they are.' })
export class UpdateNotificationPreferencesInput {
  @Field(() => NotificationEmailFrequencyEnum, { nullable: true, description: 'Replies to your comments and staff answers to your questions.' })
  replies?: NotificationEmailFrequencyEnum | null;
  @Field(() => NotificationEmailFrequencyEnum, { nullable: true, description: 'New comments on articles you follow.' })
  follows?: NotificationEmailFrequencyEnum | null;
  @Field(() => NotificationEmailFrequencyEnum, { nullable: true, description: "Moderators' decisions about your comments." })
  moderation?: NotificationEmailFrequencyEnum | null;
}

@ObjectType('UpdateNotificationPreferencesPayload', { description: 'The result of updateNotificationPreferences.' })
export class UpdateNotificationPreferencesPayload {
  @Field(() => NotificationPreferences, { description: 'Your preferences after the change.' })
  notificationPreferences!: NotificationPreferences;
  @Field(() => User, { description: 'You (the viewer), for clients that cache preferences under the user.' })
  user!: unknown;
}
