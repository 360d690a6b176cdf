import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Accounts, sessions and refresh tokens, MFA recovery codes, API keys, the audit log and login throttling. */
export class UsersSchema1764090000000 implements MigrationInterface {
  name = 'UsersSchema1764090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        email text not null check (email = lower(btrim(email)) and length(email) <= 254),
        password_hash text not null,
        mfa_enabled boolean not null default false,
        totp_secret_sealed text,
        totp_pending_sealed text,
        totp_last_step bigint,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (not mfa_enabled or totp_secret_sealed is not null)
      )`);
    await q.query(`create unique index users_email_lower_key on users (lower(email))`);

    await q.query(`
      create table sessions (
        id uuid primary key,
        user_id uuid not null references users(id) on delete cascade,
        device text,
        ip text,
        created_at timestamptz not null,
        last_used_at timestamptz not null,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(`create index sessions_user_live_idx on sessions (user_id) where revoked_at is null`);

    await q.query(`
      create table refresh_tokens (
        id uuid primary key default gen_random_uuid(),
        session_id uuid not null references sessions(id) on delete cascade,
        token_hash bytea not null unique,
        status text not null check (status in ('active', 'rotated', 'revoked')),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      )`);
    await q.query(
      `create unique index refresh_tokens_one_active_idx on refresh_tokens (session_id) where status = 'active'`,
    );

    await q.query(`
      create table recovery_codes (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users(id) on delete cascade,
        code_hash bytea not null,
        created_at timestamptz not null,
        used_at timestamptz,
        unique (user_id, code_hash)
      )`);

    await q.query(`
      create table api_keys (
        id uuid primary key,
        user_id uuid not null references users(id) on delete cascade,
        api_key text not null unique,
        kind text not null check (kind in ('HMAC', 'ED25519')),
        label text not null,
        permissions text[] not null check (permissions <@ array['READ', 'TRADE', 'WITHDRAW'] and cardinality(permissions) > 0),
        ip_allow_list text[] not null default '{}',
        secret_sealed text,
        public_key_pem text,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz not null,
        check ((kind = 'HMAC') = (secret_sealed is not null)),
        check ((kind = 'ED25519') = (public_key_pem is not null))
      )`);
    await q.query(`create index api_keys_user_idx on api_keys (user_id)`);

    await q.query(`
      create table audit_log (
        id bigserial primary key,
        user_id uuid,
        event text not null,
        ip text,
        details jsonb not null default '{}',
        created_at timestamptz not null default now()
      )`);
    await q.query(`create index audit_log_user_idx on audit_log (user_id, id desc)`);
    await q.query(`
      create function audit_log_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end $$`);
    await q.query(`
      create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only()`);

    await q.query(`
      create table login_throttle (
        email_key text primary key,
        failures integer not null,
        locked_until timestamptz,
        updated_at timestamptz not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table login_throttle`);
    await q.query(`drop table audit_log`);
    await q.query(`drop function audit_log_append_only`);
    await q.query(`drop table api_keys`);
    await q.query(`drop table recovery_codes`);
    await q.query(`drop table refresh_tokens`);
    await q.query(`drop table sessions`);
    await q.query(`drop table users`);
  }
}
