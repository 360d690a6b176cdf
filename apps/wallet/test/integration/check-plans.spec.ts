import { type EntityManager } from 'typeorm';

import { UnitOfWork } from '../../src/common/unit-of-work.repository';
import { LOCK_MANY } from '../../src/orders/order.repository';

import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

let h: WalletHarness;
const plans: string[] = [];
const record = (notice: { message?: string }) => plans.push(notice.message ?? '');

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('alice', 'BTC', '1');
  // The plan of every statement the harness's connection runs, nested ones (the checks' lookups) included, comes back
  // to it as a LOG notice.
  await h.query(`load 'auto_explain'`);
  await h.query(`set auto_explain.log_min_duration = 0`);
  await h.query(`set auto_explain.log_nested_statements = on`);
  await h.query(`set client_min_messages = log`);
  h.db.on('notice', record);
});
afterAll(async () => {
  h?.db.off('notice', record);
  await h?.close();
});

/** The plans of the statements run by `write` whose text contains `marker`. */
async function plansOf(marker: string, write: () => Promise<unknown>): Promise<string[]> {
  plans.length = 0;
  await write();
  return plans.filter((plan) => plan.includes(marker));
}

/** What a plan reads: the statement's new rows (the transition table) and the tables it probes, one line each. */
const scans = (plan: string) =>
  plan
    .split('\n')
    .filter((line) => line.includes(' Scan'))
    .map((line) => line.replace(/^.*?(\w[\w ]* Scan(?: using \w+)?(?: on \w+)?).*$/, '$1'));

// First: the table holds a few orders when this connection first plans the statement.
describe("settlement's statements, planned for each transaction's own keys (UnitOfWork.runLean customPlans)", () => {
  const lockMany = (ids: string[]) =>
    h.db.query({ name: LOCK_MANY.name, text: LOCK_MANY.text, values: [ids] });

  it('reads a few orders by key after the table has grown, where the plan cached at a few rows scanned it whole', async () => {
    // The connection's plan for the statement is made while the table holds a handful of orders.
    for (let n = 0; n < 7; n++) await lockMany(['pp-1', 'pp-2']);
    await h.query(
      `insert into wallet_order (order_id, user_id, client_order_id, market, side, order_type, time_in_force,
         limit_ticks, lots, headroom_ppm, status, fingerprint)
       select 'grown-' || k, 'bob', 'grown-' || k, 'BTC-USDT', 'BUY', 'LIMIT', 'GTC', 3000000, 1, 0, 'FILLED', 'f'
       from generate_series(1, 2000) as k`,
    );
    const cached = await plansOf('order_id = any', () => lockMany(['grown-5', 'grown-9']));
    expect(cached.flatMap(scans)).toEqual(['Seq Scan on wallet_order']);

    const custom = await plansOf('order_id = any', async () => {
      await h.query('begin');
      await h.query('set local plan_cache_mode = force_custom_plan');
      await lockMany(['grown-5', 'grown-9']);
      await h.query('commit');
    });
    // Probes by the primary key (an index scan, or a bitmap of it), whatever the plan cached on the connection.
    expect(custom.flatMap(scans)).not.toContain('Seq Scan on wallet_order');
    expect(custom.flatMap(scans)).toContainEqual(expect.stringContaining('wallet_order_pkey'));
  });

  it('runs runLean({ customPlans }) work with custom plans only, and other work with the cached ones', async () => {
    const uow = h.app!.get(UnitOfWork);
    const mode = (tx: EntityManager) =>
      tx
        .query('show plan_cache_mode')
        .then((rows: { plan_cache_mode: string }[]) => rows[0]!.plan_cache_mode);
    expect(await uow.runLean(mode, { customPlans: true })).toBe('force_custom_plan');
    expect(await uow.runLean(mode, { customPlans: true, asyncCommit: true })).toBe('force_custom_plan');
    expect(await uow.runLean(mode)).toBe('auto');
    expect(await uow.run(mode)).toBe('auto');
  });
});

