import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email verification and password reset (#20).
 * - `users.email_verified_at`: when the account proved it receives mail at `email`. Accounts
 *   that existed before verification was asked for count as verified from their creation;
 *   new rows default to now() (seeded, imported, SSO accounts), signUp writes null.
 * - `users.password_hash` may be null: an imported account that has never set a password
 *   (it signs in with nothing until it claims the account through a password reset).
 * - `account_tokens`: single-use links sent by mail. Only the SHA-256 of the 256-bit secret is
 *   kept; `email` is the address the link was mailed to (a new address to confirm, for an
 *   email change); a newer link of the same purpose supersedes the older ones.
 */
export class AccountTokensAndEmailVerification1764320000000 implements MigrationInterface {
  name = 'AccountTokensAndEmailVerification1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table users add column email_verified_at timestamptz, alter column password_hash drop not null`);
    await q.query(`update users set email_verified_at = created_at where email is not null`);
    // accounts made by other paths than signUp (seed, imports, SSO with a verified address) are verified
    // unless they say otherwise; signUp and changes of address write null explicitly
    await q.query(`alter table users alter column email_verified_at set default now()`);
    await q.query(`
      create table account_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        purpose text not null check (purpose in ('VERIFY_EMAIL', 'PASSWORD_RESET')),
        token_hash text not null,
        email text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz,
        superseded_at timestamptz,
        constraint account_tokens_token_hash_key unique (token_hash)
      )`);
    await q.query(`create index account_tokens_open on account_tokens (user_id, purpose) where used_at is null and superseded_at is null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table account_tokens`);
    await q.query(`update users set password_hash = '!' where password_hash is null`);
    await q.query(`alter table users drop column email_verified_at, alter column password_hash set not null`);
  }
}
