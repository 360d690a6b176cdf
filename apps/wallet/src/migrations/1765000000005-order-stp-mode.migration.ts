import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Each order keeps its self-trade prevention mode (Binance's `selfTradePreventionMode`: `NONE`, `EXPIRE_TAKER`,
 * `EXPIRE_MAKER`, `EXPIRE_BOTH`), which the engine applies from the place command and the order views report.
 *
 * `stp_mode` defaults to `NONE`, so the orders stored before (and every order of a pod that does not know the column
 * yet, during a rolling upgrade) read as they always behaved. The intake gets an overload with one more array, the
 * modes: it runs the 22-argument intake of 1764900000001 unchanged and then sets the mode of the orders it stored
 * whose mode is not `NONE`, in the same statement (one function call, so atomic outside a transaction as before).
 * Most orders name no mode: for them the overload costs one array scan and no write.
 */
export class OrderStpMode1765000000005 implements MigrationInterface {
  name = 'OrderStpMode1765000000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table wallet_order add column stp_mode varchar(12) not null default 'NONE'
      constraint wallet_order_stp_mode check (stp_mode in ('NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'))`);
    await q.query(`
      create or replace function wallet_order_intake(
        p_order_id varchar[], p_user_id varchar[], p_client_order_id varchar[], p_market varchar[],
        p_side varchar[], p_order_type varchar[], p_time_in_force varchar[], p_limit_ticks bigint[],
        p_lots bigint[], p_quote_units numeric[], p_headroom_ppm int[], p_fingerprint text[],
        p_stop_ticks bigint[], p_asset varchar[], p_amount numeric[], p_available_account varchar[],
        p_held_account varchar[], p_journal_id varchar[], p_journal_kind varchar, p_subject varchar[],
        p_payload jsonb[], p_traceparent varchar[], p_stp_mode varchar[]
      ) returns table (idx int, outcome varchar, order_no text, created_ms text)
      language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off
      as $$
      begin
        return query
          select r.idx, r.outcome, r.order_no, r.created_ms
            from wallet_order_intake(
              p_order_id, p_user_id, p_client_order_id, p_market, p_side, p_order_type, p_time_in_force,
              p_limit_ticks, p_lots, p_quote_units, p_headroom_ppm, p_fingerprint, p_stop_ticks, p_asset, p_amount,
              p_available_account, p_held_account, p_journal_id, p_journal_kind, p_subject, p_payload,
              p_traceparent) as r;
        -- The orders this call stored (a pair stored before keeps its own mode); none when every mode is NONE.
        if exists (select 1 from unnest(p_stp_mode) as m(mode) where m.mode <> 'NONE') then
          update wallet_order o set stp_mode = s.mode
            from unnest(p_order_id, p_stp_mode) as s(order_id, mode)
           where s.mode <> 'NONE' and o.order_id = s.order_id;
        end if;
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function wallet_order_intake(
      varchar[], varchar[], varchar[], varchar[], varchar[], varchar[], varchar[], bigint[], bigint[], numeric[],
      int[], text[], bigint[], varchar[], numeric[], varchar[], varchar[], varchar[], varchar, varchar[], jsonb[],
      varchar[], varchar[])`);
    await q.query(`alter table wallet_order drop column stp_mode`);
  }
}
