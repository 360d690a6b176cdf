import {
  type CancelOrderReply,
  type MatchingEventBatch,
  type MatchingEventMessage,
  type OrderQueryReply,
  orderUpdatesOf,
  type ReconcileReply,
  type SubmitOrderReply,
  userOrderMessageSchema,
  userOrderSubject,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { MoneyErrorCode } from '@exchange/shared-domain-money';
import { WalletErrorCode } from '@exchange/wallet-domain';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
const T0 = 1_764_500_000_000;
let h: WalletHarness;
let seq = 0;

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('stopper', 'USDT', '20000');
  await h.faucet('stopper', 'BTC', '1');
  await h.faucet('maker', 'BTC', '1');
});
afterAll(() => h?.close());

/** Publishes the events as the engine would, each in its own batch, numbered on from the last. */
async function engine(...events: Omit<MatchingEventMessage, 'seq'>[]): Promise<void> {
  const numbered = events.map((e) => ({ ...e, seq: ++seq }) as MatchingEventMessage);
  const batch: MatchingEventBatch = {
    v: 1,
    market: MARKET,
    firstSeq: numbered[0].seq,
    lastSeq: numbered[numbered.length - 1].seq,
    commandSeq: seq,
    events: numbered,
  };
  await h.publishEvents(batch);
  await waitFor(async () => (await h.settledSeq(MARKET)) === seq);
}

const held = (asset: string) => h.balance(`user:stopper:${asset}:HELD`);
const available = (asset: string) => h.balance(`user:stopper:${asset}:AVAILABLE`);
const view = async (userId: string, orderNo: string) =>
  (await h.rpc<OrderQueryReply>(S.query.order, { userId, symbol: MARKET, orderNo })).order;

function accepted(order: SubmitOrderReply, userId: string, fields: Record<string, unknown>) {
  return {
    type: 'accepted' as const,
    ts: T0,
    orderId: order.orderId,
    userId,
    stp: 'NONE' as const,
    ...fields,
  } as Omit<MatchingEventMessage, 'seq'>;
}

