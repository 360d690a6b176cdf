import { type OrderUpdate, orderUpdateSchema } from './order-query.schema';
import { fill, order } from '../../test/order-update.fixtures';
import { orderUpdateBatchSchema, orderUpdatesOf, userOrderMessageSchema } from './order-update-batch.schema';

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
