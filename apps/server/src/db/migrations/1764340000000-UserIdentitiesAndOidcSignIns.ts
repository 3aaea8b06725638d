import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in with an OpenID provider (#20): an account is linked to a provider's subject
 * (`user_identities`, one account per issuer and subject), and a sign-in in progress keeps
 * its state, nonce and PKCE verifier on the server (`oidc_sign_ins`) until the provider
 * sends the browser back, which uses it once.
 */
export class UserIdentitiesAndOidcSignIns1764340000000 implements MigrationInterface {
  name = 'UserIdentitiesAndOidcSignIns1764340000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table user_identities (
        issuer text not null,
        subject text not null,
        user_id uuid not null references users(id) on delete cascade,
        email text,
        created_at timestamptz not null default now(),
        last_signed_in_at timestamptz not null default now(),
        primary key (issuer, subject)
      )`);
    await q.query(`create index user_identities_user_idx on user_identities (user_id)`);
    await q.query(`
      create table oidc_sign_ins (
        id text primary key,
        state text not null,
        nonce text not null,
        code_verifier text not null,
        redirect_path text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      )`);
    await q.query(`create index oidc_sign_ins_expires_idx on oidc_sign_ins (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table oidc_sign_ins`);
    await q.query(`drop table user_identities`);
  }
}
