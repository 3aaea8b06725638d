/**
 * Where services publish live events, after their transaction commits. The pubsub module
 * provides the real one (in-process, or Redis with REDIS_URL); until it is wired, nothing.
 */
export interface EventPublisher {
  publish(topic: string, payload: unknown): void;
}

export const noopPublisher: EventPublisher = { publish() {} };
