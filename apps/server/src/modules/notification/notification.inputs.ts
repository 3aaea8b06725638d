import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Notification } from './notification.type.js';

@InputType('MarkNotificationsReadInput', { description: 'Which notifications to mark read.' })
export class MarkNotificationsReadInput {
  @Field(() => [ID], { nullable: true, description: 'Up to 100 of your notifications; omit (or null) to mark all of them read.' })
  ids?: string[] | null;
}

@ObjectType('MarkNotificationsReadPayload', { description: 'The result of markNotificationsRead.' })
export class MarkNotificationsReadPayload {
  @Field(() => Int, { description: 'How many of your notifications are still unread.' })
  unreadCount!: number;
  @Field(() => [Notification], { nullable: true, description: 'The notifications marked read, in the order of `ids`; null when all were marked.' })
  notifications!: unknown[] | null;
}
