import {
  type CancelOrderReply,
  type CancelOrderRequest,
  type SubmitOrderReply,
  type UserOrderMessage,
  userOrderSubject,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { OrderIntakeService } from '../../src/orders/order-intake.service';
import { OrderRepository } from '../../src/orders/order.repository';
import { limitBuy, placeGroupOrders, WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
const MARKET = 'BTC-USDT';

let h: WalletHarness;
let placed: Record<string, SubmitOrderReply>;

beforeAll(async () => {
  h = await WalletHarness.start();
  placed = await placeGroupOrders(h, 'ivy');
});
afterAll(() => h?.close());

describe('cancel groups', () => {
  it('takes cancels that arrive together as one group, each with its own outcome, each command queued once', async () => {
    const intake = h.app!.get(OrderIntakeService);
    const lookups = jest.spyOn(h.app!.get(OrderRepository), 'referencedAll');
    const ivy = { userId: 'ivy', symbol: MARKET };
    const requests: CancelOrderRequest[] = [
      { ...ivy, clientOrderId: 'a1' },
      { ...ivy, orderNo: placed.a1!.orderNo }, // the same order again: the same command
      { ...ivy, orderId: placed.a2!.orderId },
      { userId: 'mallory', symbol: MARKET, orderNo: placed.a3!.orderNo }, // another user's order
      { ...ivy, symbol: 'ETH-USDT', orderNo: placed.a3!.orderNo }, // of another market
      { ...ivy, orderNo: '999999999' },
      { ...ivy, clientOrderId: 'a4' }, // ended
      { ...ivy, symbol: 'ETH-USDT', clientOrderId: 'e1' }, // another market: a message of its own
    ];
    const commandsBefore = (await h.commands()).length;

    // Submitted in one turn of the event loop: one group.
    const results = await Promise.allSettled(requests.map((r) => intake.cancel(r)));

    expect(lookups).toHaveBeenCalledTimes(1);
    expect(lookups.mock.calls[0]![1]).toHaveLength(requests.length);
    lookups.mockRestore();
    const replies = results.map((r) =>
      r.status === 'fulfilled' ? r.value : { code: (r.reason as { code: number }).code },
    );
    const requested = (id: string, symbol = MARKET) =>
      expect.objectContaining<Partial<CancelOrderReply>>({
        orderId: placed[id]!.orderId,
        orderNo: placed[id]!.orderNo,
        clientOrderId: id,
        symbol,
        status: 'CANCEL_REQUESTED',
      });
    expect(replies).toEqual([
      requested('a1'),
      requested('a1'),
      requested('a2'),
      { code: WALLET_RPC_ERRORS.ORDER_NOT_FOUND },
      { code: WALLET_RPC_ERRORS.ORDER_NOT_FOUND },
      { code: WALLET_RPC_ERRORS.ORDER_NOT_FOUND },
      { code: WALLET_RPC_ERRORS.ORDER_NOT_OPEN },
      requested('e1', 'ETH-USDT'),
    ]);

    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.length >= commandsBefore + 3 && (await h.query(`select 1 from outbox`)).length === 0 && all;
    });
    // The group's commands of one market: one batch message, each order's cancel once; the other market's alone.
    const cancels = commands.slice(commandsBefore).filter((c) => c.message.market === MARKET);
    expect(commands.slice(commandsBefore).filter((c) => c.message.market !== MARKET)).toEqual([
      {
        msgId: `cancel:${placed.e1!.orderId}`,
        subject: `${h.run}.cmd.ETH-USDT`,
        message: expect.objectContaining({
          command: expect.objectContaining({ type: 'cancel', orderId: placed.e1!.orderId }),
        }),
      },
    ]);
    expect(cancels.map((c) => c.message.command)).toEqual([
      expect.objectContaining({ type: 'cancel', orderId: placed.a1!.orderId, userId: 'ivy' }),
      expect.objectContaining({ type: 'cancel', orderId: placed.a2!.orderId, userId: 'ivy' }),
    ]);
    expect(cancels[0]!.batchId).toMatch(/^cancels:/);
    expect(cancels.map((c) => [c.subject, c.msgId, c.batchId])).toEqual(
      Array(2).fill([`${h.run}.cmd.${MARKET}`, cancels[0]!.batchId, cancels[0]!.batchId]),
    );
    // The holds stay until the engine confirms the cancels.
    expect(await h.balance('user:ivy:USDT:HELD')).toBe(4n * 300_300_000n);
  });

  it('answers a cancel alone as before, and a repeated one again without a second command', async () => {
    const commandsBefore = (await h.commands()).length;
    const first = await h.rpc<CancelOrderReply>(S.cmd.cancelOrder, {
      userId: 'ivy',
      symbol: MARKET,
      clientOrderId: 'a3',
    });
    expect(first).toMatchObject({ orderId: placed.a3!.orderId, status: 'CANCEL_REQUESTED' });
    const again = await h.rpc<CancelOrderReply>(S.cmd.cancelOrder, {
      userId: 'ivy',
      symbol: MARKET,
      orderNo: placed.a3!.orderNo,
    });
    expect(again).toEqual(first);
    await waitFor(async () => (await h.query(`select 1 from outbox`)).length === 0);
    // A message id once published is not published twice (JetStream's duplicate window), so one command.
    const cancels = (await h.commands()).slice(commandsBefore);
    expect(cancels.map((c) => c.msgId)).toEqual([`cancel:${placed.a3!.orderId}`]);
  });

  it('queues each restricted cancel as a command of its own, and tells of one the engine refused', async () => {
    const order = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, limitBuy('ivy', 'r1'));
    await waitFor(async () => (await h.query(`select 1 from outbox`)).length === 0);
    const commandsBefore = (await h.commands()).length;
    const restricted = { userId: 'ivy', symbol: MARKET, orderNo: order.orderNo };
    for (let i = 0; i < 2; i++) {
      const queued = await h.rpc<CancelOrderReply>(S.cmd.cancelOrder, {
        ...restricted,
        restriction: 'ONLY_PARTIALLY_FILLED',
      });
      expect(queued).toMatchObject({ orderId: order.orderId, status: 'CANCEL_REQUESTED' });
    }
    // Not one message id for both: the engine may refuse the first, and the second must still reach it.
    const cancels = await waitFor(async () => {
      const all = (await h.commands()).slice(commandsBefore);
      return all.length === 2 && all;
    });
    expect(cancels.map((c) => c.message.command)).toEqual(
      Array(2).fill(
        expect.objectContaining({
          type: 'cancel',
          orderId: order.orderId,
          restriction: 'ONLY_PARTIALLY_FILLED',
        }),
      ),
    );
    expect(new Set(cancels.map((c) => c.msgId)).size).toBe(2);
    for (const c of cancels)
      expect(c.msgId).toMatch(new RegExp(`^cancel:${order.orderId}:[A-Za-z0-9_-]{8}$`));

    // The engine accepts the order and refuses the cancel: the order stays open, its hold too, and the user's
    // order subject carries a CANCEL_REJECTED execution (for the gateway waiting on the cancel).
    const updates = h.listen(userOrderSubject('ivy')) as UserOrderMessage[];
    const seq = (await h.settledSeq(MARKET)) + 1;
    const ts = 1_700_000_000_500;
    await h.publishEvents({
      v: 1,
      market: MARKET,
      firstSeq: seq,
      lastSeq: seq + 1,
      commandSeq: seq,
      events: [
        {
          type: 'accepted',
          seq,
          ts,
          orderId: order.orderId,
          userId: 'ivy',
          side: 'BUY',
          orderType: 'LIMIT',
          timeInForce: 'GTC',
          price: 30_000,
          quantity: 10_000,
          stp: 'NONE',
        },
        {
          type: 'rejected',
          seq: seq + 1,
          ts,
          command: 'cancel',
          orderId: order.orderId,
          userId: 'ivy',
          reason: 'CANCEL_RESTRICTED',
          code: 3009,
          field: 'restriction',
        },
      ],
    });
    const executions = await waitFor(async () => {
      const all = updates.flatMap((m) => (m.v === 2 ? m.executions : [m]));
      return all.length >= 2 && all;
    });
    expect(executions.map((e) => [e.executionType, e.order.status, e.rejectReason])).toEqual([
      ['NEW', 'NEW', undefined],
      ['CANCEL_REJECTED', 'NEW', 'CANCEL_RESTRICTED'],
    ]);
    const [row] = await h.query<{ status: string }>(`select status from wallet_order where order_id = $1`, [
      order.orderId,
    ]);
    expect(row!.status).toBe('ACCEPTED');
  });
});
