import {
  type AmendOrderReply,
  type AmendOrderRequest,
  type ReconcileReply,
  type SubmitOrderReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { WalletErrorCode } from '@exchange/wallet-domain';

import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { OrderAmendService } from '../../src/orders/order-amend.service';
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

describe('amend groups', () => {
  it('takes amends that arrive together in one transaction, each as if alone after the ones before it', async () => {
    const amends = h.app!.get(OrderAmendService);
    const writes = jest.spyOn(h.app!.get(OutboxRepository), 'addAllWith');
    const ivy = { userId: 'ivy', symbol: MARKET };
    const requests: AmendOrderRequest[] = [
      { ...ivy, clientOrderId: 'a1', quantity: '0.5', amendId: 'g-1', reduceOnly: true },
      // The same order named another way: the amend above is pending.
      { ...ivy, orderNo: placed.a1!.orderNo, quantity: '0.4', amendId: 'g-2', reduceOnly: true },
      { ...ivy, orderId: placed.a2!.orderId, quantity: '0.6', amendId: 'g-3', reduceOnly: true },
      // g-3 again for the same amend: its answer again; for another order: refused.
      { ...ivy, orderNo: placed.a2!.orderNo, quantity: '0.6', amendId: 'g-3', reduceOnly: true },
      { ...ivy, orderId: placed.a3!.orderId, quantity: '0.6', amendId: 'g-3', reduceOnly: true },
      // A raise: its top-up held before the group's writes.
      { ...ivy, clientOrderId: 'a3', quantity: '2', amendId: 'g-4', reduceOnly: false },
      {
        userId: 'mallory',
        symbol: MARKET,
        orderNo: placed.a3!.orderNo,
        quantity: '0.5',
        amendId: 'g-5',
        reduceOnly: true,
      },
      { ...ivy, clientOrderId: 'a4', quantity: '0.5', amendId: 'g-6', reduceOnly: true }, // ended
      { ...ivy, symbol: 'ETH-USDT', clientOrderId: 'e1', quantity: '0.5', amendId: 'g-7', reduceOnly: true },
    ];
    const commandsBefore = (await h.commands()).length;
    const heldBefore = await h.balance('user:ivy:USDT:HELD');

    // Submitted in one turn of the event loop: one group.
    const results = await Promise.allSettled(requests.map((r) => amends.amend(r)));

    expect(writes).toHaveBeenCalledTimes(1);
    writes.mockRestore();
    const replies = results.map((r) =>
      r.status === 'fulfilled' ? r.value : { code: (r.reason as { code: number }).code },
    );
    const requested = (id: string, amendId: string, lots: string, duplicate = false, symbol = MARKET) =>
      expect.objectContaining<Partial<AmendOrderReply>>({
        amendId,
        orderId: placed[id]!.orderId,
        clientOrderId: id,
        symbol,
        status: 'AMEND_REQUESTED',
        duplicate,
        order: expect.objectContaining({ origQty: lots }),
      });
    expect(replies).toEqual([
      requested('a1', 'g-1', '0.50000000'),
      { code: WALLET_RPC_ERRORS.AMEND_PENDING },
      requested('a2', 'g-3', '0.60000000'),
      requested('a2', 'g-3', '0.60000000', true),
      { code: WalletErrorCode.IDEMPOTENCY_CONFLICT },
      requested('a3', 'g-4', '2.00000000'),
      { code: WALLET_RPC_ERRORS.ORDER_NOT_FOUND },
      { code: WALLET_RPC_ERRORS.ORDER_NOT_OPEN },
      requested('e1', 'g-7', '0.500000000000000000', false, 'ETH-USDT'),
    ]);
    expect((replies[5] as AmendOrderReply).holdIncrease).toEqual({
      asset: 'USDT',
      amount: '300.300000',
      units: '300300000',
    });
    expect(await h.balance('user:ivy:USDT:HELD')).toBe(heldBefore + 300_300_000n);

    const rows = await h.query<{ amend_id: string; order_id: string; new_lots: string; status: string }>(
      `select amend_id, order_id, new_lots::text, status from wallet_order_amend order by amend_id`,
    );
    expect(rows).toEqual([
      { amend_id: 'g-1', order_id: placed.a1!.orderId, new_lots: '5000', status: 'PENDING' },
      { amend_id: 'g-3', order_id: placed.a2!.orderId, new_lots: '6000', status: 'PENDING' },
      { amend_id: 'g-4', order_id: placed.a3!.orderId, new_lots: '20000', status: 'PENDING' },
      { amend_id: 'g-7', order_id: placed.e1!.orderId, new_lots: '5000', status: 'PENDING' },
    ]);

    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.length >= commandsBefore + 4 && (await h.query(`select 1 from outbox`)).length === 0 && all;
    });
    // The group's commands of one market: one batch message, in the group's order; the other market's alone.
    const added = commands.slice(commandsBefore);
    const btc = added.filter((c) => c.message.market === MARKET);
    expect(btc.map((c) => c.message.command)).toEqual([
      expect.objectContaining({ type: 'amend', orderId: placed.a1!.orderId, quantity: 5_000 }),
      expect.objectContaining({ type: 'amend', orderId: placed.a2!.orderId, quantity: 6_000 }),
      expect.objectContaining({ type: 'amend', orderId: placed.a3!.orderId, quantity: 20_000 }),
    ]);
    expect(btc[0]!.batchId).toMatch(/^amends:/);
    expect(btc.every((c) => c.batchId === btc[0]!.batchId && c.msgId === btc[0]!.batchId)).toBe(true);
    expect(added.filter((c) => c.message.market !== MARKET)).toEqual([
      expect.objectContaining({
        subject: `${h.run}.cmd.ETH-USDT`,
        message: expect.objectContaining({
          command: expect.objectContaining({ type: 'amend', orderId: placed.e1!.orderId, quantity: 5_000 }),
        }),
      }),
    ]);

    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });

  it('runs a group again one amend at a time when a raise does not fit, so that only that one is refused', async () => {
    const amends = h.app!.get(OrderAmendService);
    placed.b1 = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, limitBuy('ivy', 'b1'));
    placed.b2 = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, limitBuy('ivy', 'b2'));
    const ivy = { userId: 'ivy', symbol: MARKET };
    const results = await Promise.allSettled([
      amends.amend({ ...ivy, clientOrderId: 'b1', quantity: '0.5', amendId: 'h-1', reduceOnly: true }),
      amends.amend({ ...ivy, clientOrderId: 'b2', quantity: '1000', amendId: 'h-2', reduceOnly: false }),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { amendId: 'h-1', duplicate: false } });
    expect(results[1]).toMatchObject({
      status: 'rejected',
      reason: { code: WalletErrorCode.INSUFFICIENT_FUNDS },
    });
    const rows = await h.query<{ amend_id: string }>(
      `select amend_id from wallet_order_amend where amend_id like 'h-%' order by amend_id`,
    );
    expect(rows).toEqual([{ amend_id: 'h-1' }]);
  });
});
