import { orderUpdateBatchSchema, orderUpdatesOf } from '@exchange/shared-contracts';
import { type Logger } from '@exchange/shared-util-logging';
import { Registry } from 'prom-client';

import { BTC_USDT } from '../../test/support/market-record.fixture';
import { type MarketRecord } from '../reference/reference-data.repository';
import { OrderEventsRepository } from './order-events.repository';
import { EXECUTIONS_PER_TURN, type OrderExecution, OrderNotifierService } from './order-notifier.service';
import { type OrderRow } from './order.repository';

const MARKETS = new Map<string, MarketRecord>([[BTC_USDT.symbol, BTC_USDT]]);

/** A NEW execution of order `n` of `userId`, its order number `n`. */
const accepted = (userId: string, n: number): OrderExecution => {
  const order: OrderRow = {
    orderId: `o-${n}`,
    orderNo: String(n),
    userId,
    clientOrderId: `c-${n}`,
    market: BTC_USDT.symbol,
    side: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    limitTicks: 3_000_000,
    stopTicks: null,
    triggeredAtMs: null,
    stpMode: 'NONE',
    lots: 10,
    quoteUnits: null,
    headroomPpm: 1000,
    filledLots: 0,
    spentQuoteUnits: 0n,
    status: 'ACCEPTED',
    fingerprint: 'f',
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_000_000,
  };
  return { type: 'NEW', userId, order, ts: 1_700_000_000_000 };
};

/** The order numbers a published message reports, in order. */
const orderNosOf = (message: string) =>
  orderUpdatesOf(orderUpdateBatchSchema.parse(JSON.parse(message))).map((u) => u.order.orderNo);

/** The real notifier and message packing, the messages kept instead of sent. */
function setUp() {
  const sent: { subject: string; message: string }[] = [];
  const nc = {
    info: undefined,
    publish: (subject: string, message: string) => sent.push({ subject, message }),
  };
  const events = new OrderEventsRepository(nc as never, { subject: (s: string) => s } as never);
  const registry = new Registry();
  const notifier = new OrderNotifierService(events, { warn: () => undefined } as unknown as Logger, registry);
  const queued = async () =>
    (await registry.getSingleMetric('wallet_order_updates_queued')!.get()).values[0]!.value;
  return { sent, notifier, queued };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe(OrderNotifierService.name, () => {
  it('publishes a settlement within a turn before notify returns: one message per user, executions in order', async () => {
    const { sent, notifier, queued } = setUp();
    notifier.notify([accepted('a', 1), accepted('b', 2), accepted('a', 3)], MARKETS);
    expect(sent.map((s) => s.subject)).toEqual(['user.a.order', 'user.b.order']);
    expect(sent.map((s) => orderNosOf(s.message))).toEqual([['1', '3'], ['2']]);
    expect(notifier.pending).toBe(0);
    expect(await queued()).toBe(0);
  });

  it('publishes a larger settlement over several turns, users whole and in order, and what follows after it', async () => {
    const { sent, notifier, queued } = setUp();
    // Four users of EXECUTIONS_PER_TURN / 2 executions each: two users a turn.
    const half = EXECUTIONS_PER_TURN / 2;
    const big = ['a', 'b', 'c', 'd'].flatMap((user, u) =>
      Array.from({ length: half }, (_, i) => accepted(user, u * half + i + 1)),
    );
    notifier.notify(big, MARKETS);
    notifier.notify([accepted('a', 100_000)], MARKETS);
    const users = () => [...new Set(sent.map((s) => s.subject))];
    expect(users()).toEqual(['user.a.order', 'user.b.order']);
    expect(notifier.pending).toBe(2 * half + 1);
    expect(await queued()).toBe(2 * half + 1);

    await turn();
    expect(users()).toEqual(['user.a.order', 'user.b.order', 'user.c.order', 'user.d.order']);
    expect(notifier.pending).toBe(1);
    await turn();
    expect(notifier.pending).toBe(0);
    // Every execution once, each user's in order, the later settlement's last.
    const orderNos = sent.flatMap((s) => orderNosOf(s.message));
    expect(orderNos).toEqual([...big.map((e) => e.order.orderNo), '100000']);
    expect(sent.at(-1)!.subject).toBe('user.a.order');
  });

  it('publishes everything still waiting when shutdown begins, and at once from then on', () => {
    const { sent, notifier } = setUp();
    const many = Array.from({ length: EXECUTIONS_PER_TURN * 3 }, (_, i) => accepted(`u${i % 300}`, i + 1));
    notifier.notify(many, MARKETS);
    expect(notifier.pending).toBeGreaterThan(0);
    notifier.beforeApplicationShutdown();
    expect(notifier.pending).toBe(0);
    const published = () => sent.reduce((n, s) => n + orderNosOf(s.message).length, 0);
    expect(published()).toBe(many.length);
    notifier.notify(many, MARKETS);
    expect(notifier.pending).toBe(0);
    expect(published()).toBe(2 * many.length);
  });
});
