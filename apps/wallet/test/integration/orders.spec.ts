import {
  type CancelOrderReply,
  type ReconcileReply,
  type SubmitOrderReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('carol', 'USDT', '50000');
  await h.faucet('carol', 'BTC', '1');
});
afterAll(() => h?.close());

const S = WALLET_SUBJECTS;
const buy = {
  userId: 'carol',
  clientOrderId: 'buy-1',
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  price: '30000.00',
  quantity: '0.5',
};

describe('order intake over NATS', () => {
  let placed: SubmitOrderReply;

  it('holds quote with taker-fee headroom for a limit buy, and relays the place command to CMD', async () => {
    placed = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, buy);
    // 30000 × 0.5 = 15000 USDT, + 0.1 % taker headroom = 15015 USDT
    expect(placed).toMatchObject({
      orderNo: expect.stringMatching(/^[1-9][0-9]*$/),
      status: 'PENDING',
      duplicate: false,
      hold: { asset: 'USDT', amount: '15015.000000' },
    });
    expect(await h.balance('user:carol:USDT:HELD')).toBe(15_015_000_000n);
    expect(await h.balance('user:carol:USDT:AVAILABLE')).toBe(34_985_000_000n);

    const [command] = await waitFor(async () => {
      const all = await h.commands();
      return all.length === 1 && all;
    });
    expect(command.msgId).toBe(placed.orderId);
    expect(command.subject).toBe(`${h.run}.cmd.BTC-USDT`);
    expect(command.message).toMatchObject({
      v: 1,
      market: 'BTC-USDT',
      commandId: placed.orderId,
      command: {
        type: 'place',
        orderId: placed.orderId,
        userId: 'carol',
        side: 'BUY',
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        price: 3_000_000,
        quantity: 5_000,
      },
    });
    await waitFor(async () => (await h.query(`select 1 from outbox`)).length === 0);
  });

  it('answers a duplicate submission with the same order and changes nothing', async () => {
    const before = await h.snapshot();
    const again = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, buy);
    expect(again).toEqual({ ...placed, duplicate: true });
    expect(await h.snapshot()).toBe(before);
    const reused = await h.rpcError(S.cmd.submitOrder, { ...buy, price: '29999.00' });
    expect(reused.code).toBe(2102);
  });

  it('holds base for a sell and quote for a market buy by quote amount', async () => {
    const sell = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      ...buy,
      clientOrderId: 'sell-1',
      side: 'SELL',
      price: '40000.00',
      quantity: '0.25',
    });
    expect(sell.hold).toEqual({ asset: 'BTC', amount: '0.25000000', units: '25000000' });
    const market = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'carol',
      clientOrderId: 'mkt-1',
      symbol: 'BTC-USDT',
      side: 'BUY',
      type: 'MARKET',
      quoteOrderQty: '100',
    });
    expect(market.hold).toEqual({ asset: 'USDT', amount: '100.100000', units: '100100000' });
    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.length === 3 && all;
    });
    expect(commands[2].message.command).toMatchObject({
      type: 'place',
      orderType: 'MARKET',
      quoteQuantity: 100_000_000,
    });
  });

  it('queues a cancel through the outbox, only for the owner', async () => {
    const notMine = await h.rpcError(S.cmd.cancelOrder, {
      userId: 'mallory',
      symbol: 'BTC-USDT',
      orderId: placed.orderId,
    });
    expect(notMine.code).toBe(WALLET_RPC_ERRORS.ORDER_NOT_FOUND);
    const notMineByNumber = await h.rpcError(S.cmd.cancelOrder, {
      userId: 'mallory',
      symbol: 'BTC-USDT',
      orderNo: placed.orderNo,
    });
    expect(notMineByNumber.code).toBe(WALLET_RPC_ERRORS.ORDER_NOT_FOUND);
    const reply = await h.rpc<CancelOrderReply>(S.cmd.cancelOrder, {
      userId: 'carol',
      symbol: 'BTC-USDT',
      clientOrderId: 'buy-1',
    });
    expect(reply).toEqual({
      orderId: placed.orderId,
      orderNo: placed.orderNo,
      clientOrderId: 'buy-1',
      symbol: 'BTC-USDT',
      status: 'CANCEL_REQUESTED',
      order: expect.objectContaining({ orderNo: placed.orderNo, status: 'PENDING_NEW', isWorking: true }),
    });
    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.length === 4 && all;
    });
    expect(commands[3].msgId).toBe(`cancel:${placed.orderId}`);
    expect(commands[3].message.command).toEqual(
      expect.objectContaining({ type: 'cancel', orderId: placed.orderId }),
    );
    // The hold stays until the engine confirms the cancel.
    expect(await h.balance('user:carol:USDT:HELD')).toBe(15_015_000_000n + 100_100_000n);
  });

  it('republishes what a relay published and did not commit (a crash after publish) without doubling it in CMD', async () => {
    // As if the relay died between the JetStream ack and its commit: every row is in the outbox again.
    await h.requeue(await h.commands());
    await waitFor(async () => (await h.query(`select 1 from outbox`)).length === 0);
    const commands = await h.commands();
    expect(commands).toHaveLength(4);
    expect(new Set(commands.map((c) => c.msgId)).size).toBe(4);
  });

  it.each([
    ['an unknown market', { symbol: 'DOGE-USDT' }, WALLET_RPC_ERRORS.UNKNOWN_MARKET],
    ['a price off the tick', { price: '30000.001' }, 1105],
    ['a quantity off the step', { quantity: '0.00001' }, 1106],
    ['a zero quantity', { quantity: '0' }, 1107],
    ['a negative price', { price: '-1' }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    ['a price beyond range', { price: '1'.padEnd(40, '0') }, 1108],
    [
      'an order below minNotional',
      { price: '1.00', quantity: '0.0001' },
      WALLET_RPC_ERRORS.BELOW_MIN_NOTIONAL,
    ],
    ['more than the balance', { quantity: '100' }, 2101],
    ['a limit order without a price', { price: undefined }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    ['a market buy by base quantity', { type: 'MARKET', price: undefined }, 2202],
    ['a bad user id', { userId: 'no spaces' }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
  ])('refuses %s with a numbered code and changes nothing', async (_what, change, code) => {
    const before = await h.snapshot();
    const error = await h.rpcError(S.cmd.submitOrder, { ...buy, clientOrderId: `bad-${code}`, ...change });
    expect(error.code).toBe(code);
    expect(await h.snapshot()).toBe(before);
  });

  it('never overspends under 50 parallel submissions against a balance that covers only some', async () => {
    await h.faucet('dave', 'USDT', '1000');
    // Each order holds 100 USDT + 0.1 USDT headroom: 9 fit into 1000 USDT, the 10th does not.
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
          userId: 'dave',
          clientOrderId: `p-${i}`,
          symbol: 'BTC-USDT',
          side: 'BUY',
          type: 'LIMIT',
          price: '100.00',
          quantity: '1',
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(accepted).toHaveLength(9);
    expect(refused.map((r) => (r.reason as { code: number }).code)).toEqual(Array(41).fill(2101));
    expect(await h.balance('user:dave:USDT:AVAILABLE')).toBe(99_100_000n);
    expect(await h.balance('user:dave:USDT:HELD')).toBe(900_900_000n);
    const [orders] = await h.query<{ n: number }>(
      `select count(*)::int as n from wallet_order where user_id = 'dave'`,
    );
    expect(orders.n).toBe(9);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
    expect(report.openOrders).toBe(3 + 9);
  });
});
