import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';

export enum RoleEnum {
  MEMBER = 'MEMBER',
  AGENT = 'AGENT',
  MODERATOR = 'MODERATOR',
  ADMIN = 'ADMIN',
}
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'What a user may do. Staff are AGENT, MODERATOR and ADMIN.',
  valuesConfig: {
    MEMBER: { description: 'A community member: reads, votes, comments.' },
    AGENT: { description: 'Support staff: writes articles and official answers.' },
    MODERATOR: { description: 'Staff who moderate comments and users.' },
    ADMIN: { description: 'Full control, including roles and the knowledge base structure.' },
  },
});

export enum UserStatusEnum {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  BANNED = 'BANNED',
}
registerEnumType(UserStatusEnum, {
  name: 'UserStatus',
  description: 'Whether a user may write.',
  valuesConfig: {
    ACTIVE: { description: 'May read and write.' },
    SUSPENDED: { description: 'Until the suspension ends: may read (own notifications too), sign in, sign out and revoke own API tokens; every other mutation (comments, votes, flags, follows, marking notifications read, new API tokens, articles, moderation) is FORBIDDEN with `extensions.reason` VIEWER_SUSPENDED.' },
    BANNED: { description: 'May do nothing: every session and token was ended, they stop working at once, and signIn is FORBIDDEN.' },
  },
});

@ObjectType('User', { implements: Node, simpleResolvers: true, description: 'A person with an account.' })
export class User extends Node {
  @Field(() => ID, { description: 'The opaque global id of the user.' })
  declare id: string;
  @Field(() => String, { description: 'Unique public handle, e.g. `jane_doe`.' })
  handle!: string;
  @Field(() => String, { description: 'The name shown next to their content.' })
  displayName!: string;
  @Field(() => RoleEnum, { description: 'The role of the user.' })
  role!: RoleEnum;
  @Field(() => UserStatusEnum, { description: 'Whether the user may write.' })
  status!: UserStatusEnum;
  @Field(() => Boolean, { description: 'True for AGENT, MODERATOR and ADMIN.' })
  isStaff!: boolean;
  @Field(() => Date, { description: 'When the account was created.' })
  createdAt!: Date;
  @Field(() => String, { nullable: true, description: 'Email address: only to the user themself and ADMIN.' })
  email!: string | null;
  @Field(() => Date, { nullable: true, description: 'When a suspension ends (SUSPENDED only).' })
  suspendedUntil!: Date | null;
}

@InputType('UpdateProfileInput', { description: 'Changes to your own profile; omitted fields stay as they are.' })
export class UpdateProfileInput {
  @Field(() => String, { nullable: true, description: 'The name shown next to your content: 1..80 characters after trimming, no line breaks or other control characters.' })
  displayName?: string | null;
}
