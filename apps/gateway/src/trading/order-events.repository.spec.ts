import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection } from 'nats';

import { type OrderUpdate, userOrderSubject, type WalletOrderView } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { OrderEventsRepository } from './order-events.repository';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const LINGER_MS = 200;

const view = (orderNo: string, status: WalletOrderView['status']): WalletOrderView => ({
  orderNo,
  orderId: `id-${orderNo}`,
  clientOrderId: `c-${orderNo}`,
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '30000.00',
  origQty: '0.0010',
  executedQty: status === 'FILLED' ? '0.0010' : '0.0000',
  cummulativeQuoteQty: '0.00',
  origQuoteOrderQty: '0.00',
  status,
  time: 1_000,
  updateTime: 1_000,
  isWorking: status === 'NEW',
});

const update = (userId: string, orderNo: string, status: WalletOrderView['status']): OrderUpdate => ({
  v: 1,
  userId,
  executionType: status === 'NEW' ? 'NEW' : 'TRADE',
  order: view(orderNo, status),
  fill: null,
  ts: 2_000,
});

describe(OrderEventsRepository.name, () => {
  const run = `t_gw_orderfeed_${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = new NatsNames(run);
  let nc: NatsConnection;
  let publisher: NatsConnection;
  let sut: OrderEventsRepository;

  const publish = async (userId: string, message: unknown) => {
    publisher.publish(names.subject(userOrderSubject(userId)), JSON.stringify(message));
    await publisher.flush();
  };
  const soon = () => Date.now() + 2_000;

  beforeAll(async () => {
    nc = await connect({ servers: NATS_URL });
    publisher = await connect({ servers: NATS_URL });
  });
  beforeEach(() => {
    sut = new OrderEventsRepository(nc, names, LINGER_MS);
  });
  afterEach(() => sut.onModuleDestroy());
  afterAll(async () => {
    await nc.close();
    await publisher.close();
  });

  it('gives every request of the user the executions of the order it waits on, from one subscription', async () => {
    const first = await sut.watch('u1');
    const second = await sut.watch('u1');
    expect(sut.subscribedUsers).toBe(1);

    const waiting = Promise.all([first.until('11', soon()), second.until('12', soon())]);
    await publish('u1', update('u1', '12', 'NEW'));
    await publish('u1', {
      v: 2,
      userId: 'u1',
      executions: [update('u1', '11', 'NEW'), update('u1', '11', 'FILLED')].map(
        ({ v: _v, userId: _u, ...execution }) => execution,
      ),
    });

    const [got11, got12] = await waiting;
    expect(got11?.order).toMatchObject({ orderNo: '11', status: 'NEW' });
    expect(got12?.order).toMatchObject({ orderNo: '12', status: 'NEW' });
    // Both requests saw everything of the user from their start: a later wait finds what already came.
    expect(await first.until('11', soon(), (u) => u.order.status === 'FILLED')).toMatchObject({
      executionType: 'TRADE',
      order: { status: 'FILLED' },
    });
    expect(await second.until('11', Date.now())).toMatchObject({ order: { orderNo: '11' } });
    first.close();
    second.close();
  });

  it("shows an order's executions once its settlement's last message is in, not while one is continued", async () => {
    const watch = await sut.watch('u5');
    const strip = ({ v: _v, userId: _u, ...execution }: OrderUpdate) => execution;
    await publish('u5', update('u5', '51', 'NEW'));
    expect(await watch.until('51', soon())).toMatchObject({ order: { orderNo: '51' } });
    // Version 1 messages say nothing about the rest of a settlement.
    expect(watch.seen('51')).toBeUndefined();

    await publish('u5', {
      v: 2,
      userId: 'u5',
      executions: [strip(update('u5', '52', 'NEW'))],
      continued: true,
    });
    expect(await watch.until('52', soon())).toMatchObject({ order: { status: 'NEW' } });
    expect(watch.seen('52')).toBeUndefined();
    await publish('u5', { v: 2, userId: 'u5', executions: [strip(update('u5', '52', 'FILLED'))] });
    expect(await watch.until('52', soon(), (u) => u.order.status === 'FILLED')).toBeDefined();
    expect(watch.seen('52')?.map((u) => u.order.status)).toEqual(['NEW', 'FILLED']);
    watch.close();
  });

  it("never shows a user another user's executions, and skips malformed messages", async () => {
    const watch = await sut.watch('u1');
    await publish('u2', update('u2', '21', 'NEW'));
    await publish('u1', { v: 1, userId: 'u1', order: { orderNo: '21' } });
    publisher.publish(names.subject(userOrderSubject('u1')), 'not json');
    await publish('u1', update('u1', '22', 'NEW'));

    expect(await watch.until('22', soon())).toMatchObject({ order: { orderNo: '22' } });
    expect(await watch.until('21', Date.now() + 100)).toBeUndefined();
    watch.close();
  });

  it('shows a request only the executions that came after it started watching', async () => {
    const earlier = await sut.watch('u6');
    await publish('u6', update('u6', '61', 'NEW'));
    expect(await earlier.until('61', soon())).toMatchObject({ order: { status: 'NEW' } });

    const later = await sut.watch('u6');
    expect(await later.until('61', Date.now() + 100)).toBeUndefined();
    await publish('u6', update('u6', '61', 'FILLED'));
    expect(await later.until('61', soon())).toMatchObject({ order: { status: 'FILLED' } });
    expect(await earlier.until('61', soon())).toMatchObject({ order: { status: 'NEW' } });
    earlier.close();
    later.close();
  });

  it('keeps each execution once for all requests, and drops those no open request can see', async () => {
    const strip = ({ v: _v, userId: _u, ...execution }: OrderUpdate) => execution;
    const executions = (from: number, to: number) => {
      const list = [];
      for (let no = from; no <= to; no++) list.push(strip(update('u7', String(no), 'NEW')));
      return list;
    };
    const watches = await Promise.all(Array.from({ length: 50 }, () => sut.watch('u7')));
    await publish('u7', { v: 2, userId: 'u7', executions: executions(1, 300) });
    expect(await watches[49].until('300', soon())).toBeDefined();
    expect(sut.keptExecutions).toBe(300);

    // Once the older requests end, the executions only they could see go when the next orders come.
    const young = await sut.watch('u7');
    for (const watch of watches) watch.close();
    await publish('u7', { v: 2, userId: 'u7', executions: executions(301, 600) });
    expect(await young.until('600', soon())).toBeDefined();
    expect(sut.keptExecutions).toBe(300);
    expect(await young.until('300', Date.now())).toBeUndefined();
    expect(await young.until('301', Date.now())).toMatchObject({ order: { orderNo: '301' } });

    // Nothing is kept once no request waits.
    young.close();
    expect(sut.keptExecutions).toBe(0);
  });

  it('answers undefined at the deadline when the order never moves', async () => {
    const watch = await sut.watch('u3');
    const started = Date.now();
    expect(await watch.until('31', started + 150)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    watch.close();
  });

  it('keeps the subscription for the next request for a while, then drops it; a later request subscribes again', async () => {
    const before = await sut.watch('u4');
    before.close();
    expect(sut.subscribedUsers).toBe(1);

    const next = await sut.watch('u4');
    const waiting = next.until('41', soon());
    await publish('u4', update('u4', '41', 'NEW'));
    expect(await waiting).toMatchObject({ order: { orderNo: '41' } });
    // A request that ended sees nothing more.
    await publish('u4', update('u4', '42', 'NEW'));
    expect(await before.until('42', Date.now() + 100)).toBeUndefined();
    next.close();

    await new Promise((resolve) => setTimeout(resolve, LINGER_MS * 2));
    expect(sut.subscribedUsers).toBe(0);

    const again = await sut.watch('u4');
    const waitingAgain = again.until('43', soon());
    await publish('u4', update('u4', '43', 'NEW'));
    expect(await waitingAgain).toMatchObject({ order: { orderNo: '43' } });
    again.close();
  });
});
