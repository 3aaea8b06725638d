import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';

export enum CommentOrderEnum {
  BEST = 'BEST',
  TOP = 'TOP',
  NEW = 'NEW',
  OLD = 'OLD',
}
registerEnumType(CommentOrderEnum, {
  name: 'CommentOrder',
  description: 'How comments are sorted. Cursors keep the order of the first page, even when votes change meanwhile.',
  valuesConfig: {
    BEST: { description: 'Lower bound of the Wilson score interval (95%) of up and down votes: well-rated and well-tested first.' },
    TOP: { description: 'Highest score (upvotes - downvotes) first.' },
    NEW: { description: 'Newest first.' },
    OLD: { description: 'Oldest first.' },
  },
});

export enum CommentStatusEnum {
  PUBLISHED = 'PUBLISHED',
  PENDING = 'PENDING',
  HIDDEN = 'HIDDEN',
  DELETED = 'DELETED',
}
registerEnumType(CommentStatusEnum, {
  name: 'CommentStatus',
  description: 'Where a comment is in moderation.',
  valuesConfig: {
    PUBLISHED: { description: 'Visible to everyone.' },
    PENDING: { description: 'Held for review; only its author and staff see it.' },
    HIDDEN: { description: 'Hidden by a moderator; only its author and staff read it. Others see it as a placeholder ("Removed by a moderator", no author or text) while it keeps replies they see, and not at all otherwise.' },
    DELETED: { description: 'Deleted: a placeholder without author or text that keeps its replies in place.' },
  },
});

export enum HideReasonEnum {
  SPAM = 'SPAM',
  ABUSE = 'ABUSE',
  OFF_TOPIC = 'OFF_TOPIC',
  OUTDATED = 'OUTDATED',
  DUPLICATE = 'DUPLICATE',
  RESOLVED = 'RESOLVED',
}
registerEnumType(HideReasonEnum, {
  name: 'HideReason',
  description: 'Why a moderator hid a comment.',
  valuesConfig: {
    SPAM: { description: 'Advertising or junk.' },
    ABUSE: { description: 'Harassment, hate or other abuse.' },
    OFF_TOPIC: { description: 'Not about the article.' },
    OUTDATED: { description: 'No longer accurate.' },
    DUPLICATE: { description: 'Repeats another comment.' },
    RESOLVED: { description: 'The question was answered or the issue fixed.' },
  },
});

export enum CommentRemovedByEnum {
  AUTHOR = 'AUTHOR',
  MODERATOR = 'MODERATOR',
}
registerEnumType(CommentRemovedByEnum, {
  name: 'CommentRemovedBy',
  description: 'Who turned a comment into a placeholder ("tombstone") that keeps its replies in place.',
  valuesConfig: {
    AUTHOR: { description: 'Its author deleted it: "This comment was deleted".' },
    MODERATOR: { description: 'A moderator hid or deleted it: "Removed by a moderator".' },
  },
});

export enum VoteValueEnum {
  UP = 'UP',
  DOWN = 'DOWN',
}
registerEnumType(VoteValueEnum, {
  name: 'VoteValue',
  description: 'A vote on a comment.',
  valuesConfig: { UP: { description: 'Useful.' }, DOWN: { description: 'Not useful.' } },
});

