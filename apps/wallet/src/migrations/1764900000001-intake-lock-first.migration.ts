import { type MigrationInterface, type QueryRunner } from 'typeorm';

import { IntakeKeyedLookups1764800000001 } from './1764800000001-intake-keyed-lookups.migration';

/**
 * Order intake's PostgreSQL work per order, cut where it went to writes nobody reads (measured with the backend's
 * CPU time over 40 groups of 128 on a bench database, see docs/wallet.md):
 *
 * - `ledger_account` with fillfactor 40: every hold and settlement updates two account rows, and with full pages
 *   (fillfactor 100) nearly every update was a non-HOT one (10 % HOT in `bench:wallet`: the page had no room for the
 *   new version), each writing a new entry into the table's three indexes. With room left on the page the update
 *   stays on it (HOT: no index entries) and the old versions are pruned in place. Pages written from now on keep
 *   the room; pages written before keep theirs full until the table is rewritten (`VACUUM FULL ledger_account`,
 *   which locks it: not done here, at a deploy). The table holds one row per (user, asset, kind): small either way.
 * - `wallet_order_intake` locks the accounts first and creates the missing ones only when some are missing (a
 *   user's first hold in an asset): the `insert ... on conflict do nothing` of every account of the group, run for
 *   every group before, found them all there in nearly every group and cost as much as the lock. Same locks in the
 *   same order when all exist; a group that creates accounts locks the existing ones, inserts the missing ones
 *   (waiting on a concurrent insert of the same account, as before) and locks again. A deadlock there (40P01) is
 *   run again by the caller, like every group's. Same arguments, outcomes and rows as in 1764800000001.
 */
