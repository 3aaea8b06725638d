import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The delivery worker claims the oldest due deliveries of each endpoint (a lateral scan per endpoint). */
export class WebhookDuePerEndpoint1764410000001 implements MigrationInterface {
  name = 'WebhookDuePerEndpoint1764410000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index webhook_deliveries_endpoint_due on webhook_deliveries (endpoint_id, next_attempt_at) where status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop index webhook_deliveries_endpoint_due');
  }
}