export enum CannotCommentReasonEnum {
  SIGN_IN_REQUIRED = 'SIGN_IN_REQUIRED',
  COMMENTS_LOCKED = 'COMMENTS_LOCKED',
  ARTICLE_NOT_PUBLISHED = 'ARTICLE_NOT_PUBLISHED',
  VIEWER_SUSPENDED = 'VIEWER_SUSPENDED',
  VIEWER_BANNED = 'VIEWER_BANNED',
  EMAIL_NOT_VERIFIED = 'EMAIL_NOT_VERIFIED',
}
registerEnumType(CannotCommentReasonEnum, {
  name: 'CannotCommentReason',
  description: 'Why the viewer cannot comment.',
  valuesConfig: {
    SIGN_IN_REQUIRED: { description: 'Anonymous readers must sign in.' },
    COMMENTS_LOCKED: { description: 'A moderator locked the comments.' },
    ARTICLE_NOT_PUBLISHED: { description: 'The article is a draft or archived.' },
    VIEWER_SUSPENDED: { description: 'The viewer is suspended.' },
    VIEWER_BANNED: { description: 'The viewer is banned.' },
    EMAIL_NOT_VERIFIED: { description: 'The viewer has not verified their email address yet (REQUIRE_VERIFIED_EMAIL_TO_COMMENT): the link in the verification mail, or resendVerificationEmail for a new one.' },
  },
});

@ObjectType('Comment', { implements: Node, simpleResolvers: true, description: 'A comment under an article, or a reply to another comment.' })
export class Comment extends Node {
  @Field(() => ID, { description: 'The opaque global id of the comment.' })
  declare id: string;
  @Field(() => Int, { description: 'Nesting level: 0 = top level.' })
  depth!: number;
  @Field(() => CommentStatusEnum, { description: 'Moderation status.' })
  status!: CommentStatusEnum;
  @Field(() => Boolean, {
    description:
      'Written by staff (AGENT, MODERATOR or ADMIN): the staff badge. Whether a comment is the answer to a question is `isAcceptedAnswer`, which staff set on any reply.',
  })
  isOfficial!: boolean;
  @Field(() => Date, { nullable: true, description: 'When staff marked it as the accepted answer; null when it is not the answer.' })
  acceptedAt!: Date | null;
  @Field(() => Int, { description: 'upvotes - downvotes.' })
  score!: number;
  @Field(() => Int, { description: 'How many users voted UP.' })
  upvotes!: number;
  @Field(() => Int, { description: 'How many users voted DOWN.' })
  downvotes!: number;
  @Field(() => Date, { description: 'When it was posted.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When its author last edited it.' })
  editedAt!: Date | null;
}

@ObjectType('CommentConnection', { description: 'A page of comments.' })
export class CommentConnection extends Connection(Comment, 'Comment') {}

@ObjectType('CommentRevision', { implements: Node, description: 'An earlier text of an edited comment (staff only).' })
export class CommentRevision extends Node {
  @Field(() => ID, { description: 'The opaque global id of the revision.' })
  declare id: string;
  @Field(() => String, { description: 'The markdown text before the edit.' })
  body!: string;
  @Field(() => Date, { description: 'When that text was written.' })
  createdAt!: Date;
}

@InputType('AddCommentInput', { description: 'A new comment or reply.' })
export class AddCommentInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
  @Field(() => ID, { nullable: true, description: 'The comment to reply to; top level when omitted.' })
  parentId?: string | null;
  @Field(() => String, { description: 'Markdown, at most 10,000 characters.' })
  body!: string;
}

@InputType('UpdateCommentInput', { description: 'New text for your comment.' })
export class UpdateCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  commentId!: string;
  @Field(() => String, { description: 'The new markdown text, at most 10,000 characters.' })
  body!: string;
}

@InputType('CommentIdInput', { description: 'Names one comment.' })
export class CommentIdInput {
  @Field(() => ID, { description: 'The comment.' })
  commentId!: string;
}

@InputType('VoteCommentInput', { description: 'A vote on a comment.' })
export class VoteCommentInput {
  @Field(() => ID, { description: 'The comment.' })
  commentId!: string;
  @Field(() => VoteValueEnum, { nullable: true, description: 'UP, DOWN, or null to clear your vote.' })
  value?: VoteValueEnum | null;
}

@ObjectType('CommentPayload', { description: 'The comment a mutation changed.' })
export class CommentPayload {
  @Field(() => Comment, { description: 'The comment after the change.' })
  comment!: object;
}
