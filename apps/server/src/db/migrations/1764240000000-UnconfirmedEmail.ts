import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * signUp with an email address that another account has does not say so (no account
 * enumeration): it creates the account with the address as `unconfirmed_email`, which is
 * shown to its owner but never signs anyone in and is not unique. Such an account has no
 * (confirmed) `email`.
 */
export class UnconfirmedEmail1764240000000 implements MigrationInterface {
  name = 'UnconfirmedEmail1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table users
        alter column email drop not null,
        add column unconfirmed_email text,
        add constraint users_some_email check (email is not null or unconfirmed_email is not null)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`update users set email = unconfirmed_email || '.unconfirmed-' || id where email is null`);
    await q.query(`alter table users drop constraint users_some_email, drop column unconfirmed_email, alter column email set not null`);
  }
}
