import { ExchangeHarness, type Trader } from './exchange-harness';

jest.setTimeout(120_000);

/**
 * Orders placed at the same moment through REST, which the gateway hands to the wallet together
 * (`trading/order-submitter.ts`: one `submit-orders` request per event-loop turn): each must be answered as if it had
 * gone alone — placed, refused for funds, a retried client id answered with the same order — and hold exactly what
 * it needs.
 */
const harness = new ExchangeHarness({ ORDER_LIMIT_PER_10S: '1000' });
let alice: Trader;

beforeAll(async () => {
  await harness.start();
  alice = await harness.trader('alice@example.com');
  await harness.faucet(alice, 'USDT', '1000');
}, 180_000);

afterAll(() => harness.stop(), 60_000);

interface Answer {
  orderId?: number;
  clientOrderId?: string;
  status?: string;
  code?: number;
  msg?: string;
}

/** The gateway's count of wallet requests that submit orders, and of the orders in them. */
async function submissions(): Promise<{ requests: number; orders: number }> {
  const text = await (await fetch(`${harness.base}/metrics`)).text();
  const value = (name: string) =>
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
        ?.split(' ')[1] ?? 0,
    );
  return {
    requests: value('gateway_order_submissions_per_request_count'),
    orders: value('gateway_order_submissions_per_request_sum'),
  };
}

const buy = (fields: Record<string, string>): Record<string, string> => ({
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  quantity: '0.001',
  price: '10000',
  ...fields,
});

describe('orders placed at the same moment', () => {
  it('are each answered as if alone, hold exactly what they need, and reach the wallet together', async () => {
    let together = false;
    let placedIds = new Set<number>();
    for (let burst = 0; burst < 8 && !together; burst++) {
      const before = await submissions();
      const orders = [
        ...Array.from({ length: 10 }, (_, i) =>
          buy({ newClientOrderId: `b${burst}-${i}`, ...(i % 3 === 0 && { newOrderRespType: 'RESULT' }) }),
        ),
        // 0.2 BTC at 10,000 is 2,000 USDT: more than alice has.
        buy({ newClientOrderId: `b${burst}-poor`, quantity: '0.2' }),
        // The same order twice under one client id (signed apart: a repeated signature is a replay): one order, one
        // hold.
        buy({ newClientOrderId: `b${burst}-twice`, recvWindow: '5000' }),
        buy({ newClientOrderId: `b${burst}-twice`, recvWindow: '6000' }),
      ];
      const answers = await Promise.all(
        orders.map((o) => harness.signed<Answer>('POST', 'order', o, alice.key)),
      );
      const after = await submissions();
      expect(after.orders - before.orders).toBe(orders.length);
      together = after.requests - before.requests < orders.length;

      const byClientId = (id: string) => answers[orders.findIndex((o) => o.newClientOrderId === id)]!;
      for (let i = 0; i < 10; i++) {
        const answer = byClientId(`b${burst}-${i}`);
        expect([answer.status, answer.body.clientOrderId]).toEqual([200, `b${burst}-${i}`]);
        if (i % 3 === 0) expect(answer.body.status).toBe('NEW');
      }
      const poor = byClientId(`b${burst}-poor`);
      expect([poor.status, poor.body]).toEqual([
        400,
        { code: -2010, msg: 'Account has insufficient balance for requested action.' },
      ]);
      const twice = answers.slice(-2);
      expect(twice.map((a) => a.status)).toEqual([200, 200]);
      expect(twice[0]!.body.orderId).toBe(twice[1]!.body.orderId);
      const ids = answers.filter((a) => a.status === 200).map((a) => a.body.orderId!);
      placedIds = new Set([...placedIds, ...ids]);
      expect(placedIds.size).toBe(11 * (burst + 1));

      // Each placed order holds 10.01 USDT (10 and the taker fee's 0.1 %), nothing more: the refused one and the
      // repeated id hold nothing.
      const open = await harness.signed<Answer[]>('GET', 'openOrders', { symbol: 'BTCUSDT' }, alice.key);
      expect(open.body).toHaveLength(11 * (burst + 1));
      const { USDT } = await harness.balances(alice);
      const cents = (amount: string) => Math.round(Number(amount) * 100);
      expect([cents(USDT!.locked), cents(USDT!.free)]).toEqual([
        11 * 1001 * (burst + 1),
        100_000 - 11 * 1001 * (burst + 1),
      ]);
    }
    // Thirteen requests sent at once reach the gateway in fewer turns than requests (one burst of eight at least).
    expect(together).toBe(true);
  });
});
