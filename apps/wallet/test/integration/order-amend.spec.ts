import {
  type AmendOrderReply,
  type MatchingEventBatch,
  type MatchingEventMessage,
  type OrderAmendmentsReply,
  type OrderQueryReply,
  orderUpdatesOf,
  type ReconcileReply,
  type SubmitOrderReply,
  userOrderMessageSchema,
  userOrderSubject,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';
const USER = 'amender';
let h: WalletHarness;
let order: SubmitOrderReply;
let events: unknown[];
let seq = 0;
/** The sequences of the `amended` events the engine applied to `order`, in order. */
const appliedSeqs: number[] = [];

const base = { ts: 1_700_000_000_000 };
/** An engine event without its sequence (numbered on publishing). */
type Unnumbered = MatchingEventMessage extends infer E ? (E extends unknown ? Omit<E, 'seq'> : never) : never;
async function publish(...events: Unnumbered[]): Promise<void> {
  const first = seq + 1;
  const numbered = events.map((e) => ({ ...e, seq: ++seq })) as MatchingEventMessage[];
  const batch: MatchingEventBatch = {
    v: 1,
    market: MARKET,
    firstSeq: first,
    lastSeq: seq,
    commandSeq: seq,
    events: numbered,
  };
  await h.publishEvents(batch);
  await waitFor(async () => (await h.settledSeq(MARKET)) === seq);
}
const amend = (amendId: string, quantity: string, extra: Record<string, unknown> = {}) => ({
  userId: USER,
  symbol: MARKET,
  orderNo: order.orderNo,
  quantity,
  amendId,
  ...extra,
});
const held = () => h.balance(`user:${USER}:USDT:HELD`);
const available = () => h.balance(`user:${USER}:USDT:AVAILABLE`);
const amendRows = () =>
  h.query<{ amend_id: string; status: string; new_lots: string }>(
    `select amend_id, status, new_lots::text from wallet_order_amend order by created_at`,
  );
const lots = async () =>
  (
    await h.query<{ lots: string }>(`select lots::text from wallet_order where order_id = $1`, [
      order.orderId,
    ])
  )[0].lots;

beforeAll(async () => {
  h = await WalletHarness.start({ WALLET_SETTLEMENT_BATCH: '10' });
  events = h.listen(userOrderSubject(USER));
  await h.faucet(USER, 'USDT', '10000');
  // 0.2 BTC at 30000: 6000 USDT + 0.1 % taker-fee headroom = 6006 USDT held.
  order = await h.rpc(S.cmd.submitOrder, {
    userId: USER,
    clientOrderId: 'amend-me',
    symbol: MARKET,
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '30000.00',
    quantity: '0.2',
  });
  expect(order.hold.units).toBe('6006000000');
  await publish({
    type: 'accepted',
    ...base,
    orderId: order.orderId,
    userId: USER,
    side: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    price: 3_000_000,
    quantity: 2_000,
    stp: 'NONE',
  });
});
afterAll(() => h?.close());

describe('amend up', () => {
  it('tops up the hold at once, raises the order and queues the engine amend with the new remaining quantity', async () => {
    const reply = await h.rpc<AmendOrderReply>(S.cmd.amendOrder, amend('up-1', '0.3'));
    expect(reply).toMatchObject({
      amendId: 'up-1',
      orderNo: order.orderNo,
      status: 'AMEND_REQUESTED',
      duplicate: false,
      holdIncrease: { asset: 'USDT', amount: '3003.000000', units: '3003000000' },
    });
    expect(reply.order.origQty).toBe('0.30000000');
    expect(await held()).toBe(9_009_000_000n);
    expect(await available()).toBe(991_000_000n);
    expect(await lots()).toBe('3000');
    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.some((c) => c.message.command.type === 'amend') && all;
    });
    const sent = commands.find((c) => c.message.command.type === 'amend')!;
    expect(sent.msgId).toBe(sent.message.commandId);
    const [row] = await h.query<{ command_id: string }>(`select command_id from wallet_order_amend`);
    expect(sent.msgId).toBe(row.command_id);
    expect(sent.message.command).toMatchObject({
      type: 'amend',
      orderId: order.orderId,
      userId: USER,
      quantity: 3000,
    });
  });

  it('answers a repeated amendId with the first amend and changes nothing; another amend under it is refused', async () => {
    const before = await h.snapshot();
    const again = await h.rpc<AmendOrderReply>(S.cmd.amendOrder, amend('up-1', '0.3'));
    expect(again).toMatchObject({ duplicate: true, holdIncrease: { units: '3003000000' } });
    const conflict = await h.rpcError(S.cmd.amendOrder, amend('up-1', '0.25'));
    expect(conflict.code).toBe(2102);
    expect(await h.snapshot()).toBe(before);
  });

  it('refuses a second amend while the first waits for the engine, changing nothing', async () => {
    const before = await h.snapshot();
    const refused = await h.rpcError(S.cmd.amendOrder, amend('up-2', '0.25'));
    expect(refused.code).toBe(WALLET_RPC_ERRORS.AMEND_PENDING);
    expect(await h.snapshot()).toBe(before);
    expect((await amendRows()).map((r) => r.amend_id)).toEqual(['up-1']);
  });

  it('keeps the hold when the engine applies it and tells the user with a REPLACED execution', async () => {
    await publish({
      type: 'amended',
      ...base,
      orderId: order.orderId,
      userId: USER,
      quantity: 3_000,
      previousQuantity: 2_000,
      priority: 'REQUEUED',
    });
    appliedSeqs.push(seq);
    expect(await held()).toBe(9_009_000_000n);
    expect((await amendRows())[0].status).toBe('APPLIED');
    const replaced = await waitFor(async () =>
      events
        .flatMap((m) => orderUpdatesOf(userOrderMessageSchema.parse(m)))
        .find((e) => e.executionType === 'REPLACED'),
    );
    expect(replaced.order).toMatchObject({ orderNo: order.orderNo, origQty: '0.30000000', status: 'NEW' });
    const view = await h.rpc<OrderQueryReply>(S.query.order, {
      userId: USER,
      symbol: MARKET,
      orderNo: order.orderNo,
    });
    expect(view.order.origQty).toBe('0.30000000');
  });
});

