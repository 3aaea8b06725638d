import type { EntityManager } from 'typeorm';
import type { Config } from '../../config.js';
import type { Db } from '../../db/data-source.js';

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

/**
 * The durable mail outbox: the only writer of `mails` and `mail_suppressions`.
 *
 * `enqueue` writes in the caller's transaction, so a mail exists iff the change committed.
 * With SMTP_URL the row is QUEUED for the mail worker; without it the row is KEPT (shown to
 * admins in the Outbox, never sent).
 */
export class MailService {
  constructor(
    private readonly db: Db,
    private readonly config: Config,
  ) {}

  /** Whether mails go out (SMTP_URL set) or are kept in the database. */
  get sending(): boolean {
    return this.config.smtpUrl !== null;
  }

  /** Adds one mail in the caller's transaction; a second mail with the same dedupeKey is ignored. */
  async enqueue(tx: EntityManager, mail: OutgoingMail): Promise<void> {
    await tx.query(
      `insert into mails (kind, "to", subject, text, html, headers, user_id, dedupe_key, status, last_error)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10)
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
  }
}

/** The note on a KEPT mail. */
export const KEPT_NOTE = 'kept in the outbox, no SMTP server configured';
