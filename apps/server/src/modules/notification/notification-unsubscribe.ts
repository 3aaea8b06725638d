import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Db } from '../../db/data-source.js';
import { EMAIL_TOPICS, type EmailTopic } from './notification-preferences.js';

/**
 * Signed unsubscribe links. A token is `<payload>.<signature>`, both base64url: the payload
 * `1:<user uuid>:<topics>` names who and what (topics as letters r, f, m), the signature is
 * HMAC-SHA256 over the payload with the server's key. It needs no sign-in and never
 * expires (RFC 8058 mail clients may use it years later); anyone holding a mail can only
 * turn that mail's topics off for its recipient.
 *
 * The key: APP_SECRET when set (the same on every instance), else 32 random bytes generated
 * by the first instance that needs it and stored in `app_secrets`, so every instance on the
 * same database shares it.
 */
const LETTER: Record<EmailTopic, string> = { replies: 'r', follows: 'f', moderation: 'm' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET_NAME = 'unsubscribe_hmac_key';

type Runner = Pick<Db, 'query'> | EntityManager;

export interface UnsubscribeClaim {
  userId: string;
  topics: EmailTopic[];
}

export class UnsubscribeTokens {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly db: Db,
    private readonly configuredSecret: string | null,
  ) {}

  /** `runner`: the caller's transaction when there is one (PGlite has a single session: a second one would wait for it). */
  private secret(runner: Runner = this.db): Promise<Buffer> {
    if (this.configuredSecret) return Promise.resolve(Buffer.from(this.configuredSecret, 'utf8'));
    this.key ??= (async () => {
      await runner.query('insert into app_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [SECRET_NAME, randomBytes(32).toString('base64url')]);
      const [row]: Array<{ value: string }> = await runner.query('select value from app_secrets where name = $1', [SECRET_NAME]);
      return Buffer.from(row.value, 'base64url');
    })().catch((err) => {
      this.key = null;
      throw err;
    });
    return this.key;
  }

  /** Loads (or creates) the key outside any transaction: a key first read inside one that rolls back would not be the stored one. */
  async preload(): Promise<void> {
    await this.secret();
  }

  async sign(userId: string, topics: readonly EmailTopic[], runner?: Runner): Promise<string> {
    const payload = `1:${userId}:${EMAIL_TOPICS.filter((t) => topics.includes(t)).map((t) => LETTER[t]).join('')}`;
    return `${Buffer.from(payload).toString('base64url')}.${createHmac('sha256', await this.secret(runner)).update(payload).digest('base64url')}`;
  }

  /** The claim of a token with a valid signature; null for anything else (forged, truncated, garbage). */
  async verify(token: unknown): Promise<UnsubscribeClaim | null> {
    if (typeof token !== 'string' || token.length > 300) return null;
    const [encoded, signature, extra] = token.split('.');
    if (!encoded || !signature || extra !== undefined) return null;
    const payload = Buffer.from(encoded, 'base64url').toString('utf8');
    const expected = createHmac('sha256', await this.secret()).update(payload).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [version, userId, letters] = payload.split(':');
    if (version !== '1' || !UUID.test(userId ?? '') || !letters) return null;
    const topics = EMAIL_TOPICS.filter((t) => letters.includes(LETTER[t]));
    return topics.length ? { userId, topics } : null;
  }
}