describe('amend down', () => {
  it('releases nothing until the engine confirms, then exactly what the lower quantity frees', async () => {
    const reply = await h.rpc<AmendOrderReply>(
      S.cmd.amendOrder,
      amend(`down-${'x'.repeat(95)}`, '0.1', { reduceOnly: true }),
    );
    expect(reply.holdIncrease.units).toBe('0');
    expect(reply.order.origQty).toBe('0.10000000');
    expect(await held()).toBe(9_009_000_000n);
    await waitFor(async () =>
      (await h.commands()).some(
        (c) => c.message.command.type === 'amend' && c.message.command.quantity === 1000,
      ),
    );
    await publish({
      type: 'amended',
      ...base,
      orderId: order.orderId,
      userId: USER,
      quantity: 1_000,
      previousQuantity: 3_000,
      priority: 'KEPT',
    });
    appliedSeqs.push(seq);
    expect(await held()).toBe(3_003_000_000n);
    expect(await available()).toBe(6_997_000_000n);
    expect(await lots()).toBe('1000');
  });
});

describe('refusals change nothing', () => {
  it('refuses a raise the balance does not cover (2101)', async () => {
    const before = await h.snapshot();
    // 0.5 BTC needs 15015 USDT in all: 12012 more than held, 6997 available.
    const refused = await h.rpcError(S.cmd.amendOrder, amend('too-big', '0.5'));
    expect(refused.code).toBe(2101);
    expect(await h.snapshot()).toBe(before);
    expect((await amendRows()).map((r) => r.amend_id)).not.toContain('too-big');
  });

  it('refuses bad quantities, a raise in a reduce-only amend, and anyone else’s order', async () => {
    const before = await h.snapshot();
    const cases: [Record<string, unknown>, number][] = [
      [amend('same', '0.1'), WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID],
      [amend('raise', '0.15', { reduceOnly: true }), WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID],
      [amend('other', '0.05', { userId: 'someone-else' }), WALLET_RPC_ERRORS.ORDER_NOT_FOUND],
      [amend('market', '0.05', { symbol: 'ETH-USDT' }), WALLET_RPC_ERRORS.ORDER_NOT_FOUND],
      [amend('unknown', '0.05', { symbol: 'XXX-USDT' }), WALLET_RPC_ERRORS.UNKNOWN_MARKET],
    ];
    for (const [request, code] of cases) {
      expect({ request, code: (await h.rpcError(S.cmd.amendOrder, request)).code }).toEqual({
        request,
        code,
      });
    }
    // Zero, off the step, malformed: refused by the money rules or the schema.
    for (const quantity of ['0', '0.00001', '-1', 'abc']) {
      const refused = await h.rpcError(S.cmd.amendOrder, amend(`q${quantity}`, quantity));
      expect(refused.code).toBeGreaterThan(0);
    }
    expect(await h.snapshot()).toBe(before);
  });
});

