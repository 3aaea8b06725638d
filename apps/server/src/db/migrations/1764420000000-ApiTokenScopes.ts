import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoped API tokens (#21): a token keeps the scopes it was created with (enum values of
 * ApiTokenScope: READ, WRITE_COMMENTS, …). New tokens default to READ. Tokens made before
 * scopes existed could do everything their user could, so they keep every scope (the user's
 * role still caps them at each request); their owners see the scopes on the account page.
 */
export class ApiTokenScopes1764420000000 implements MigrationInterface {
  name = 'ApiTokenScopes1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table api_tokens add column scopes text[] not null default '{READ}' check (cardinality(scopes) between 1 and 32)`);
    await q.query(
      `update api_tokens set scopes = '{READ,WRITE_COMMENTS,WRITE_VOTES,WRITE_NOTIFICATIONS,MODERATE,ADMIN_CONTENT,ADMIN_USERS,ADMIN_WEBHOOKS}'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table api_tokens drop column scopes`);
  }
}
