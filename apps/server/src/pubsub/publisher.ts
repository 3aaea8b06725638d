/**
 * Where services publish live events, after their transaction commits. The pubsub module
 * provides the real one (in-process, or Redis with REDIS_URL); until it is wired, nothing.
 */
export interface EventPublisher {
  publish(topic: string, payload: unknown): void;
}

export const noopPublisher: EventPublisher = { publish() {} };

/**
 * Sessions or tokens that stopped working (sign-out, revocation, ban, role change): every
 * instance closes the WebSockets opened with them, so a revoked credential stops at once.
 */
export const CREDENTIALS_REVOKED = 'CREDENTIALS_REVOKED';
export interface CredentialsRevokedMessage {
  /** Session or API token ids. */
  credentialIds?: string[];
  /** Every credential of this user. */
  userId?: string;
}