describe('an amend the engine refuses', () => {
  it('gives a raise its top-up back and leaves the order as it was', async () => {
    await h.rpc<AmendOrderReply>(S.cmd.amendOrder, amend('up-3', '0.2'));
    expect(await held()).toBe(6_006_000_000n);
    await publish({
      type: 'rejected',
      ...base,
      command: 'amend',
      orderId: order.orderId,
      userId: USER,
      reason: 'MARKET_HALTED',
      code: 3002,
    });
    expect(await held()).toBe(3_003_000_000n);
    expect(await lots()).toBe('1000');
    const rows = await amendRows();
    expect(rows.find((r) => r.amend_id === 'up-3')?.status).toBe('REJECTED');
  });

  it('refuses amends of an order that has ended (2909)', async () => {
    await publish({
      type: 'cancelled',
      ...base,
      orderId: order.orderId,
      userId: USER,
      reason: 'USER_CANCEL',
      remaining: 1_000,
    });
    expect(await held()).toBe(0n);
    const before = await h.snapshot();
    expect((await h.rpcError(S.cmd.amendOrder, amend('late', '0.05'))).code).toBe(
      WALLET_RPC_ERRORS.ORDER_NOT_OPEN,
    );
    expect(await h.snapshot()).toBe(before);
  });

  it('lists the amends the engine applied to the order, with their engine sequence (Binance’s order/amendments)', async () => {
    const amendments = (request: Record<string, unknown> = {}, userId = USER) =>
      h.rpc<OrderAmendmentsReply>(S.query.orderAmendments, {
        userId,
        symbol: MARKET,
        orderNo: order.orderNo,
        ...request,
      });
    const row = (executionId: number, origQty: string, newQty: string) => ({
      symbol: MARKET,
      orderNo: order.orderNo,
      executionId,
      clientOrderId: order.clientOrderId,
      origQty,
      newQty,
      time: base.ts,
    });
    const [up, down] = appliedSeqs;
    // The refused raise (up-3) is not one of them.
    expect((await amendments()).amendments).toEqual([
      row(up!, '0.20000000', '0.30000000'),
      row(down!, '0.30000000', '0.10000000'),
    ]);
    expect((await amendments({ fromExecutionId: up! + 1 })).amendments).toEqual([
      row(down!, '0.30000000', '0.10000000'),
    ]);
    expect((await amendments({ limit: 1 })).amendments).toEqual([row(up!, '0.20000000', '0.30000000')]);
    expect(
      (
        await h.rpcError(S.query.orderAmendments, {
          userId: 'mallory',
          symbol: MARKET,
          orderNo: order.orderNo,
        })
      ).code,
    ).toBe(WALLET_RPC_ERRORS.ORDER_NOT_FOUND);
    expect((await h.rpcError(S.query.orderAmendments, { userId: USER, symbol: MARKET })).code).toBe(
      WALLET_RPC_ERRORS.VALIDATION_FAILED,
    );
  });

  it('corrects an amend that crossed a fill: the engine total is brought back to the quantity asked for', async () => {
    await h.faucet('seller', 'BTC', '1');
    const buy = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: USER,
      clientOrderId: 'race',
      symbol: MARKET,
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.00',
      quantity: '0.2',
    });
    const sell = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: 'seller',
      clientOrderId: 'race-sell',
      symbol: MARKET,
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.00',
      quantity: '0.08',
    });
    const accepted = (o: SubmitOrderReply, userId: string, side: 'BUY' | 'SELL', quantity: number) =>
      ({
        type: 'accepted',
        ...base,
        orderId: o.orderId,
        userId,
        side,
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        price: 3_000_000,
        quantity,
        stp: 'NONE',
      }) as const;
    await publish(accepted(buy, USER, 'BUY', 2_000));
    // The user cuts 0.2 to 0.15 while the engine is filling 0.08 of it: the wallet asks for 1500 remaining.
    await h.rpc<AmendOrderReply>(S.cmd.amendOrder, { ...amend('race-cut', '0.15'), orderNo: buy.orderNo });
    const asked = await waitFor(async () =>
      (await h.commands()).find(
        (c) => c.message.command.type === 'amend' && c.message.command.orderId === buy.orderId,
      ),
    );
    expect(asked.message.command).toMatchObject({ quantity: 1_500 });
    // The engine filled 800 lots first, so setting 1500 remaining raised the order to 2300 in all.
    await publish(accepted(sell, 'seller', 'SELL', 800), {
      type: 'trade',
      ...base,
      price: 3_000_000,
      quantity: 800,
      makerOrderId: buy.orderId,
      takerOrderId: sell.orderId,
      makerUserId: USER,
      takerUserId: 'seller',
      takerSide: 'SELL',
      makerRemaining: 1_200,
      takerRemaining: 0,
    });
    await publish({
      type: 'amended',
      ...base,
      orderId: buy.orderId,
      userId: USER,
      quantity: 1_500,
      previousQuantity: 1_200,
      priority: 'REQUEUED',
    });
    // Settlement queues the amend back to what was asked: 1500 in all, 800 filled, 700 remaining.
    const fix = await waitFor(async () =>
      (await h.commands()).find((c) => c.message.commandId.startsWith('amend-fix:')),
    );
    expect(fix.msgId).toBe(fix.message.commandId);
    expect(fix.message.command).toMatchObject({ type: 'amend', orderId: buy.orderId, quantity: 700 });
    await publish({
      type: 'amended',
      ...base,
      orderId: buy.orderId,
      userId: USER,
      quantity: 700,
      previousQuantity: 1_500,
      priority: 'KEPT',
    });
    expect(
      (
        await h.query<{ lots: string }>(`select lots::text from wallet_order where order_id = $1`, [
          buy.orderId,
        ])
      )[0].lots,
    ).toBe('1500');
    // Held: 700 lots at 30000 + headroom = 2102.1 USDT; nothing else of the user's is open.
    expect(await held()).toBe(2_102_100_000n);
    expect((await h.commands()).filter((c) => c.message.commandId.startsWith('amend-fix:'))).toHaveLength(1);
  });

  it('reconciles clean', async () => {
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

describe('amends at once', () => {
  it('takes one of several amends of one order sent together; the others find it pending and change nothing', async () => {
    const racing = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
      userId: USER,
      clientOrderId: 'race-me',
      symbol: MARKET,
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.00',
      quantity: '0.05',
    });
    await publish({
      type: 'accepted',
      ...base,
      orderId: racing.orderId,
      userId: USER,
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: 3_000_000,
      quantity: 500,
      stp: 'NONE',
    });
    const outcomes = await Promise.allSettled(
      ['0.04', '0.03', '0.02', '0.01', '0.045'].map((quantity, i) =>
        h.rpc<AmendOrderReply>(S.cmd.amendOrder, {
          userId: USER,
          symbol: MARKET,
          clientOrderId: 'race-me',
          quantity,
          amendId: `race-${i}`,
        }),
      ),
    );
    const taken = outcomes.filter((o) => o.status === 'fulfilled');
    expect(taken).toHaveLength(1);
    expect(
      outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: number }).code] : [])),
    ).toEqual(Array(4).fill(WALLET_RPC_ERRORS.AMEND_PENDING));
    const rows = await h.query<{ amend_id: string; status: string }>(
      `select amend_id, status from wallet_order_amend where order_id = $1`,
      [racing.orderId],
    );
    expect(rows).toEqual([
      { amend_id: (taken[0] as PromiseFulfilledResult<AmendOrderReply>).value.amendId, status: 'PENDING' },
    ]);
    const commands = await waitFor(async () => {
      const all = (await h.commands()).filter(
        (c) => c.message.command.type === 'amend' && c.message.command.orderId === racing.orderId,
      );
      return all.length > 0 && all;
    });
    expect(commands).toHaveLength(1);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });
});