describe('stop orders in the wallet', () => {
  it('holds a stop-limit buy exactly like the limit buy it becomes and queues it with its stop price', async () => {
    const stop = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'stopper',
      clientOrderId: 'stop-buy',
      symbol: MARKET,
      side: 'BUY',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      stopPrice: '30500.00',
      price: '30600',
      quantity: '0.1',
    });
    // 0.1 × 30600 = 3060 USDT plus the 0.1 % taker-fee headroom.
    expect(stop.hold).toEqual({ asset: 'USDT', amount: '3063.060000', units: '3063060000' });
    expect(await held('USDT')).toBe(3_063_060_000n);
    expect(stop.order).toMatchObject({
      type: 'STOP_LOSS_LIMIT',
      stopPrice: '30500.00',
      price: '30600.00',
      status: 'PENDING_NEW',
      isWorking: false,
      workingTime: -1,
    });
    // The outbox relay publishes after commit.
    const placed = await waitFor(async () =>
      (await h.commands()).find((c) => c.message.commandId === stop.orderId),
    );
    expect(placed.message.command).toMatchObject({
      type: 'place',
      orderId: stop.orderId,
      orderType: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: 3_060_000,
      stopPrice: 3_050_000,
      quantity: 1_000,
    });

    // The same clientOrderId with another stop price is another order.
    const conflict = await h.rpcError(S.cmd.submitOrder, {
      userId: 'stopper',
      clientOrderId: 'stop-buy',
      symbol: MARKET,
      side: 'BUY',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      stopPrice: '30400.00',
      price: '30600',
      quantity: '0.1',
    });
    expect(conflict.code).toBe(WalletErrorCode.IDEMPOTENCY_CONFLICT);
  });

  it('refuses an off-tick stop price and a stop-market buy, changing nothing', async () => {
    const before = await h.snapshot();
    const offTick = await h.rpcError(S.cmd.submitOrder, {
      userId: 'stopper',
      clientOrderId: 'bad-1',
      symbol: MARKET,
      side: 'SELL',
      type: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'GTC',
      stopPrice: '31000.005',
      price: '31000',
      quantity: '0.1',
    });
    expect(offTick.code).toBe(MoneyErrorCode.PRICE_NOT_ON_TICK);
    const marketBuy = await h.rpcError(S.cmd.submitOrder, {
      userId: 'stopper',
      clientOrderId: 'bad-2',
      symbol: MARKET,
      side: 'BUY',
      type: 'STOP_LOSS',
      stopPrice: '31000',
      quantity: '0.1',
    });
    expect(marketBuy.code).toBe(WalletErrorCode.UNSUPPORTED_ORDER);
    expect(await h.snapshot()).toBe(before);
  });

  it('releases the hold of a stop cancelled before its trigger', async () => {
    const stop = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'stopper',
      clientOrderId: 'tp-sell',
      symbol: MARKET,
      side: 'SELL',
      type: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'GTC',
      stopPrice: '31000',
      price: '30900',
      quantity: '0.2',
    });
    expect(stop.hold).toEqual({ asset: 'BTC', amount: '0.20000000', units: '20000000' });
    expect(await held('BTC')).toBe(20_000_000n);
    await engine(
      accepted(stop, 'stopper', {
        side: 'SELL',
        orderType: 'TAKE_PROFIT_LIMIT',
        timeInForce: 'GTC',
        price: 3_090_000,
        stopPrice: 3_100_000,
        quantity: 2_000,
      }),
    );
    expect(await view('stopper', stop.orderNo)).toMatchObject({
      status: 'NEW',
      isWorking: false,
      workingTime: -1,
      stopPrice: '31000.00',
    });

    // Not amendable (the engine refuses it too): refused up front, nothing held or queued.
    const before = await h.snapshot();
    const amend = await h.rpcError(S.cmd.amendOrder, {
      userId: 'stopper',
      symbol: MARKET,
      orderNo: stop.orderNo,
      quantity: '0.3',
      amendId: 'raise-stop',
    });
    expect(amend.code).toBe(WALLET_RPC_ERRORS.ORDER_NOT_AMENDABLE);
    expect(await h.snapshot()).toBe(before);

    const cancel = await h.rpc<CancelOrderReply>(S.cmd.cancelOrder, {
      userId: 'stopper',
      symbol: MARKET,
      orderNo: stop.orderNo,
    });
    expect(cancel.status).toBe('CANCEL_REQUESTED');
    await waitFor(async () =>
      (await h.commands()).some(
        (c) => c.message.command.type === 'cancel' && c.message.command.orderId === stop.orderId,
      ),
    );
    await engine({
      type: 'cancelled',
      ts: T0 + 1,
      orderId: stop.orderId,
      userId: 'stopper',
      reason: 'USER_CANCEL',
      remaining: 2_000,
    } as Omit<MatchingEventMessage, 'seq'>);
    expect(await held('BTC')).toBe(0n);
    expect(await available('BTC')).toBe(100_000_000n);
    expect(await view('stopper', stop.orderNo)).toMatchObject({
      status: 'CANCELED',
      isWorking: false,
      workingTime: -1,
    });
  });

  it('marks the trigger (NEW, working, workingTime) and settles the fill of the limit order it became', async () => {
    const updates = h.listen(userOrderSubject('stopper'));
    const stop = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'stopper',
      symbol: MARKET,
      clientOrderId: 'stop-buy-2',
      side: 'BUY',
      type: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      stopPrice: '30500',
      price: '30600',
      quantity: '0.1',
    });
    const maker = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'maker',
      symbol: MARKET,
      clientOrderId: 'm-sell',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30550',
      quantity: '0.1',
    });
    const heldBefore = await held('USDT');
    const usdtBefore = await available('USDT');
    await engine(
      accepted(stop, 'stopper', {
        side: 'BUY',
        orderType: 'STOP_LOSS_LIMIT',
        timeInForce: 'GTC',
        price: 3_060_000,
        stopPrice: 3_050_000,
        quantity: 1_000,
      }),
      accepted(maker, 'maker', {
        side: 'SELL',
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        price: 3_055_000,
        quantity: 1_000,
      }),
    );
    await engine({
      type: 'triggered',
      ts: T0 + 500,
      orderId: stop.orderId,
      userId: 'stopper',
      stopPrice: 3_050_000,
      lastPrice: 3_050_000,
    } as Omit<MatchingEventMessage, 'seq'>);
    // Triggered, nothing traded yet: the hold stays whole, the order now works.
    expect(await held('USDT')).toBe(heldBefore);
    expect(await view('stopper', stop.orderNo)).toMatchObject({
      status: 'NEW',
      isWorking: true,
      workingTime: T0 + 500,
    });
    // A second trigger of the same order (none comes from the engine) changes nothing and tells nobody.
    await engine({
      type: 'triggered',
      ts: T0 + 900,
      orderId: stop.orderId,
      userId: 'stopper',
      stopPrice: 3_050_000,
      lastPrice: 3_050_000,
    } as Omit<MatchingEventMessage, 'seq'>);
    expect((await view('stopper', stop.orderNo)).workingTime).toBe(T0 + 500);

    await engine({
      type: 'trade',
      ts: T0 + 501,
      price: 3_055_000,
      quantity: 1_000,
      makerOrderId: maker.orderId,
      takerOrderId: stop.orderId,
      makerUserId: 'maker',
      takerUserId: 'stopper',
      takerSide: 'BUY',
      makerRemaining: 0,
      takerRemaining: 0,
    } as Omit<MatchingEventMessage, 'seq'>);
    // Paid 0.1 × 30550 = 3055 USDT; the rest of this order's 3063.06 hold came back.
    expect(await held('USDT')).toBe(heldBefore - 3_063_060_000n);
    expect(await available('USDT')).toBe(usdtBefore + 3_063_060_000n - 3_055_000_000n);
    // 0.1 BTC less the 0.1 % taker fee.
    expect(await available('BTC')).toBe(100_000_000n + 9_990_000n);
    const filled = await view('stopper', stop.orderNo);
    expect(filled).toMatchObject({
      status: 'FILLED',
      executedQty: '0.10000000',
      cummulativeQuoteQty: '3055.000000',
      isWorking: false,
      workingTime: T0 + 500,
      stopPrice: '30500.00',
    });

    // Each message carries one or more executions (version 2: a settlement's executions of the user together).
    const unpacked = () => updates.flatMap((m) => orderUpdatesOf(userOrderMessageSchema.parse(m)));
    await waitFor(async () => unpacked().length >= 3);
    const executions = unpacked().filter((u) => u.order.orderNo === stop.orderNo);
    expect(executions.map((u) => [u.executionType, u.order.isWorking, u.order.workingTime])).toEqual([
      ['NEW', false, -1],
      ['NEW', true, T0 + 500],
      ['TRADE', false, T0 + 500],
    ]);
    const reconcile = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(reconcile.issues).toEqual([]);
    expect(reconcile.ok).toBe(true);
  });
});
