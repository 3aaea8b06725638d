import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/connection.js';
import type { Context } from '../context.js';
import { decodeId, toGlobalId } from '../../graphql/global-id.js';
import { asNode } from '../../graphql/node.js';
import type { MailRow } from './mail.service.js';
import { Mail, MailConnection, MailSettings, MailStatusEnum, RetryMailInput, RetryMailPayload } from './mail.type.js';

@Resolver()
export class MailResolver {
  @Query(() => MailConnection, {
    description:
      'The outbox: every mail Atrium queued (verification, password reset, notifications, digests), newest first, with its text and HTML, ' +
      'status and delivery attempts. Without an SMTP server (SMTP_URL) mails are KEPT here instead of sent. Mails are kept after sending. ADMIN only.',
  })
  async mailOutbox(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('status', () => MailStatusEnum, { nullable: true, description: 'Only mails with this status.' }) status: MailStatusEnum | null,
    @Arg('to', () => String, { nullable: true, description: 'Only mails whose recipient address contains this text (case-insensitive).' }) to: string | null,
    @Ctx() ctx: Context,
  ) {
    const connection = await ctx.services.mail.list(page, { status, to });
    for (const e of connection.edges) asNode('Mail', e.node);
    return connection;
  }

  @Query(() => MailSettings, { description: 'How Atrium sends mail (whether SMTP is configured, the From). ADMIN only.' })
  mailSettings(@Ctx() ctx: Context): MailSettings {
    return { sending: ctx.services.mail.sending, from: ctx.services.mail.from };
  }

  @Mutation(() => RetryMailPayload, {
    description:
      'Queues a mail again now, as a new first attempt (a FAILED or QUEUED mail, or a KEPT one once SMTP_URL is set), and unmarks its address. ' +
      'Without an SMTP server it is KEPT again. A SENT mail is BAD_USER_INPUT. ADMIN only.',
  })
  async retryMail(@Arg('input', () => RetryMailInput, { description: 'The input of the mutation.' }) input: RetryMailInput, @Ctx() ctx: Context) {
    const mail = await ctx.services.mail.retry(ctx.viewer, decodeId(input.mailId, 'Mail', 'mailId'));
    return { mail: asNode('Mail', mail) };
  }
}

@Resolver(() => Mail)
export class MailFieldsResolver {
  @FieldResolver(() => ID, { description: 'The opaque global id of the mail.' })
  id(@Root() row: MailRow) {
    return toGlobalId('Mail', row.id);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'For QUEUED: the earliest time of the next attempt; null otherwise.' })
  nextAttemptAt(@Root() row: MailRow) {
    return row.status === 'QUEUED' ? row.nextAttemptAt : null;
  }
}
