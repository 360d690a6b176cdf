import { main } from '../src/main';
import { PartnerCallError, PartnerClient, type PartnerFill } from '../src/partner-client';
import { ExchangeHarness } from './exchange.harness';

jest.setTimeout(120_000);

const harness = new ExchangeHarness();
let alice: { apiKey: string; secret: string };
let bob: { apiKey: string; secret: string };

beforeAll(async () => {
  await harness.start();
  alice = await harness.partner('alice@example.com', { USDT: '100000' });
  bob = await harness.partner('bob@example.com', { BTC: '10' });
}, 180_000);

afterAll(() => harness.stop(), 60_000);

/** Polls until `done` holds (at most ~30 s). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe(PartnerClient.name, () => {
  it("places an order over gRPC and streams its fill when another partner's order crosses it", async () => {
    const client = new PartnerClient(harness.grpc, alice);
    const other = new PartnerClient(harness.grpc, bob);
    const fills: PartnerFill[] = [];
    const stop = await client.streamFills({ onFill: (fill) => fills.push(fill) });
    try {
      const placed = await client.placeOrder({
        symbol: 'BTCUSDT',
        side: 'SIDE_BUY',
        type: 'ORDER_TYPE_LIMIT',
        timeInForce: 'TIME_IN_FORCE_GTC',
        quantity: '0.01',
        price: '30000',
      });
      expect(placed.order?.status).toBe('ORDER_STATUS_NEW');
      await other.placeOrder({
        symbol: 'BTCUSDT',
        side: 'SIDE_SELL',
        type: 'ORDER_TYPE_LIMIT',
        timeInForce: 'TIME_IN_FORCE_GTC',
        quantity: '0.01',
        price: '30000',
      });
      await until(() => fills.length > 0);
      expect(fills).toEqual([
        expect.objectContaining({
          symbol: 'BTCUSDT',
          orderId: placed.order!.orderId,
          side: 'SIDE_BUY',
          isMaker: true,
          orderStatus: 'ORDER_STATUS_FILLED',
        }),
      ]);
      expect([Number(fills[0]!.price), Number(fills[0]!.qty)]).toEqual([30000, 0.01]);
    } finally {
      stop();
      client.close();
      other.close();
    }
  });

  it('places a quote ladder in one call, each order with its own outcome, and cancels it in one', async () => {
    const client = new PartnerClient(harness.grpc, alice);
    const bid = (price: string) => ({
      symbol: 'BTCUSDT',
      side: 'SIDE_BUY' as const,
      type: 'ORDER_TYPE_LIMIT' as const,
      timeInForce: 'TIME_IN_FORCE_GTC' as const,
      quantity: '0.01',
      price,
    });
    try {
      const { results } = await client.placeOrders([bid('20000'), bid('19999.999999999'), bid('19990')]);
      expect(results.map((r) => r.outcome)).toEqual(['order', 'error', 'order']);
      expect(results[1]!.error?.message).toContain('Filter failure');
      const placed = results.flatMap((r) => (r.order ? [r.order.orderId] : []));
      const open = await client.openOrders('BTCUSDT');
      expect(open.orders.map((o) => o.orderId).sort()).toEqual([...placed].sort());
      const { orders } = await client.cancelAll('BTCUSDT');
      expect(orders.map((o) => [o.orderId, o.status]).sort()).toEqual(
        placed.map((id) => [id, 'ORDER_STATUS_CANCELED']).sort(),
      );
    } finally {
      client.close();
    }
  });

  it('reports a refused call with the server ErrorInfo', async () => {
    const client = new PartnerClient(harness.grpc, { apiKey: alice.apiKey, secret: 'not-the-secret' });
    try {
      const error = await client.openOrders('BTCUSDT').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartnerCallError);
      expect((error as PartnerCallError).details?.errorInfo?.reason).toBe('INVALID_SIGNATURE');
    } finally {
      client.close();
    }
  });
});

describe('partner-client CLI', () => {
  it('places a resting order, prints its fill once crossed, and exits 0', async () => {
    const lines: Record<string, unknown>[] = [];
    const run = main(
      [
        ...['--target', harness.grpc, '--api-key', bob.apiKey, '--api-secret', bob.secret],
        ...[
          '--symbol',
          'BTCUSDT',
          '--side',
          'SELL',
          '--quantity',
          '0.02',
          '--price',
          '31000',
          '--seconds',
          '60',
        ],
      ],
      (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    );
    await until(() => lines.some((l) => l['event'] === 'placed'));
    const taker = new PartnerClient(harness.grpc, alice);
    try {
      await taker.placeOrder({
        symbol: 'BTCUSDT',
        side: 'SIDE_BUY',
        type: 'ORDER_TYPE_LIMIT',
        timeInForce: 'TIME_IN_FORCE_IOC',
        quantity: '0.02',
        price: '31000',
      });
      expect(await run).toBe(0);
    } finally {
      taker.close();
    }
    expect(lines.map((l) => l['event'])).toEqual(['placed', 'fill']);
    expect(lines[1]).toMatchObject({
      symbol: 'BTCUSDT',
      side: 'SIDE_SELL',
      qty: expect.stringMatching(/^0\.02/),
    });
  });
});
