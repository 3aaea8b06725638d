import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';

export enum ArticleFeedbackReasonEnum {
  OUTDATED = 'OUTDATED',
  INCORRECT = 'INCORRECT',
  UNCLEAR = 'UNCLEAR',
  MISSING_INFORMATION = 'MISSING_INFORMATION',
  DID_NOT_SOLVE = 'DID_NOT_SOLVE',
  OTHER = 'OTHER',
}
registerEnumType(ArticleFeedbackReasonEnum, {
  name: 'ArticleFeedbackReason',
  description: 'Why a reader found an article not helpful.',
  valuesConfig: {
    OUTDATED: { description: 'It describes an older version of the product.' },
    INCORRECT: { description: 'Something in it is wrong.' },
    UNCLEAR: { description: 'It is hard to follow.' },
    MISSING_INFORMATION: { description: 'It leaves out something the reader needed.' },
    DID_NOT_SOLVE: { description: 'It did not solve the reader’s problem.' },
    OTHER: { description: 'Another reason (see the note).' },
  },
});

@ObjectType('ArticleFeedback', { implements: Node, description: 'One reader’s vote on an article, with the reason when not helpful (staff only).' })
export class ArticleFeedback extends Node {
  @Field(() => ID, { description: 'The opaque global id of the feedback.' })
  declare id: string;
  @Field(() => Boolean, { description: 'Whether the reader found it helpful.' })
  helpful!: boolean;
  @Field(() => ArticleFeedbackReasonEnum, { nullable: true, description: 'Why not helpful, when given.' })
  reason!: ArticleFeedbackReasonEnum | null;
  @Field(() => String, { nullable: true, description: 'A short note from the reader.' })
  note!: string | null;
  @Field(() => Date, { description: 'When the vote was last changed.' })
  createdAt!: Date;
}

@ObjectType('ArticleFeedbackConnection', { description: 'A page of article feedback, newest first.' })
export class ArticleFeedbackConnection extends Connection(ArticleFeedback, 'ArticleFeedback') {}

@InputType('VoteArticleInput', { description: 'Was this article helpful?' })
export class VoteArticleInput {
  @Field(() => ID, { description: 'The article.' })
  articleId!: string;
  @Field(() => Boolean, { nullable: true, description: 'true = helpful, false = not helpful, null = clear your vote.' })
  helpful?: boolean | null;
  @Field(() => ArticleFeedbackReasonEnum, { nullable: true, description: 'Why not helpful (only with helpful: false).' })
  reason?: ArticleFeedbackReasonEnum | null;
  @Field(() => String, { nullable: true, description: 'A short note for the authors, at most 1,000 characters (only with helpful: false).' })
  note?: string | null;
}
