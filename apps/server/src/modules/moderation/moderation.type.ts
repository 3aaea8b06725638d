import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';
import { Comment, HideReasonEnum } from '../comment/comment.type.js';
import { RoleEnum, User, UserStatusEnum } from '../user/user.type.js';

export enum FlagReasonEnum {
  SPAM = 'SPAM',
  ABUSE = 'ABUSE',
  OFF_TOPIC = 'OFF_TOPIC',
  OTHER = 'OTHER',
}
registerEnumType(FlagReasonEnum, {
  name: 'FlagReason',
  description: 'Why a member flagged a comment.',
  valuesConfig: {
    SPAM: { description: 'Advertising or junk.' },
    ABUSE: { description: 'Harassment, hate or other abuse.' },
    OFF_TOPIC: { description: 'Not about the article.' },
    OTHER: { description: 'Something else (see the note).' },
  },
});

export enum FlagStatusEnum {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  DISMISSED = 'DISMISSED',
}
registerEnumType(FlagStatusEnum, {
  name: 'FlagStatus',
  description: 'Where a flag is in review.',
  valuesConfig: {
    OPEN: { description: 'Waiting for a moderator.' },
    ACCEPTED: { description: 'A moderator agreed and hid the comment.' },
    DISMISSED: { description: 'A moderator found nothing wrong.' },
  },
});

export enum ModerationActionKindEnum {
  HIDE_COMMENT = 'HIDE_COMMENT',
  UNHIDE_COMMENT = 'UNHIDE_COMMENT',
  DELETE_COMMENT = 'DELETE_COMMENT',
  APPROVE_COMMENT = 'APPROVE_COMMENT',
  REJECT_COMMENT = 'REJECT_COMMENT',
  LOCK_ARTICLE = 'LOCK_ARTICLE',
  UNLOCK_ARTICLE = 'UNLOCK_ARTICLE',
  ACCEPT_FLAG = 'ACCEPT_FLAG',
  DISMISS_FLAG = 'DISMISS_FLAG',
  SUSPEND_USER = 'SUSPEND_USER',
  BAN_USER = 'BAN_USER',
  REINSTATE_USER = 'REINSTATE_USER',
  SET_ROLE = 'SET_ROLE',
}
registerEnumType(ModerationActionKindEnum, {
  name: 'ModerationActionKind',
  description: 'What a moderator did.',
  valuesConfig: Object.fromEntries(
    Object.keys(ModerationActionKindEnum).map((k) => [k, { description: k.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) + '.' }]),
  ) as Record<keyof typeof ModerationActionKindEnum, { description: string }>,
});

export enum ModerationQueueEventKindEnum {
  ADDED = 'ADDED',
  UPDATED = 'UPDATED',
  RESOLVED = 'RESOLVED',
}
registerEnumType(ModerationQueueEventKindEnum, {
  name: 'ModerationQueueEventKind',
  description: 'How the moderation queue changed.',
  valuesConfig: {
    ADDED: { description: 'A comment entered the queue (first flag, or held as PENDING).' },
    UPDATED: { description: 'A queued comment got another flag.' },
    RESOLVED: { description: 'A moderator decided; the comment left the queue.' },
  },
});

@ObjectType('Flag', { implements: Node, description: 'A member’s report of a comment.' })
export class Flag extends Node {
  @Field(() => ID, { description: 'The opaque global id of the flag.' })
  declare id: string;
  @Field(() => FlagReasonEnum, { description: 'Why it was flagged.' })
  reason!: FlagReasonEnum;
  @Field(() => String, { nullable: true, description: 'The reporter’s note.' })
  note!: string | null;
  @Field(() => FlagStatusEnum, { description: 'Review status.' })
  status!: FlagStatusEnum;
  @Field(() => Date, { description: 'When it was flagged.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When a moderator resolved it.' })
  resolvedAt!: Date | null;
}

@ObjectType('ModerationAction', { implements: Node, description: 'One entry of the moderation log.' })
export class ModerationAction extends Node {
  @Field(() => ID, { description: 'The opaque global id of the entry.' })
  declare id: string;
  @Field(() => ModerationActionKindEnum, { description: 'What was done.' })
  action!: ModerationActionKindEnum;
  @Field(() => String, { nullable: true, description: 'The reason given.' })
  reason!: string | null;
  @Field(() => Date, { description: 'When it was done.' })
  createdAt!: Date;
  @Field(() => Boolean, {
    description:
      'Taken by Atrium itself, not by a moderator: HIDE_COMMENT when FLAG_HIDE_THRESHOLD members flagged a comment (its reason is the hide ' +
      'reason of the most given flag reason, null for OTHER). Its `moderator` is null.',
  })
  isAutomatic!: boolean;
}

