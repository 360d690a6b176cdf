import { type SubmitOrderReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;
let order: SubmitOrderReply;

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('alice', 'BTC', '1');
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

const newOrder = (orderId: string, market: string) =>
  `insert into wallet_order (order_id, user_id, client_order_id, market, side, order_type, time_in_force,
     limit_ticks, lots, headroom_ppm, status, fingerprint)
   values ('${orderId}', 'alice', '${orderId}', '${market}', 'SELL', 'LIMIT', 'GTC', 3000000, 1, 0, 'PENDING', 'f')`;
const newHold = (orderId: string, asset: string) =>
  `insert into hold (order_id, user_id, asset, amount, status) values ('${orderId}', 'alice', '${asset}', 1, 'ACTIVE')`;

describe('the checks on the rows intake inserts, once per statement (migration 1764800000002)', () => {
  it('stores an order and its hold that refer to what exists, in one statement each or row by row', async () => {
    expect(
      await h.inTransaction(
        newOrder('x1', 'BTC-USDT'),
        `${newOrder('x2', 'ETH-USDT')}, ('x3', 'alice', 'x3', 'BTC-USDT', 'SELL', 'LIMIT', 'GTC', 3000000, 1, 0,
           'PENDING', 'f')`,
        newHold('x1', 'BTC'),
        `${newHold('x2', 'ETH')}, ('x3', 'alice', 'BTC', 1, 'ACTIVE')`,
      ),
    ).toBeUndefined();
    const rows = await h.query<{ order_id: string }>(
      `select order_id from hold where order_id in ('x1', 'x2', 'x3') order by 1`,
    );
    expect(rows.map((r) => r.order_id)).toEqual(['x1', 'x2', 'x3']);
  });

  it('refuses an order in an unknown market and a hold of an unknown order or asset, leaving nothing', async () => {
    const before = await h.snapshot();
    expect(await h.inTransaction(newOrder('y1', 'NO-SUCH'))).toMatch(/order in an unknown market NO-SUCH/);
    expect(await h.inTransaction(newHold('no-such-order', 'BTC'))).toMatch(
      /hold of an unknown order no-such-order/,
    );
    expect(await h.inTransaction(newOrder('y2', 'BTC-USDT'), newHold('y2', 'NOPE'))).toMatch(
      /hold in an unknown asset NOPE/,
    );
    // One bad row refuses the whole statement.
    expect(
      await h.inTransaction(
        newOrder('y3', 'BTC-USDT'),
        `${newHold('y3', 'BTC')}, ('y4', 'alice', 'BTC', 1, 'ACTIVE')`,
      ),
    ).toMatch(/hold of an unknown order y4/);
    expect(await h.snapshot()).toBe(before);
    const [n] = await h.query<{ n: number }>(
      `select count(*)::int as n from wallet_order where order_id like 'y%'`,
    );
    expect(n.n).toBe(0);
  });

  it("never changes an order's market or a hold's keys, nor deletes what orders and holds refer to", async () => {
    const before = await h.snapshot();
    for (const sql of [
      `update wallet_order set market = 'ETH-USDT' where order_id = '${order.orderId}'`,
      `update hold set order_id = 'other' where order_id = '${order.orderId}'`,
      `update hold set asset = 'ETH' where order_id = '${order.orderId}'`,
    ])
      expect(await h.inTransaction(sql)).toMatch(/never change/);
    for (const sql of [
      `delete from market where symbol = 'BTC-USDT'`,
      `update market set symbol = 'BTC-USDX' where symbol = 'BTC-USDT'`,
      `update asset set code = 'BTCX' where code = 'BTC'`,
      `delete from asset where code = 'BTC'`,
    ])
      expect(await h.inTransaction(sql)).toMatch(/never deleted and keep their keys/);
    expect(await h.snapshot()).toBe(before);
    // What settlement and the market admin change still changes; a market no order refers to may be renamed.
    expect(
      await h.inTransaction(
        `update wallet_order set status = 'ACCEPTED', updated_at = now() where order_id = '${order.orderId}'`,
        `update hold set updated_at = now() where order_id = '${order.orderId}'`,
        `update market set status = status where symbol = 'BTC-USDT'`,
        `update wallet_order set status = 'PENDING' where order_id = '${order.orderId}'`,
      ),
    ).toBeUndefined();
    await h.query('begin');
    await h.query(`update market set symbol = 'ETH-BTCX' where symbol = 'ETH-BTC'`);
    await h.query('rollback');
  });
});
