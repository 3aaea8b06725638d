import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Why an endpoint gets nothing: an admin turned it off, or it kept failing. */
export type WebhookDisabledReason = 'MANUAL' | 'FAILING';
export type WebhookDeliveryStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED';

/** A receiver admins registered (only WebhookService writes it). */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'text' }) url!: string;
  @Column({ type: 'text' }) description!: string;
  /** Event type names, e.g. `comment.published` (see webhook.events.ts). */
  @Column({ type: 'text', array: true }) events!: string[];
  @Column({ type: 'uuid', name: 'section_id', nullable: true }) sectionId!: string | null;
  /** `whsec_…`, stored as is: signing needs it (Standard Webhooks); never shown again after creation or rotation. */
  @Column({ type: 'text' }) secret!: string;
  @Column({ type: 'text', name: 'previous_secret', nullable: true }) previousSecret!: string | null;
  @Column({ type: 'timestamptz', name: 'previous_secret_expires_at', nullable: true }) previousSecretExpiresAt!: Date | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'text', name: 'disabled_reason', nullable: true }) disabledReason!: WebhookDisabledReason | null;
  @Column({ type: 'timestamptz', name: 'disabled_at', nullable: true }) disabledAt!: Date | null;
  @Column({ type: 'int', name: 'consecutive_failures' }) consecutiveFailures!: number;
  @Column({ type: 'timestamptz', name: 'failing_since', nullable: true }) failingSince!: Date | null;
  @Column({ type: 'timestamptz', name: 'circuit_open_until', nullable: true }) circuitOpenUntil!: Date | null;
  @Column({ type: 'uuid', name: 'created_by', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
  @Column({ type: 'timestamptz', name: 'updated_at' }) updatedAt!: Date;
}

/** One event for one endpoint: the body is fixed when the row is made, so every attempt sends the same bytes. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'endpoint_id' }) endpointId!: string;
  /** The `webhook-id` header: the same for every attempt and redelivery (receivers drop repeats by it). */
  @Column({ type: 'text', name: 'event_id' }) eventId!: string;
  @Column({ type: 'text', name: 'event_type' }) eventType!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text' }) status!: WebhookDeliveryStatus;
  @Column({ type: 'int' }) attempts!: number;
  @Column({ type: 'timestamptz', name: 'next_attempt_at' }) nextAttemptAt!: Date;
  @Column({ type: 'timestamptz', name: 'last_attempt_at', nullable: true }) lastAttemptAt!: Date | null;
  @Column({ type: 'int', name: 'last_status', nullable: true }) lastStatus!: number | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError!: string | null;
  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
  @Column({ type: 'timestamptz', name: 'event_committed_at', nullable: true }) eventCommittedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}

/** One attempt of a delivery: what was sent and what came back (the delivery log). */
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ type: 'uuid', name: 'delivery_id' }) deliveryId!: string;
  @Column({ type: 'int' }) attempt!: number;
  @Column({ type: 'jsonb', name: 'request_headers' }) requestHeaders!: Record<string, string>;
  @Column({ type: 'int', name: 'response_status', nullable: true }) responseStatus!: number | null;
  @Column({ type: 'text', name: 'response_snippet', nullable: true }) responseSnippet!: string | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ type: 'int', name: 'duration_ms' }) durationMs!: number;
  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' }) createdAt!: Date;
}