export class IntakeLockFirst1764900000001 implements MigrationInterface {
  name = 'IntakeLockFirst1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table ledger_account set (fillfactor = 40)`);
    await q.query(`
      create or replace function wallet_order_intake(
        p_order_id varchar[], p_user_id varchar[], p_client_order_id varchar[], p_market varchar[],
        p_side varchar[], p_order_type varchar[], p_time_in_force varchar[], p_limit_ticks bigint[],
        p_lots bigint[], p_quote_units numeric[], p_headroom_ppm int[], p_fingerprint text[],
        p_stop_ticks bigint[], p_asset varchar[], p_amount numeric[], p_available_account varchar[],
        p_held_account varchar[], p_journal_id varchar[], p_journal_kind varchar, p_subject varchar[],
        p_payload jsonb[], p_traceparent varchar[]
      ) returns table (idx int, outcome varchar, order_no text, created_ms text)
      language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off
      as $$
      declare
        n int := coalesce(array_length(p_order_id, 1), 0);
        v_outcome varchar[];
        v_accounts varchar[];
        v_balances numeric[];
        v_wanted varchar[];
        v_new int := 0;
        v_ids varchar[];
        v_nos text[];
        v_created text[];
        j int;
        k int := 0;
      begin
        if n = 0 then
          return;
        end if;
        -- Pairs stored already.
        select array_agg(case when exists (
                 select 1 from wallet_order o
                 where o.user_id = p_user_id[i] and o.client_order_id = p_client_order_id[i]
               ) then 'EXISTING' end order by i)
          into v_outcome
          from generate_subscripts(p_order_id, 1) as i;

        -- The accounts of the other holds, locked in account-id order (one index probe each). Those missing (a
        -- user's first hold in an asset) are created, then all are locked again (the ones held already stay held).
        select array_agg(distinct x.id order by x.id)
          into v_wanted
          from generate_subscripts(p_order_id, 1) as i,
               lateral (values (p_available_account[i]), (p_held_account[i])) as x(id)
         where v_outcome[i] is null;
        select array_agg(l.account_id order by l.account_id), array_agg(l.balance order by l.account_id)
          into v_accounts, v_balances
          from (select a.account_id, a.balance
                  from unnest(v_wanted) as w(id)
                  join ledger_account a on a.account_id = w.id
                 order by a.account_id
                 for update of a) as l;
        if coalesce(array_length(v_accounts, 1), 0) < coalesce(array_length(v_wanted, 1), 0) then
          insert into ledger_account (account_id, owner, user_id, asset, kind)
          select distinct a.id, 'USER', a.user_id, a.asset, a.kind
            from generate_subscripts(p_order_id, 1) as i,
                 lateral (values (p_available_account[i], p_user_id[i], p_asset[i], 'AVAILABLE'),
                                 (p_held_account[i], p_user_id[i], p_asset[i], 'HELD')) as a(id, user_id, asset, kind)
           where v_outcome[i] is null
           order by a.id
          on conflict (account_id) do nothing;
          select array_agg(l.account_id order by l.account_id), array_agg(l.balance order by l.account_id)
            into v_accounts, v_balances
            from (select a.account_id, a.balance
                    from unnest(v_wanted) as w(id)
                    join ledger_account a on a.account_id = w.id
                   order by a.account_id
                   for update of a) as l;
        end if;

        -- In arrival order: a hold fits what the earlier ones of the group left, or the order is refused.
        for i in 1 .. n loop
          continue when v_outcome[i] is not null;
          j := array_position(v_accounts, p_available_account[i]);
          if v_balances[j] >= p_amount[i] then
            v_balances[j] := v_balances[j] - p_amount[i];
            v_outcome[i] := 'NEW';
            v_new := v_new + 1;
          else
            v_outcome[i] := 'INSUFFICIENT';
          end if;
        end loop;

        if v_new > 0 then
          -- The numbers and times come back from the insert itself (no second read of the table).
          with stored as (
            insert into wallet_order (order_id, user_id, client_order_id, market, side, order_type, time_in_force,
                                      limit_ticks, lots, quote_units, headroom_ppm, status, fingerprint, stop_ticks)
            select p_order_id[i], p_user_id[i], p_client_order_id[i], p_market[i], p_side[i], p_order_type[i],
                   p_time_in_force[i], p_limit_ticks[i], p_lots[i], p_quote_units[i], p_headroom_ppm[i], 'PENDING',
                   p_fingerprint[i], p_stop_ticks[i]
              from generate_subscripts(p_order_id, 1) as i
             where v_outcome[i] = 'NEW'
             order by i
            on conflict (user_id, client_order_id) do nothing
            returning wallet_order.order_id, wallet_order.order_no, wallet_order.created_at)
          select array_agg(s.order_id), array_agg(s.order_no::text),
                 array_agg(floor(extract(epoch from s.created_at) * 1000)::text)
            into v_ids, v_nos, v_created
            from stored as s;
          if coalesce(array_length(v_ids, 1), 0) <> v_new then
            raise exception 'wallet_order_intake: a (user, clientOrderId) of the group was stored meanwhile'
              using errcode = '40001';
          end if;

          insert into journal_transaction (id, kind)
          select p_journal_id[i], p_journal_kind
            from generate_subscripts(p_order_id, 1) as i
           where v_outcome[i] = 'NEW';
          update ledger_account a set balance = a.balance + d.delta, updated_at = now()
            from (select e.account_id, sum(e.amount) as delta
                    from generate_subscripts(p_order_id, 1) as i,
                         lateral (values (p_available_account[i], -p_amount[i]),
                                         (p_held_account[i], p_amount[i])) as e(account_id, amount)
                   where v_outcome[i] = 'NEW'
                   group by e.account_id) as d
           where a.account_id = d.account_id and d.delta <> 0;
          insert into journal_entry (transaction_id, account_id, asset, amount)
          select p_journal_id[i], e.account_id, p_asset[i], e.amount
            from generate_subscripts(p_order_id, 1) as i,
                 lateral (values (1, p_available_account[i], -p_amount[i]),
                                 (2, p_held_account[i], p_amount[i])) as e(k, account_id, amount)
           where v_outcome[i] = 'NEW'
           order by i, e.k;
          insert into hold (order_id, user_id, asset, amount, status)
          select p_order_id[i], p_user_id[i], p_asset[i], p_amount[i], 'ACTIVE'
            from generate_subscripts(p_order_id, 1) as i
           where v_outcome[i] = 'NEW';
          -- The group's commands of one market are one batch (fixed here, in the transaction that queues them).
          insert into outbox (message_id, subject, payload, traceparent, batch_id)
          select p_order_id[i], p_subject[i], p_payload[i], p_traceparent[i],
                 case when count(*) over (partition by p_subject[i]) > 1
                      then 'intake:' || first_value(p_order_id[i]) over (partition by p_subject[i] order by i) end
            from generate_subscripts(p_order_id, 1) as i
           where v_outcome[i] = 'NEW'
           order by i
          on conflict (message_id) do nothing;
        end if;

        -- One row per submission; the k-th stored order is the k-th NEW one (the insert's order), looked up by id
        -- should it ever not be.
        for i in 1 .. n loop
          idx := i;
          outcome := v_outcome[i];
          order_no := null;
          created_ms := null;
          if v_outcome[i] = 'NEW' then
            k := k + 1;
            j := case when v_ids[k] = p_order_id[i] then k else array_position(v_ids, p_order_id[i]) end;
            order_no := v_nos[j];
            created_ms := v_created[j];
          end if;
          return next;
        end loop;
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table ledger_account reset (fillfactor)`);
    // The definition of 1764800000001 (its `up` is that one `create or replace`).
    await new IntakeKeyedLookups1764800000001().up(q);
  }
}