// The checks' lookups are index probes whoever first runs them on a connection (here a plain session with every
// plan type allowed and tables of a few rows, as when a wallet connection's first journal write is a deposit), so
// that a connection's cached plans never scan whole tables (migration 1765000000001).
describe('the plans of the per-statement checks (migration 1765000000001)', () => {
  it("looks each new entry's journal transaction and account up by key, every time", async () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      const found = await plansOf('from inserted', () =>
        h.inTransaction(
          `insert into journal_transaction (id, kind) values ('plan-${n}', 'ORDER_HOLD')`,
          `insert into journal_entry (transaction_id, account_id, asset, amount) values
             ('plan-${n}', 'user:alice:BTC:AVAILABLE', 'BTC', -1), ('plan-${n}', 'user:alice:BTC:HELD', 'BTC', 1)`,
        ),
      );
      const transactions = found.find((plan) => plan.includes('journal_transaction t'));
      const accounts = found.find((plan) => plan.includes('ledger_account a'));
      expect(scans(transactions!)).toEqual([
        'Named Tuplestore Scan',
        'Index Only Scan using journal_transaction_pkey on journal_transaction',
      ]);
      expect(scans(accounts!)).toEqual([
        'Named Tuplestore Scan',
        'Index Only Scan using ledger_account_account_id_asset_key on ledger_account',
      ]);
    }
  });

  it("looks each new order's market, each hold's order and asset, each fill's order up by key, every time", async () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      const found = await plansOf('from inserted', () =>
        h.inTransaction(
          `insert into wallet_order (order_id, user_id, client_order_id, market, side, order_type, time_in_force,
             limit_ticks, lots, headroom_ppm, status, fingerprint)
           values ('po-${n}', 'alice', 'po-${n}', 'BTC-USDT', 'SELL', 'LIMIT', 'GTC', 3000000, 1, 0, 'PENDING', 'f')`,
          `insert into hold (order_id, user_id, asset, amount, status) values ('po-${n}', 'alice', 'BTC', 1, 'ACTIVE')`,
          `insert into wallet_fill (market, trade_id, side, order_id, user_id, is_maker, price_ticks, lots, base_units,
             quote_units, commission, commission_asset, traded_at_ms)
           values ('BTC-USDT', ${n}, 'SELL', 'po-${n}', 'alice', true, 3000000, 1, 10000, 3000000, 0, 'USDT', 1)`,
        ),
      );
      // The order's market; the hold's order and asset; the fill's order, market and commission asset.
      expect(found.map(scans).sort()).toEqual(
        [
          ['Named Tuplestore Scan', 'Index Only Scan using market_pkey on market'],
          ['Named Tuplestore Scan', 'Index Only Scan using wallet_order_pkey on wallet_order'],
          ['Named Tuplestore Scan', 'Index Only Scan using asset_pkey on asset'],
          ['Named Tuplestore Scan', 'Index Only Scan using wallet_order_pkey on wallet_order'],
          ['Named Tuplestore Scan', 'Index Only Scan using market_pkey on market'],
          ['Named Tuplestore Scan', 'Index Only Scan using asset_pkey on asset'],
        ].sort(),
      );
    }
  });
});

/** One LIMIT sell of 1 satoshi by alice through the intake function itself, on the harness's connection. */
const intakeOne = (n: number) =>
  h.query(
    `select outcome from wallet_order_intake(
       array['pp-${n}'], array['alice'], array['pp-${n}'], array['BTC-USDT'], array['SELL'], array['LIMIT'],
       array['GTC'], array[3000000]::bigint[], array[1]::bigint[], array[null]::numeric[], array[0], array['f'],
       array[null]::bigint[], array['BTC'], array[1]::numeric[], array['user:alice:BTC:AVAILABLE'],
       array['user:alice:BTC:HELD'], array['order-hold:pp-${n}'], 'ORDER_HOLD', array['cmd.BTC-USDT'],
       array['{}']::jsonb[], array[null])`,
  );

describe("the intake function's lookup of stored (user, clientOrderId) pairs (migration 1765000000002)", () => {
  it("probes the unique index, not every order of the user, after the table has grown on the connection's plans", async () => {
    // Plans made while alice has a handful of orders, then a thousand more of hers stored.
    for (const n of [1, 2, 3, 4, 5, 6, 7]) await intakeOne(n);
    await h.query(
      `insert into wallet_order (order_id, user_id, client_order_id, market, side, order_type, time_in_force,
         limit_ticks, lots, headroom_ppm, status, fingerprint)
       select 'bulk-' || k, 'alice', 'bulk-' || k, 'BTC-USDT', 'SELL', 'LIMIT', 'GTC', 3000000, 1, 0, 'FILLED', 'f'
       from generate_series(1, 1000) as k`,
    );
    for (const n of [8, 9, 10]) {
      const found = await plansOf('EXISTING', () => intakeOne(n));
      expect(found.map(scans)).toEqual([
        [
          'Function Scan on generate_subscripts',
          'Index Only Scan using wallet_order_user_id_client_order_id_key on wallet_order',
        ],
      ]);
    }
    const [stored] = await h.query<{ n: number }>(
      `select count(*)::int as n from wallet_order where order_id like 'pp-%'`,
    );
    expect(stored!.n).toBe(10);
  });
});
