import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The foreign keys of the rows order intake inserts, checked once per statement instead of once per row (as
 * 1764300000010 did for journal entries and fills). Each of `wallet_order.market`, `hold.order_id` and `hold.asset`
 * ran a lookup per row that also locked the referenced row `FOR KEY SHARE`: three per order, and the market and
 * asset rows are the same for every order of a market, so concurrent intake groups shared those locks (multixacts).
 * The same rules, with no row locks:
 *
 * - insert: every new order's market exists; every new hold's order and asset exist (one statement-level trigger
 *   per table over its new rows, index probes);
 * - the keys never change: an order's market and a hold's order and asset are never updated (refused), orders are
 *   never deleted and keep their ids (`wallet_order_key_kept`, 1764300000010);
 * - the other side: a market that orders refer to, or an asset that holds refer to, cannot be deleted or renamed.
 *
 * Departure from plain foreign keys: an insert and a concurrent delete of the market or asset it refers to could
 * both commit (a foreign key's row lock would make one wait). Markets and assets are reference data that nothing
 * deletes (a market is halted, never removed); the triggers refuse the delete once the orders are committed.
 */
export class IntakeSetBasedChecks1764800000002 implements MigrationInterface {
  name = 'IntakeSetBasedChecks1764800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wallet_order drop constraint wallet_order_market_fkey`);
    await q.query(`alter table hold drop constraint hold_order_id_fkey, drop constraint hold_asset_fkey`);
    await q.query(`
      create function wallet_orders_checked() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select i.market into bad from (select distinct market from inserted) i
          where not exists (select 1 from market m where m.symbol = i.market) limit 1;
        if found then
          raise exception 'order in an unknown market %', bad.market using errcode = '23503';
        end if;
        return null;
      end $$`);
    await q.query(`
      create trigger wallet_order_checked after insert on wallet_order
      referencing new table as inserted for each statement execute function wallet_orders_checked()`);
    await q.query(`
      create function holds_checked() returns trigger language plpgsql as $$
      declare
        bad record;
      begin
        select i.order_id into bad from inserted i
          where not exists (select 1 from wallet_order o where o.order_id = i.order_id) limit 1;
        if found then
          raise exception 'hold of an unknown order %', bad.order_id using errcode = '23503';
        end if;
        select i.asset into bad from (select distinct asset from inserted) i
          where not exists (select 1 from asset a where a.code = i.asset) limit 1;
        if found then
          raise exception 'hold in an unknown asset %', bad.asset using errcode = '23503';
        end if;
        return null;
      end $$`);
    await q.query(`
      create trigger hold_checked after insert on hold
      referencing new table as inserted for each statement execute function holds_checked()`);
    await q.query(`
      create function intake_key_kept() returns trigger language plpgsql as $$
      begin
        if tg_table_name in ('wallet_order', 'hold') then
          raise exception 'an order''s market and a hold''s order and asset never change (% of % refused)', tg_op,
            tg_table_name using errcode = '23503';
        elsif tg_table_name = 'market' then
          if not exists (select 1 from wallet_order where market = old.symbol) then
            return coalesce(new, old);
          end if;
        elsif tg_table_name = 'asset' then
          if not exists (select 1 from hold where asset = old.code) then
            return coalesce(new, old);
          end if;
        end if;
        raise exception '% rows that orders or holds refer to are never deleted and keep their keys (% refused)',
          tg_table_name, tg_op
          using errcode = '23503';
      end $$`);
    await q.query(`
      create trigger wallet_order_market_kept before update of market on wallet_order
      for each row when (old.market is distinct from new.market) execute function intake_key_kept()`);
    await q.query(`
      create trigger hold_keys_kept before update of order_id, asset on hold
      for each row when (old.order_id is distinct from new.order_id or old.asset is distinct from new.asset)
      execute function intake_key_kept()`);
    await q.query(`
      create trigger market_orders_kept before delete or update of symbol on market
      for each row execute function intake_key_kept()`);
    await q.query(`
      create trigger asset_holds_kept before delete or update of code on asset
      for each row execute function intake_key_kept()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [trigger, table] of [
      ['asset_holds_kept', 'asset'],
      ['market_orders_kept', 'market'],
      ['hold_keys_kept', 'hold'],
      ['wallet_order_market_kept', 'wallet_order'],
      ['hold_checked', 'hold'],
      ['wallet_order_checked', 'wallet_order'],
    ])
      await q.query(`drop trigger ${trigger} on ${table}`);
    for (const fn of ['intake_key_kept', 'holds_checked', 'wallet_orders_checked'])
      await q.query(`drop function ${fn}`);
    await q.query(`alter table wallet_order add foreign key (market) references market (symbol)`);
    await q.query(
      `alter table hold add foreign key (order_id) references wallet_order (order_id),
         add foreign key (asset) references asset (code)`,
    );
  }
}
