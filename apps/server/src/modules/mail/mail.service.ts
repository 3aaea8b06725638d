import type { EntityManager } from 'typeorm';
import type { Config } from '../../config.js';
import { selectColumns } from '../../db/columns.js';
import type { Db } from '../../db/data-source.js';
import { PageArgs, paginate, type ConnectionValue } from '../../graphql/connection.js';
import { BadUserInputError, NotFoundError } from '../../graphql/errors.js';
import { inTransaction } from '../../lib/tx.js';
import type { Viewer } from '../../lib/viewer.js';
import { MailEntity, type MailStatus } from './mail.entity.js';
import { assertCanManageOutbox } from './mail.policy.js';
import { MailWorker, type MailWorkerOptions } from './mail.worker.js';

/** What a module hands to the mail outbox (links in `text`/`html` absolute: config.publicUrl). */
export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What the mail is about, e.g. 'VERIFY_EMAIL', 'PASSWORD_RESET', 'REPLY', 'DIGEST' (shown to admins). */
  kind: string;
  /** One mail per key, ever: a second enqueue with the same key is ignored (e.g. `reply:<commentId>:<userId>`). */
  dedupeKey: string;
  userId?: string | null;
  /** Extra headers, e.g. List-Unsubscribe; nodemailer encodes them (no header injection). */
  headers?: Record<string, string>;
};

/** A mail as the Outbox shows it: the row and whether its address failed for good. */
export type MailRow = MailEntity & { addressFailedAt: Date | null };

/** The note on a KEPT mail. */
export const KEPT_NOTE = 'kept in the outbox, no SMTP server configured';

/**
 * The durable mail outbox: the only writer of `mails` and `mail_suppressions`.
 *
 * `enqueue` writes in the caller's transaction, so a mail exists iff the change committed.
 * With SMTP_URL the row is QUEUED for the mail worker (started with the app, see
 * mail.worker.ts); without it the row is KEPT (shown to admins in the Outbox, never sent).
 * A mail to an address that failed for good (an SMTP 5xx to RCPT TO) is FAILED at once,
 * until an admin retries a mail to it.
 */
export class MailService {
  readonly worker: MailWorker | null;

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    options: Partial<MailWorkerOptions> = {},
  ) {
    this.worker = config.smtpUrl
      ? new MailWorker(db, config.smtpUrl, config.mailFrom, (tx, mailId, address, error) => this.suppress(tx, mailId, address, error), options)
      : null;
  }

  /** Whether mails go out (SMTP_URL set) or are kept in the database. */
  get sending(): boolean {
    return this.worker !== null;
  }

  get from(): string {
    return this.config.mailFrom;
  }

  /** Adds one mail in the caller's transaction; a second mail with the same dedupeKey is ignored. */
  async enqueue(tx: EntityManager, mail: OutgoingMail): Promise<void> {
    await tx.query(
      `insert into mails (kind, "to", subject, text, html, headers, user_id, dedupe_key, status, last_error)
       select $1, $2, $3, $4, $5, $6::jsonb, $7, $8,
              case when s.address is null then $9 else 'FAILED' end,
              case when s.address is null then $10 else 'not sent: this address failed before (' || s.reason || ')' end
       from (select 1) one left join mail_suppressions s on $9 = 'QUEUED' and s.address = lower($2)
       on conflict (dedupe_key) do nothing`,
      [
        mail.kind,
        mail.to,
        mail.subject,
        mail.text,
        mail.html,
        JSON.stringify(mail.headers ?? {}),
        mail.userId ?? null,
        mail.dedupeKey,
        this.sending ? 'QUEUED' : 'KEPT',
        this.sending ? null : KEPT_NOTE,
      ],
    );
    this.worker?.nudgeOnCommit(tx.queryRunner);
  }

  /** Starts the mail worker (createApp, after listen); nothing to do without SMTP_URL. */
  start(opts: Partial<MailWorkerOptions> = {}): void {
    this.worker?.start(opts);
  }

  /** Stops the worker after the batch in flight is sent and recorded. */
  async stop(): Promise<void> {
    await this.worker?.stop();
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }

  /** Mails not yet sent (for metrics). */
  async backlog(): Promise<number> {
    const [{ n }] = await this.db.query(`select count(*)::int as n from mails where status = 'QUEUED'`);
    return n;
  }

  /** The Outbox, newest first (the resolver checks the viewer is an admin). */
  list(page: PageArgs, filter: { status?: MailStatus | null; to?: string | null }): Promise<ConnectionValue<MailRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status) {
      params.push(filter.status);
      where.push(`m.status = $${params.length}`);
    }
    const to = filter.to?.trim().toLowerCase();
    if (to) {
      params.push(`%${to.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`lower(m."to") like $${params.length}`);
    }
    return paginate<MailRow>(this.db, page, {
      tag: `outbox:${filter.status ?? ''}:${to ?? ''}`,
      from: this.selectMails(),
      where,
      params,
      keys: [
        { sql: 'm.created_at', cast: 'timestamptz' },
        { sql: 'm.id', cast: 'uuid' },
      ],
      dir: 'desc',
    });
  }

  async byId(id: string): Promise<MailRow | null> {
    const [row] = await this.db.query(`${this.selectMails()} where m.id = $1`, [id]);
    return row ?? null;
  }

  /**
   * Queues a mail again now, as a new first attempt, and unmarks its address. Without an SMTP
   * server it is KEPT instead (nothing is sent). A SENT mail is refused. ADMIN.
   */
  async retry(viewer: Viewer | null, id: string): Promise<MailRow> {
    assertCanManageOutbox(viewer);
    await inTransaction(this.db, async (tx) => {
      const [row]: Array<{ status: MailStatus; to: string }> = await tx.query(`select status, "to" from mails where id = $1 for update`, [id]);
      if (!row) throw new NotFoundError('No such mail.');
      if (row.status === 'SENT') throw new BadUserInputError('This mail was sent already.', { field: 'mailId' });
      await tx.query(`delete from mail_suppressions where address = lower($1)`, [row.to]);
      await tx.query(`update mails set status = $2, attempts = 0, next_attempt_at = now(), last_error = $3 where id = $1`, [
        id,
        this.sending ? 'QUEUED' : 'KEPT',
        this.sending ? null : KEPT_NOTE,
      ]);
      this.worker?.nudgeOnCommit(tx.queryRunner);
    });
    return (await this.byId(id))!;
  }

  /** Marks an address that the SMTP server refused for good (in the worker's transaction). */
  private async suppress(tx: EntityManager, mailId: string, address: string, error: string): Promise<void> {
    await tx.query(
      `insert into mail_suppressions (address, reason, mail_id) values (lower($1), $2, $3)
       on conflict (address) do update set reason = excluded.reason, mail_id = excluded.mail_id, created_at = now()`,
      [address, error.slice(0, 500), mailId],
    );
  }

  private selectMails(): string {
    return `select ${selectColumns(this.db, MailEntity, 'm')}, s.created_at as "addressFailedAt"
      from mails m left join mail_suppressions s on s.address = lower(m."to")`;
  }
}
