import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../graphql/connection.js';
import { Node } from '../../graphql/node.js';

export enum MailStatusEnum {
  QUEUED = 'QUEUED',
  SENT = 'SENT',
  KEPT = 'KEPT',
  FAILED = 'FAILED',
}
registerEnumType(MailStatusEnum, {
  name: 'MailStatus',
  description: 'Where an outgoing mail is.',
  valuesConfig: {
    QUEUED: { description: 'Waiting to be sent, or for its next attempt after a temporary failure (see `attempts`, `lastError`, `nextAttemptAt`).' },
    SENT: { description: 'The SMTP server accepted it.' },
    KEPT: { description: 'Kept in the outbox, not sent: no SMTP server is configured (SMTP_URL). Shown here so every mail can be read.' },
    FAILED: { description: 'Not sent, for good: the SMTP server refused it (5xx), its address failed before, it is not one valid address, or it failed too many times.' },
  },
});

@ObjectType('Mail', { implements: Node, description: 'An email Atrium sent or will send (the admin Outbox). ADMIN only.' })
export class Mail extends Node {
  @Field(() => ID, { description: 'The opaque global id of the mail.' })
  declare id: string;
  @Field(() => String, { description: 'What the mail is about, e.g. VERIFY_EMAIL, PASSWORD_RESET, REPLY, DIGEST.' })
  kind!: string;
  @Field(() => String, { description: 'The recipient address.' })
  to!: string;
  @Field(() => String, { description: 'The subject line.' })
  subject!: string;
  @Field(() => String, { description: 'The plain-text part.' })
  text!: string;
  @Field(() => String, {
    description: 'The HTML part, as sent. It is untrusted markup for a client: show it in a sandboxed frame (no scripts, no same origin) or as text.',
  })
  html!: string;
  @Field(() => MailStatusEnum, { description: 'Where the mail is.' })
  status!: MailStatusEnum;
  @Field(() => Int, { description: 'How many times sending was tried.' })
  attempts!: number;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed (or, for KEPT, why it is kept); null after success.' })
  lastError!: string | null;
  @Field(() => Date, { description: 'When the mail was queued.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the SMTP server accepted it; null until SENT.' })
  sentAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'For QUEUED: the earliest time of the next attempt; null otherwise.' })
  nextAttemptAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: 'When the recipient address was marked failed (an SMTP server refused it for good); mails to it are not sent until an admin retries one. Null: not marked.',
  })
  addressFailedAt!: Date | null;
}

@ObjectType('MailConnection', { description: 'A page of the outbox.' })
export class MailConnection extends Connection(Mail, 'Mail') {}

@ObjectType('MailSettings', { description: 'How Atrium sends mail. ADMIN only.' })
export class MailSettings {
  @Field(() => Boolean, { description: 'Whether an SMTP server is configured (SMTP_URL). Without one, mails are KEPT in the outbox and not sent.' })
  sending!: boolean;
  @Field(() => String, { description: 'The From of every mail (MAIL_FROM).' })
  from!: string;
}

@InputType('RetryMailInput', { description: 'The input of retryMail.' })
export class RetryMailInput {
  @Field(() => ID, { description: 'The mail to send again.' })
  mailId!: string;
}

@ObjectType('RetryMailPayload', { description: 'The result of retryMail.' })
export class RetryMailPayload {
  @Field(() => Mail, { description: 'The mail, QUEUED again.' })
  mail!: object;
}
