import { type SubmitOrderReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { pgArray } from '../../src/common/pg-array';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;
let order: SubmitOrderReply;

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.rpc(S.cmd.faucetDeposit, { userId: 'alice', asset: 'BTC', amount: '1', idempotencyKey: 'a' });
  order = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
    userId: 'alice',
    clientOrderId: 'o1',
    symbol: 'BTC-USDT',
    side: 'SELL',
    type: 'LIMIT',
    price: '30000.00',
    quantity: '0.1',
  });
});
afterAll(() => h?.close());

const entry = (tx: string, account: string, asset: string, amount: number) =>
  `insert into journal_entry (transaction_id, account_id, asset, amount) values ('${tx}', '${account}', '${asset}', ${amount})`;
const twoEntries = (tx: string, amount: number) =>
  `insert into journal_entry (transaction_id, account_id, asset, amount) values
     ('${tx}', 'user:alice:BTC:AVAILABLE', 'BTC', ${-amount}), ('${tx}', 'user:alice:BTC:HELD', 'BTC', ${amount})`;

const fill = (orderId: string, market: string, asset: string) =>
  `insert into wallet_fill (market, trade_id, side, order_id, user_id, is_maker, price_ticks, lots, base_units,
     quote_units, commission, commission_asset, traded_at_ms)
   values ('${market}', 1, 'SELL', '${orderId}', 'alice', true, 3000000, 1, 10000, 3000000, 0, '${asset}', 1)`;

describe('the journal checks PostgreSQL runs once per statement (migration 1764300000010)', () => {
  it('accepts a balanced transaction written in one statement or in several', async () => {
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('one', 'ORDER_HOLD'), ('several', 'ORDER_HOLD')`,
        twoEntries('one', 5),
        entry('several', 'user:alice:BTC:AVAILABLE', 'BTC', -7),
        entry('several', 'user:alice:BTC:HELD', 'BTC', 7),
      ),
    ).toBeUndefined();
    // Only the checks are under test here: no balance moves with these entries.
    const [n] = await h.query<{ n: number }>(
      `select count(*)::int as n from journal_entry where transaction_id in ('one', 'several')`,
    );
    expect(n.n).toBe(4);
    const [pending] = await h.query<{ n: number }>(`select count(*)::int as n from journal_balance_pending`);
    expect(pending.n).toBe(0);
  });

  it('refuses at commit a transaction left unbalanced, even after a balanced statement for it', async () => {
    const before = await h.snapshot();
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('late', 'ORDER_HOLD')`,
        twoEntries('late', 3),
        entry('late', 'user:alice:BTC:AVAILABLE', 'BTC', 1),
      ),
    ).toMatch(/journal transaction late is unbalanced: BTC sums to 1/);
    expect(await h.snapshot()).toBe(before);
  });

  it('refuses entries of an unknown journal transaction or account, and fills of an unknown order', async () => {
    const before = await h.snapshot();
    expect(await h.inTransaction(twoEntries('nowhere', 1))).toMatch(/unknown journal transaction nowhere/);
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('bad-account', 'ORDER_HOLD')`,
        `insert into journal_entry (transaction_id, account_id, asset, amount) values
           ('bad-account', 'user:alice:BTC:AVAILABLE', 'BTC', -1), ('bad-account', 'user:nobody:BTC:HELD', 'BTC', 1)`,
      ),
    ).toMatch(/unknown account user:nobody:BTC:HELD/);
    // The account exists, but not in that asset.
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('bad-asset', 'ORDER_HOLD')`,
        entry('bad-asset', 'user:alice:BTC:AVAILABLE', 'USDT', 1),
      ),
    ).toMatch(/unknown account user:alice:BTC:AVAILABLE \(USDT\)/);
    expect(await h.inTransaction(fill('no-such-order', 'BTC-USDT', 'USDT'))).toMatch(
      /unknown order no-such-order/,
    );
    expect(await h.inTransaction(fill(order.orderId, 'NO-SUCH', 'USDT'))).toMatch(/unknown market NO-SUCH/);
    expect(await h.inTransaction(fill(order.orderId, 'BTC-USDT', 'NOPE'))).toMatch(/unknown asset NOPE/);
    expect(await h.snapshot()).toBe(before);
  });

  it('never deletes or renames what the journal and fills refer to', async () => {
    expect(await h.inTransaction(fill(order.orderId, 'BTC-USDT', 'USDT'))).toBeUndefined();
    const refused = /never deleted and keep their keys/;
    for (const sql of [
      `delete from ledger_account where account_id = 'user:alice:BTC:HELD'`,
      `update ledger_account set asset = 'ETH' where account_id = 'user:alice:BTC:HELD'`,
      `delete from wallet_order where order_id = '${order.orderId}'`,
      `update market set symbol = 'BTC-USDX' where symbol = 'BTC-USDT'`,
      `update asset set code = 'USDX' where code = 'USDT'`,
    ])
      expect(await h.inTransaction(sql)).toMatch(refused);
    // Balances and statuses still change as usual, and a market no fill refers to may still be renamed.
    expect(
      await h.inTransaction(
        `update ledger_account set updated_at = now() where account_id = 'user:alice:BTC:HELD'`,
        `update wallet_order set updated_at = now() where order_id = '${order.orderId}'`,
      ),
    ).toBeUndefined();
    await h.query('begin');
    await h.query(`update market set symbol = 'ETH-BTCX' where symbol = 'ETH-BTC'`);
    await h.query('rollback');
  });

  it('reads the array literals settlement sends exactly as they were (pgArray)', async () => {
    const texts = ['trade:BTC-USDT:1', 'a,b', '{x}', ' ', 'NULL', '', 'say "hi"', 'back\\slash', null];
    const [row] = await h.query<{ texts: (string | null)[]; amounts: string[]; flags: boolean[] }>(
      `select $1::varchar[] as texts, $2::numeric[]::text[] as amounts, $3::boolean[] as flags`,
      [pgArray(texts), pgArray([-12345678901234567890n, 0, 7]), pgArray([true, false])],
    );
    expect(row.texts).toEqual(texts);
    expect(row.amounts).toEqual(['-12345678901234567890', '0', '7']);
    expect(row.flags).toEqual([true, false]);
  });
});