@ObjectType('ModerationQueueItem', { description: 'A comment waiting for a moderator: flagged, or held as PENDING.' })
export class ModerationQueueItem {
  @Field(() => Comment, { description: 'The comment.' })
  comment!: object;
  @Field(() => [Flag], { description: 'Its flags with the requested status, newest first.' })
  flags!: object[];
  @Field(() => Int, { description: 'How many flags.' })
  flagCount!: number;
  @Field(() => [FlagReasonEnum], { description: 'The distinct reasons given.' })
  reasons!: FlagReasonEnum[];
  @Field(() => Boolean, { description: 'Held for approval (PENDING).' })
  pending!: boolean;
}

@ObjectType('ModerationQueueEvent', { description: 'A change of the moderation queue.' })
export class ModerationQueueEvent {
  @Field(() => ModerationQueueEventKindEnum, { description: 'What happened.' })
  kind!: ModerationQueueEventKindEnum;
  @Field(() => ModerationQueueItem, { description: 'The item as it is now.' })
  item!: object;
}

@ObjectType('ModerationQueueConnection', { description: 'A page of the moderation queue, most recent activity first.' })
export class ModerationQueueConnection extends Connection(ModerationQueueItem, 'ModerationQueueItem') {}

@ObjectType('ModerationActionConnection', { description: 'A page of the moderation log, newest first.' })
export class ModerationActionConnection extends Connection(ModerationAction, 'ModerationAction') {}

@ObjectType('UserConnection', { description: 'A page of users.' })
export class UserConnection extends Connection(User, 'User') {}

@InputType('FlagCommentInput', { description: 'Report a comment.' })
export class FlagCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  commentId!: string;
  @Field(() => FlagReasonEnum, { description: 'Why.' })
  reason!: FlagReasonEnum;
  @Field(() => String, { nullable: true, description: 'A note for the moderators (at most 1,000 characters).' })
  note?: string | null;
}

@InputType('HideCommentInput', { description: 'Hide a comment.' })
export class HideCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  commentId!: string;
  @Field(() => HideReasonEnum, { description: 'Why.' })
  reason!: HideReasonEnum;
}

@InputType('ResolveFlagInput', { description: 'Decide on a flag.' })
export class ResolveFlagInput {
  @Field(() => ID, { description: 'The flag.' })
  flagId!: string;
  @Field(() => Boolean, { description: 'true hides the comment; false dismisses the flag.' })
  accept!: boolean;
}

@InputType('LockArticleInput', { description: 'Lock or unlock an article’s comments.' })
export class LockArticleInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
  @Field(() => Boolean, { description: 'true locks, false unlocks.' })
  locked!: boolean;
  @Field(() => String, { nullable: true, description: 'Shown to readers while locked.' })
  reason?: string | null;
}

@InputType('SuspendUserInput', { description: 'Suspend a user until a time.' })
export class SuspendUserInput {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;
  @Field(() => Date, { description: 'When the suspension ends.' })
  until!: Date;
  @Field(() => String, { description: 'Why (kept in the log).' })
  reason!: string;
}

@InputType('BanUserInput', { description: 'Ban a user: their sessions and tokens end at once.' })
export class BanUserInput {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;
  @Field(() => String, { nullable: true, description: 'Why (kept in the log): at most 500 characters, like a suspension reason.' })
  reason?: string | null;
}

@InputType('UserIdInput', { description: 'Names one user.' })
export class UserIdInput {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;
}

@InputType('SetUserRoleInput', { description: 'Change a user’s role (ADMIN).' })
export class SetUserRoleInput {
  @Field(() => ID, { description: 'The user.' })
  userId!: string;
  @Field(() => RoleEnum, { description: 'The new role.' })
  role!: RoleEnum;
}

@ObjectType('FlagPayload', { description: 'The flag a mutation created or changed.' })
export class FlagPayload {
  @Field(() => Flag, { description: 'The flag.' })
  flag!: object;
}

@ObjectType('UserPayload', { description: 'The user a mutation changed.' })
export class UserPayload {
  @Field(() => User, { description: 'The user.' })
  user!: object;
}

export { UserStatusEnum };
