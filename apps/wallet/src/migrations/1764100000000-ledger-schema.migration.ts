import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The wallet's tables: reference data, the double-entry ledger (running balances that never go
 * negative, immutable balanced journal), idempotency keys, order intake, holds, the command outbox,
 * per-market event cursors, deposits and withdrawals. Amounts are numeric(38,0) minor units.
 */
export class LedgerSchema1764100000000 implements MigrationInterface {
  name = 'LedgerSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table asset (
        code varchar(20) primary key check (code ~ '^[A-Z0-9]{1,20}$'),
        decimals smallint not null check (decimals between 0 and 36),
        enabled boolean not null default true
      )`);
    await q.query(`
      create table market (
        symbol varchar(25) primary key check (symbol ~ '^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$'),
        base varchar(20) not null references asset (code),
        quote varchar(20) not null references asset (code),
        tick_size varchar(40) not null,
        step_size varchar(40) not null,
        min_qty varchar(40) not null default '0',
        min_notional varchar(40) not null default '0',
        maker_fee_ppm integer not null check (maker_fee_ppm between 0 and 1000000),
        taker_fee_ppm integer not null check (taker_fee_ppm between 0 and 1000000),
        status varchar(12) not null default 'TRADING' check (status in ('TRADING', 'HALTED', 'CANCEL_ONLY')),
        check (base <> quote)
      )`);
    await q.query(`
      create table ledger_account (
        account_id varchar(160) primary key,
        owner varchar(5) not null check (owner in ('USER', 'VENUE')),
        user_id varchar(64),
        asset varchar(20) not null references asset (code),
        kind varchar(24) not null,
        balance numeric(38, 0) not null default 0,
        updated_at timestamptz not null default now(),
        unique (account_id, asset),
        check ((owner = 'USER') = (user_id is not null)),
        check (
          (owner = 'USER' and kind in ('AVAILABLE', 'HELD'))
          or (owner = 'VENUE' and kind in ('FEES', 'DEPOSITS_IN_FLIGHT', 'WITHDRAWALS_IN_FLIGHT', 'EXTERNAL'))
        ),
        constraint ledger_account_not_negative check (kind = 'EXTERNAL' or balance >= 0)
      )`);
    await q.query(`create index ledger_account_user on ledger_account (user_id) where user_id is not null`);
    await q.query(`
      create table journal_transaction (
        id varchar(200) primary key,
        kind varchar(32) not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table journal_entry (
        id bigserial primary key,
        transaction_id varchar(200) not null references journal_transaction (id),
        account_id varchar(160) not null,
        asset varchar(20) not null,
        amount numeric(38, 0) not null check (amount <> 0),
        foreign key (account_id, asset) references ledger_account (account_id, asset)
      )`);
    await q.query(`create index journal_entry_transaction on journal_entry (transaction_id)`);
    await q.query(`create index journal_entry_account on journal_entry (account_id)`);
    await q.query(`
      create function journal_immutable() returns trigger language plpgsql as $$
      begin
        raise exception 'journal rows are immutable (% on %)', tg_op, tg_table_name using errcode = 'P0001';
      end $$`);
    await q.query(`
      create trigger journal_transaction_immutable before update or delete on journal_transaction
      for each row execute function journal_immutable()`);
    await q.query(`
      create trigger journal_entry_immutable before update or delete on journal_entry
      for each row execute function journal_immutable()`);
    // Checked at commit: every transaction's entries sum to zero per asset.
    await q.query(`
      create function journal_entry_balanced() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select asset, sum(amount) as total into bad from journal_entry
          where transaction_id = new.transaction_id group by asset having sum(amount) <> 0 limit 1;
        if found then
          raise exception 'journal transaction % is unbalanced: % sums to %', new.transaction_id, bad.asset, bad.total
            using errcode = '23514';
        end if;
        return null;
      end $$`);
    await q.query(`
      create constraint trigger journal_entry_balanced after insert on journal_entry
      deferrable initially deferred for each row execute function journal_entry_balanced()`);
    await q.query(`
      create table idempotency_key (
        key varchar(250) primary key,
        fingerprint text not null,
        response jsonb not null,
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table wallet_order (
        order_id varchar(64) primary key,
        user_id varchar(64) not null,
        client_order_id varchar(64) not null,
        market varchar(25) not null references market (symbol),
        side varchar(4) not null check (side in ('BUY', 'SELL')),
        order_type varchar(16) not null check (order_type in ('LIMIT', 'LIMIT_MAKER', 'MARKET')),
        time_in_force varchar(3) check (time_in_force in ('GTC', 'IOC', 'FOK')),
        limit_ticks bigint check (limit_ticks > 0),
        lots bigint check (lots > 0),
        quote_units numeric(38, 0) check (quote_units > 0),
        headroom_ppm integer not null,
        filled_lots bigint not null default 0 check (filled_lots >= 0),
        spent_quote_units numeric(38, 0) not null default 0 check (spent_quote_units >= 0),
        status varchar(16) not null
          check (status in ('PENDING', 'ACCEPTED', 'FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED')),
        fingerprint text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        unique (user_id, client_order_id),
        check (lots is not null or quote_units is not null)
      )`);
    await q.query(
      `create index wallet_order_open on wallet_order (user_id) where status in ('PENDING', 'ACCEPTED')`,
    );
    await q.query(`
      create table hold (
        order_id varchar(64) primary key references wallet_order (order_id),
        user_id varchar(64) not null,
        asset varchar(20) not null references asset (code),
        amount numeric(38, 0) not null check (amount >= 0),
        status varchar(8) not null check (status in ('ACTIVE', 'RELEASED')),
        updated_at timestamptz not null default now(),
        check (status = 'ACTIVE' or amount = 0)
      )`);
    await q.query(`
      create table outbox (
        id bigserial primary key,
        message_id varchar(100) not null unique,
        subject varchar(200) not null,
        payload jsonb not null,
        created_at timestamptz not null default now(),
        sent_at timestamptz
      )`);
    await q.query(`create index outbox_unsent on outbox (id) where sent_at is null`);
    await q.query(`
      create table market_event_cursor (
        market varchar(25) primary key,
        last_seq bigint not null check (last_seq >= 0),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table deposit (
        deposit_id varchar(128) primary key,
        user_id varchar(64) not null,
        asset varchar(20) not null references asset (code),
        amount numeric(38, 0) not null check (amount > 0),
        source varchar(8) not null check (source in ('FAUCET', 'CHAIN')),
        status varchar(10) not null check (status in ('CONFIRMED')),
        created_at timestamptz not null default now()
      )`);
    await q.query(`
      create table withdrawal (
        withdrawal_id varchar(64) primary key,
        user_id varchar(64) not null,
        asset varchar(20) not null references asset (code),
        amount numeric(38, 0) not null check (amount > 0),
        network_fee numeric(38, 0) not null default 0 check (network_fee >= 0 and network_fee <= amount),
        address varchar(128) not null,
        status varchar(10) not null check (status in ('REQUESTED', 'COMPLETED', 'FAILED')),
        failure_reason varchar(200),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'withdrawal',
      'deposit',
      'market_event_cursor',
      'outbox',
      'hold',
      'wallet_order',
      'idempotency_key',
      'journal_entry',
      'journal_transaction',
      'ledger_account',
      'market',
      'asset',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
    await q.query(`drop function if exists journal_entry_balanced`);
    await q.query(`drop function if exists journal_immutable`);
  }
}
