import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity, the knowledge base and article feedback. */
export class Foundation1764140000000 implements MigrationInterface {
  name = 'Foundation1764140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        handle text not null check (handle ~ '^[a-z0-9_-]{3,30}$'),
        display_name text not null check (length(display_name) between 1 and 80),
        email text not null,
        password_hash text not null,
        role text not null default 'MEMBER' check (role in ('MEMBER', 'AGENT', 'MODERATOR', 'ADMIN')),
        status text not null default 'ACTIVE' check (status in ('ACTIVE', 'SUSPENDED', 'BANNED')),
        suspended_until timestamptz,
        status_reason text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index users_handle_key on users (handle);
      create unique index users_email_key on users (lower(email));

      create table sessions (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        token_hash text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        revoked_at timestamptz
      );
      create unique index sessions_token_hash_key on sessions (token_hash);
      create index sessions_user_id_idx on sessions (user_id);

      create table api_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users (id) on delete cascade,
        name text not null check (length(name) between 1 and 100),
        token_hash text not null,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz
      );
      create unique index api_tokens_token_hash_key on api_tokens (token_hash);
      create index api_tokens_user_id_idx on api_tokens (user_id, created_at desc);

      create table categories (
        id uuid primary key default gen_random_uuid(),
        slug text not null,
        name text not null,
        description text,
        position int not null default 0,
        created_at timestamptz not null default now()
      );
      create unique index categories_slug_key on categories (slug);

      create table sections (
        id uuid primary key default gen_random_uuid(),
        category_id uuid not null references categories (id),
        slug text not null,
        name text not null,
        description text,
        position int not null default 0,
        created_at timestamptz not null default now()
      );
      create unique index sections_slug_key on sections (slug);
      create index sections_category_idx on sections (category_id, position, id);

      create table articles (
        id uuid primary key default gen_random_uuid(),
        section_id uuid not null references sections (id),
        author_id uuid not null references users (id),
        slug text not null,
        title text not null,
        body text not null,
        body_html text not null,
        excerpt text not null,
        status text not null default 'DRAFT' check (status in ('DRAFT', 'PUBLISHED', 'ARCHIVED')),
        labels text[] not null default '{}',
        promoted boolean not null default false,
        position int not null default 0,
        comments_locked boolean not null default false,
        comments_lock_reason text,
        helpful_count int not null default 0 check (helpful_count >= 0),
        vote_count int not null default 0 check (vote_count >= helpful_count),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        published_at timestamptz
      );
      create unique index articles_slug_key on articles (slug);
      create index articles_section_position_idx on articles (section_id, position, id);
      create index articles_section_published_idx on articles (section_id, published_at desc, id);
      create index articles_status_published_idx on articles (status, published_at desc, id);

      create table article_revisions (
        id uuid primary key default gen_random_uuid(),
        article_id uuid not null references articles (id),
        author_id uuid not null references users (id),
        title text not null,
        body text not null,
        created_at timestamptz not null default now()
      );
      create index article_revisions_article_idx on article_revisions (article_id, created_at desc, id);

      create table article_votes (
        id uuid primary key default gen_random_uuid(),
        article_id uuid not null references articles (id),
        user_id uuid not null references users (id),
        helpful boolean not null,
        reason text check (reason in ('OUTDATED', 'INCORRECT', 'UNCLEAR', 'MISSING_INFORMATION', 'DID_NOT_SOLVE', 'OTHER')),
        note text check (length(note) <= 1000),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );
      create unique index article_votes_article_user_key on article_votes (article_id, user_id);
      create index article_votes_feedback_idx on article_votes (article_id, updated_at desc, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      drop table article_votes; drop table article_revisions; drop table articles;
      drop table sections; drop table categories; drop table api_tokens; drop table sessions; drop table users;
    `);
  }
}
