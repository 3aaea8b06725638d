import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing per the Standard Webhooks spec (standardwebhooks.com): a secret is `whsec_` + the
 * base64 of 24 random bytes; a signature is `v1,` + base64(HMAC-SHA256(secret bytes,
 * `${id}.${timestamp}.${body}`)); `webhook-signature` holds one or more, separated by spaces
 * (during a rotation: the new secret's and the previous one's).
 */
export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

export function isWebhookSecret(value: string): boolean {
  return /^whsec_[A-Za-z0-9+/]{24,88}={0,2}$/.test(value);
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/** The three headers of one delivery attempt, signed with every secret given. */
export function webhookHeaders(secrets: readonly string[], id: string, body: string, now = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => sign(s, id, timestamp, body)).join(' '),
  };
}
