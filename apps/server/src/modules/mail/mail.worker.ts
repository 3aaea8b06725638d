import nodemailer, { type Transporter } from 'nodemailer';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { log } from '../../lib/logger.js';
import { commitNudge, PollWorker } from '../../lib/poll-worker.js';
import { inTransaction } from '../../lib/tx.js';
import type { MailEntity } from './mail.entity.js';
import { isPlainAddress } from './mail.policy.js';

export interface MailWorkerOptions {
  /** How often the worker looks for due mails (other processes' mails, retries). */
  pollMs: number;
  /** Mails claimed at once. */
  batchSize: number;
  /** Mails sent at the same time (SMTP connections of the pool). */
  concurrency: number;
  /** After this many failed attempts a mail is FAILED. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /**
   * How long a claimed mail belongs to the instance that claimed it: if that instance dies
   * mid-send, another sends the mail once the lease ran out (never lost on restart).
   */
  leaseMs: number;
  /** Gives up on an SMTP server that does not answer (connect, greeting, each reply). */
  smtpTimeoutMs: number;
}

export const DEFAULT_MAIL_WORKER_OPTIONS: MailWorkerOptions = {
  pollMs: 2000,
  batchSize: 20,
  concurrency: 3,
  maxAttempts: 10,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  leaseMs: 600_000,
  smtpTimeoutMs: 60_000,
};

type ClaimedMail = Pick<MailEntity, 'id' | 'to' | 'subject' | 'text' | 'html' | 'headers' | 'attempts'>;

/** What became of one attempt. */
type Outcome = { sent: true } | { sent: false; error: string; permanent: boolean; addressRefused: boolean };

/**
 * Sends QUEUED mails through SMTP (nodemailer: `smtp://` upgrades with STARTTLS when the
 * server offers it, `smtps://` is TLS from the start).
 *
 * A batch is claimed in a short transaction (`for update skip locked`, then a lease: the
 * attempt is counted and `next_attempt_at` moved past the lease), sent outside any
 * transaction, and each outcome written afterwards: SENT; QUEUED again after a backoff
 * (doubling, capped); or FAILED (5xx, or maxAttempts reached). Two instances never claim
 * one mail; a crash between the SMTP answer and the write can repeat a mail once (SMTP has
 * no exactly-once), never lose it.
 */
export class MailWorker {
  private readonly opts: MailWorkerOptions;
  private readonly transport: Transporter;
  private readonly loop: PollWorker;
  private readonly nudge: ReturnType<typeof commitNudge>;

  constructor(
    private readonly db: Db,
    smtpUrl: string,
    private readonly from: string,
    private readonly onAddressRefused: (tx: EntityManager, mailId: string, address: string, error: string) => Promise<void>,
    opts: Partial<MailWorkerOptions> = {},
  ) {
    this.opts = { ...DEFAULT_MAIL_WORKER_OPTIONS, ...opts };
    const t = this.opts.smtpTimeoutMs;
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: this.opts.concurrency,
      connectionTimeout: t,
      greetingTimeout: t,
      socketTimeout: t,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    this.loop = new PollWorker('mail worker', () => this.processBatch(), () => this.opts);
    this.nudge = commitNudge(db, () => this.loop.kick());
  }

  /** Marks the writer's transaction: its commit runs the worker at once. */
  nudgeOnCommit(queryRunner: QueryRunner | undefined): void {
    this.nudge.mark(queryRunner);
  }

  /** Starts the worker; `opts` changes its settings from then on (tests use quick retries). */
  start(opts: Partial<MailWorkerOptions> = {}): void {
    if (this.loop.isRunning) return;
    Object.assign(this.opts, opts);
    this.loop.start();
  }

  /** Stops claiming; the batch in flight is sent and its outcomes written first. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Stops and closes the SMTP connections and the commit hook (the app is closing). */
  async close(): Promise<void> {
    await this.stop();
    this.transport.close();
    this.nudge.detach();
  }

  /** Claims, sends and settles one batch; returns how many mails it took. */
  async processBatch(): Promise<number> {
    const claimed = await this.claim();
    const queue = [...claimed];
    const worker = async () => {
      for (let mail = queue.shift(); mail; mail = queue.shift()) await this.settle(mail, await this.send(mail));
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, claimed.length) }, worker));
    return claimed.length;
  }

  private claim(): Promise<ClaimedMail[]> {
    return inTransaction(this.db, (tx) =>
      tx.query(
        `with due as (
           select id from mails where status = 'QUEUED' and next_attempt_at <= now()
           order by next_attempt_at, id limit $1 for update skip locked
         ), claimed as (
           update mails m set attempts = m.attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
           from due where m.id = due.id
           returning m.id, m."to", m.subject, m.text, m.html, m.headers, m.attempts
         )
         select * from claimed`,
        [this.opts.batchSize, this.opts.leaseMs / 1000],
      ),
    );
  }

  private async send(mail: ClaimedMail): Promise<Outcome> {
    // the recipient is one plain address: anything else (a list, a group, CR/LF) could reach others
    if (!isPlainAddress(mail.to)) return { sent: false, error: 'not a single valid address', permanent: true, addressRefused: false };
    try {
      await this.transport.sendMail({
        from: this.from,
        to: mail.to,
        envelope: { from: this.from, to: [mail.to] },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: safeHeaders(mail.headers),
      });
      return { sent: true };
    } catch (err) {
      const e = err as { message?: string; responseCode?: number; command?: string; code?: string };
      const code = e.responseCode ?? 0;
      // 5xx to RCPT TO: this address is refused; 5xx to DATA: this message is. Anything else
      // (a refused connection, 4xx, 5xx to AUTH or MAIL FROM: our setup) is tried again later.
      const addressRefused = code >= 500 && e.command === 'RCPT TO';
      const permanent = addressRefused || (code >= 500 && e.command === 'DATA');
      return { sent: false, error: String(e.message ?? err).slice(0, 1000), permanent, addressRefused };
    }
  }

  private async settle(mail: ClaimedMail, outcome: Outcome): Promise<void> {
    try {
      if (outcome.sent) {
        await this.db.query(`update mails set status = 'SENT', sent_at = now(), last_error = null where id = $1`, [mail.id]);
        return;
      }
      const giveUp = outcome.permanent || mail.attempts >= this.opts.maxAttempts;
      const delayMs = Math.min(this.opts.retryBaseMs * 2 ** (mail.attempts - 1), this.opts.retryMaxMs);
      log()[giveUp ? 'error' : 'warn']({ mailId: mail.id, attempts: mail.attempts, error: outcome.error }, giveUp ? 'mail worker: mail failed' : 'mail worker: mail will be retried');
      await inTransaction(this.db, async (tx) => {
        await tx.query(
          `update mails set status = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) where id = $1`,
          [mail.id, giveUp ? 'FAILED' : 'QUEUED', outcome.error, delayMs / 1000],
        );
        if (outcome.addressRefused) await this.onAddressRefused(tx, mail.id, mail.to, outcome.error);
      });
    } catch (err) {
      // the lease runs out and the mail is tried again
      log().error({ err, mailId: mail.id }, 'mail worker: could not record the outcome');
    }
  }
}

/** Header names as RFC 5322 allows them; values on one line (nodemailer folds and encodes them). */
function safeHeaders(headers: Record<string, string> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (/^[A-Za-z0-9-]{1,76}$/.test(k) && typeof v === 'string') out[k] = v.replace(/[\r\n]+/g, ' ');
  }
  return out;
}
