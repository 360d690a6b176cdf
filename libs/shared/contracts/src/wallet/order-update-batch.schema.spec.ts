import { type OrderUpdate, orderUpdateSchema } from './order-query.schema';
import { orderUpdateBatchSchema, orderUpdatesOf, userOrderMessageSchema } from './order-update-batch.schema';

const order = {
  orderNo: '7',
  orderId: 'o-7',
  clientOrderId: 'c-7',
  symbol: 'BTC-USDT',
  side: 'BUY' as const,
  type: 'LIMIT' as const,
  timeInForce: 'GTC' as const,
  price: '30000.00',
  origQty: '0.00020000',
  executedQty: '0.00010000',
  cummulativeQuoteQty: '3.000000',
  origQuoteOrderQty: '0.000000',
  status: 'PARTIALLY_FILLED' as const,
  time: 1_000,
  updateTime: 2_000,
  isWorking: true,
  stopPrice: '0.00',
  workingTime: 1_000,
};
const fill = {
  symbol: 'BTC-USDT',
  id: 42,
  orderNo: '7',
  clientOrderId: 'c-7',
  side: 'BUY' as const,
  price: '30000.00',
  qty: '0.00010000',
  quoteQty: '3.000000',
  commission: '0.00000010',
  commissionAsset: 'BTC',
  time: 2_000,
  isBuyer: true,
  isMaker: false,
};
const accepted = {
  executionType: 'NEW' as const,
  order: { ...order, status: 'NEW' as const },
  fill: null,
  ts: 1_500,
};
const traded = { executionType: 'TRADE' as const, order, fill, ts: 2_000 };
const rejected = {
  executionType: 'REJECTED' as const,
  order: { ...order, orderNo: '8', status: 'REJECTED' as const, isWorking: false },
  fill: null,
  rejectReason: 'POST_ONLY_WOULD_TAKE',
  ts: 2_500,
};

describe('userOrderMessageSchema', () => {
  it('takes a version 1 update as the one execution it is', () => {
    const v1: OrderUpdate = { v: 1, userId: 'u-1', ...traded };
    const parsed = userOrderMessageSchema.parse(JSON.parse(JSON.stringify(v1)));
    expect(orderUpdatesOf(parsed)).toEqual([v1]);
  });

  it('unpacks a version 2 message into version 1 updates of its user, in the order it lists them', () => {
    const batch = { v: 2, userId: 'u-1', executions: [accepted, traded, rejected] };
    const updates = orderUpdatesOf(userOrderMessageSchema.parse(JSON.parse(JSON.stringify(batch))));
    expect(updates).toEqual([
      { v: 1, userId: 'u-1', ...accepted },
      { v: 1, userId: 'u-1', ...traded },
      { v: 1, userId: 'u-1', ...rejected },
    ]);
    // Each is exactly what the wallet used to publish alone.
    for (const update of updates) expect(orderUpdateSchema.parse(update)).toEqual(update);
  });

  it('refuses an empty batch, an unknown version and an execution that breaks the version 1 contract', () => {
    expect(orderUpdateBatchSchema.safeParse({ v: 2, userId: 'u-1', executions: [] }).success).toBe(false);
    expect(userOrderMessageSchema.safeParse({ v: 3, userId: 'u-1', executions: [traded] }).success).toBe(
      false,
    );
    expect(userOrderMessageSchema.safeParse({ v: 2, userId: 'u-1', ...traded }).success).toBe(false);
    const bad = { ...traded, executionType: 'PARTIAL' };
    expect(
      userOrderMessageSchema.safeParse({ v: 2, userId: 'u-1', executions: [accepted, bad] }).success,
    ).toBe(false);
    expect(
      userOrderMessageSchema.safeParse({ v: 2, userId: 'u-1', executions: [{ ...traded, ts: -1 }] }).success,
    ).toBe(false);
  });
});
