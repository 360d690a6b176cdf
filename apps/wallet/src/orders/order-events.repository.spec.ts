import {
  type OrderExecutionUpdate,
  orderUpdateBatchSchema,
  orderUpdatesOf,
} from '@exchange/shared-contracts';

import { packOrderUpdates } from './order-events.repository';

/** The n-th execution: a trade of order n with a client order id of `width` characters. */
const execution = (n: number, width = 8): OrderExecutionUpdate => ({
  executionType: 'TRADE',
  order: {
    orderNo: String(n + 1),
    orderId: `o-${n}`,
    clientOrderId: 'c'.repeat(width),
    symbol: 'BTC-USDT',
    side: 'SELL',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '30000.00',
    origQty: '0.00020000',
    executedQty: '0.00010000',
    cummulativeQuoteQty: '3.000000',
    origQuoteOrderQty: '0.000000',
    status: 'PARTIALLY_FILLED',
    time: 1_000,
    updateTime: 1_000 + n,
    isWorking: true,
    stopPrice: '0.00',
    workingTime: 1_000,
  },
  fill: {
    symbol: 'BTC-USDT',
    id: n + 1,
    orderNo: String(n + 1),
    clientOrderId: 'c'.repeat(width),
    side: 'SELL',
    price: '30000.00',
    qty: '0.00010000',
    quoteQty: '3.000000',
    commission: '0.003000',
    commissionAsset: 'USDT',
    time: 1_000 + n,
    isBuyer: false,
    isMaker: true,
  },
  ts: 1_000 + n,
});

const pack = (userId: string, executions: OrderExecutionUpdate[], budget: number) => [
  ...packOrderUpdates(userId, executions, budget),
];
const unpack = (messages: string[]) =>
  messages.flatMap((m) => orderUpdatesOf(orderUpdateBatchSchema.parse(JSON.parse(m))));

describe(packOrderUpdates.name, () => {
  it('puts every execution of the user into one message, in order, when they fit', () => {
    const executions = Array.from({ length: 50 }, (_, n) => execution(n));
    const sut = pack('u-1', executions, 1_000_000);
    expect(sut).toHaveLength(1);
    expect(unpack(sut)).toEqual(executions.map((e) => ({ v: 1, userId: 'u-1', ...e })));
  });

  it('splits at the budget without losing, repeating or reordering an execution', () => {
    const executions = Array.from({ length: 50 }, (_, n) => execution(n));
    const one = JSON.stringify(executions[0]).length;
    const budget = one * 7;
    const sut = pack('u-1', executions, budget);
    expect(sut.length).toBeGreaterThan(7);
    for (const message of sut) expect(message.length).toBeLessThanOrEqual(budget);
    expect(unpack(sut)).toEqual(executions.map((e) => ({ v: 1, userId: 'u-1', ...e })));
  });

  it('marks every message but the last as continued', () => {
    const executions = Array.from({ length: 20 }, (_, n) => execution(n));
    const split = pack('u-1', executions, JSON.stringify(executions[0]).length * 5);
    const continued = split.map((m) => orderUpdateBatchSchema.parse(JSON.parse(m)).continued);
    expect(continued.length).toBeGreaterThan(2);
    expect(continued.slice(0, -1).every((c) => c === true)).toBe(true);
    expect(continued.at(-1)).toBeUndefined();
    const [whole] = pack('u-1', executions, 1_000_000);
    expect(orderUpdateBatchSchema.parse(JSON.parse(whole)).continued).toBeUndefined();
  });

  it('sends an execution longer than the budget alone rather than dropping it', () => {
    const executions = [execution(0), execution(1, 36), execution(2)];
    const sut = pack('u-1', executions, JSON.stringify(execution(0)).length + 60);
    expect(sut).toHaveLength(3);
    expect(unpack(sut).map((u) => u.order.orderId)).toEqual(['o-0', 'o-1', 'o-2']);
  });

  it('sends nothing for no executions', () => {
    expect(pack('u-1', [], 1_000)).toEqual([]);
  });
});
