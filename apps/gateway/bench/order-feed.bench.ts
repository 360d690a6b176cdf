/**
 * The gateway's CPU per RESULT order for watching the user's executions (`OrderEventsRepository`), by the number of
 * the user's orders in flight: `--in-flight` lanes each start a watch, publish one `user.<id>.order` message with the
 * order's execution (as the wallet does after settling it), wait for it, read the order's executions and close, then
 * start the next. The publisher runs in this process too, so the figure is the feed plus one publish and one NATS
 * delivery per order; what changes with the number in flight is the feed's own. Real NATS (NATS_URL), on a subject
 * prefix of its own. docs/benchmarks.md, "Gateway REST", has the figures.
 *
 *   node tools/run.cjs apps/gateway/bench/order-feed.bench.ts [--in-flight 16,64,256,1024] [--orders 12800]
 */
import { parseArgs } from 'node:util';

import { connect } from 'nats';

import { type OrderExecutionUpdate, userOrderSubject } from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { OrderEventsRepository } from '../src/trading/order-events.repository';

const { values } = parseArgs({
  options: {
    'in-flight': { type: 'string', default: '16,64,256,1024' },
    orders: { type: 'string', default: '12800' },
  },
});
const IN_FLIGHT = values['in-flight'].split(',').map(Number);
const ORDERS = Number(values.orders);
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const USER = 'u1';

const execution = (orderNo: number): OrderExecutionUpdate => ({
  executionType: 'NEW',
  order: {
    orderNo: String(orderNo),
    orderId: `id-${orderNo}`,
    clientOrderId: `c-${orderNo}`,
    symbol: 'BTC-USDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: '30000.00',
    origQty: '0.0010',
    executedQty: '0.0000',
    cummulativeQuoteQty: '0.00',
    origQuoteOrderQty: '0.00',
    status: 'NEW',
    time: 1_000,
    updateTime: 1_000,
    isWorking: true,
  },
  fill: null,
  ts: 2_000,
});

async function main(): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  const publisher = await connect({ servers: NATS_URL });
  const names = new NatsNames(`b_feed_${process.pid}`);
  const feed = new OrderEventsRepository(nc, names, 1_000);
  const subject = names.subject(userOrderSubject(USER));
  let orderNo = 0;

  const lane = async (orders: number) => {
    for (let i = 0; i < orders; i++) {
      const watch = await feed.watch(USER);
      const mine = String(++orderNo);
      const answered = watch.until(mine, Date.now() + 10_000);
      publisher.publish(
        subject,
        JSON.stringify({ v: 2, userId: USER, executions: [execution(Number(mine))] }),
      );
      if (!(await answered)) throw new Error(`order ${mine}: no execution within 10 s`);
      watch.seen(mine);
      watch.close();
    }
  };
  const lanes = (inFlight: number) =>
    Promise.all(Array.from({ length: inFlight }, () => lane(Math.ceil(ORDERS / inFlight))));

  await lanes(16); // warm-up
  console.log(`order feed, ${new Date().toISOString()}, node ${process.version}`);
  console.log('| in flight (one user) | orders | orders/s | CPU per order |');
  console.log('| --- | --- | --- | --- |');
  for (const inFlight of IN_FLIGHT) {
    const orders = Math.ceil(ORDERS / inFlight) * inFlight;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await lanes(inFlight);
    const used = process.cpuUsage(cpu);
    const seconds = (performance.now() - started) / 1_000;
    console.log(
      `| ${inFlight} | ${orders} | ${Math.round(orders / seconds)} | ${((used.user + used.system) / orders).toFixed(1)} µs |`,
    );
  }
  feed.onModuleDestroy();
  await nc.close();
  await publisher.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
