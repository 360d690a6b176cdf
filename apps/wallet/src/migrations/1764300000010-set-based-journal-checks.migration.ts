import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Settlement writes tens of thousands of journal entries and fills per statement, and PostgreSQL's per-row checks
 * cost more than the rows themselves: a deferred trigger per entry that re-reads its whole journal transaction at
 * commit (ten entries per trade: a hundred row reads per trade), and a foreign-key lookup with a row lock per
 * reference (two per entry, three per fill). The same rules, checked once per statement over its new rows
 * (`REFERENCING NEW TABLE`, hash joins):
 *
 * - balance: the entries a statement inserts must sum to zero per journal transaction and asset. As every
 *   transaction already stored is balanced, the stored ones stay balanced. A statement that leaves a transaction
 *   unbalanced is not refused at once: the transaction is queued in `journal_balance_pending` and its whole set of
 *   entries is checked at commit by a deferred trigger (as before), so a transaction may still be written by
 *   several statements;
 * - references: every entry's journal transaction exists, and its (account, asset) pair is a ledger account;
 *   every fill's order, market and commission asset exist;
 * - what a foreign key also guarded on the other side: journal transactions were already immutable, ledger
 *   accounts and orders now are never deleted and keep their keys (nothing ever deleted them), and a market or an
 *   asset that fills refer to cannot be deleted or renamed.
 */
export class SetBasedJournalChecks1764300000010 implements MigrationInterface {
  name = 'SetBasedJournalChecks1764300000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger journal_entry_balanced on journal_entry`);
    await q.query(`drop function journal_entry_balanced`);
    await q.query(
      `alter table journal_entry drop constraint journal_entry_transaction_id_fkey,
         drop constraint journal_entry_account_id_asset_fkey`,
    );
    await q.query(
      `alter table wallet_fill drop constraint wallet_fill_market_fkey, drop constraint wallet_fill_order_id_fkey,
         drop constraint wallet_fill_commission_asset_fkey`,
    );
    // Rows live only inside a database transaction: the deferred check removes them at commit.
    await q.query(`create table journal_balance_pending (transaction_id varchar(200) not null)`);
    await q.query(`
      create function journal_entries_checked() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select i.transaction_id into bad from (select distinct transaction_id from inserted) i
          where not exists (select 1 from journal_transaction t where t.id = i.transaction_id) limit 1;
        if found then
          raise exception 'journal entry of an unknown journal transaction %', bad.transaction_id
            using errcode = '23503';
        end if;
        select i.account_id, i.asset into bad from (select distinct account_id, asset from inserted) i
          where not exists (select 1 from ledger_account a where a.account_id = i.account_id and a.asset = i.asset)
          limit 1;
        if found then
          raise exception 'journal entry on an unknown account % (%)', bad.account_id, bad.asset
            using errcode = '23503';
        end if;
        insert into journal_balance_pending (transaction_id)
          select distinct transaction_id from inserted group by transaction_id, asset having sum(amount) <> 0;
        return null;
      end $$`);
    await q.query(`
      create trigger journal_entry_checked after insert on journal_entry
      referencing new table as inserted for each statement execute function journal_entries_checked()`);
    await q.query(`
      create function journal_balance_pending_checked() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select asset, sum(amount) as total into bad from journal_entry
          where transaction_id = new.transaction_id group by asset having sum(amount) <> 0 limit 1;
        if found then
          raise exception 'journal transaction % is unbalanced: % sums to %', new.transaction_id, bad.asset, bad.total
            using errcode = '23514';
        end if;
        delete from journal_balance_pending where transaction_id = new.transaction_id;
        return null;
      end $$`);
    await q.query(`
      create constraint trigger journal_balance_pending_checked after insert on journal_balance_pending
      deferrable initially deferred for each row execute function journal_balance_pending_checked()`);
    await q.query(`
      create function wallet_fills_checked() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select i.order_id into bad from (select distinct order_id from inserted) i
          where not exists (select 1 from wallet_order o where o.order_id = i.order_id) limit 1;
        if found then
          raise exception 'fill of an unknown order %', bad.order_id using errcode = '23503';
        end if;
        select i.market into bad from (select distinct market from inserted) i
          where not exists (select 1 from market m where m.symbol = i.market) limit 1;
        if found then
          raise exception 'fill in an unknown market %', bad.market using errcode = '23503';
        end if;
        select i.commission_asset into bad from (select distinct commission_asset from inserted) i
          where not exists (select 1 from asset a where a.code = i.commission_asset) limit 1;
        if found then
          raise exception 'fill charged in an unknown asset %', bad.commission_asset using errcode = '23503';
        end if;
        return null;
      end $$`);
    await q.query(`
      create trigger wallet_fill_checked after insert on wallet_fill
      referencing new table as inserted for each statement execute function wallet_fills_checked()`);
    await q.query(`
      create function ledger_key_kept() returns trigger language plpgsql as $$
      begin
        -- A market or an asset is kept only once fills refer to it (each test in its own statement: the row
        -- types differ).
        if tg_table_name = 'market' then
          if not exists (select 1 from wallet_fill where market = old.symbol) then
            return coalesce(new, old);
          end if;
        elsif tg_table_name = 'asset' then
          if not exists (select 1 from wallet_fill where commission_asset = old.code) then
            return coalesce(new, old);
          end if;
        end if;
        raise exception '% rows that the journal or fills refer to are never deleted and keep their keys (% refused)',
          tg_table_name, tg_op using errcode = '23503';
      end $$`);
    await q.query(`
      create trigger ledger_account_key_kept before delete or update of account_id, asset on ledger_account
      for each row execute function ledger_key_kept()`);
    await q.query(`
      create trigger wallet_order_key_kept before delete or update of order_id on wallet_order
      for each row execute function ledger_key_kept()`);
    await q.query(`
      create trigger market_key_kept before delete or update of symbol on market
      for each row execute function ledger_key_kept()`);
    await q.query(`
      create trigger asset_key_kept before delete or update of code on asset
      for each row execute function ledger_key_kept()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['asset_key_kept', 'asset'],
      ['market_key_kept', 'market'],
      ['wallet_order_key_kept', 'wallet_order'],
      ['ledger_account_key_kept', 'ledger_account'],
      ['wallet_fill_checked', 'wallet_fill'],
      ['journal_entry_checked', 'journal_entry'],
    ])
      await q.query(`drop trigger ${trigger} on ${table}`);
    await q.query(`drop table journal_balance_pending`);
    for (const fn of [
      'ledger_key_kept',
      'wallet_fills_checked',
      'journal_balance_pending_checked',
      'journal_entries_checked',
    ])
      await q.query(`drop function ${fn}`);
    await q.query(
      `alter table wallet_fill add foreign key (market) references market (symbol),
         add foreign key (order_id) references wallet_order (order_id),
         add foreign key (commission_asset) references asset (code)`,
    );
    await q.query(
      `alter table journal_entry add foreign key (transaction_id) references journal_transaction (id),
         add foreign key (account_id, asset) references ledger_account (account_id, asset)`,
    );
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
  }
}
