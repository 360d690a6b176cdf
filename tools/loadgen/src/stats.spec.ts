import { BinanceApiError } from './binance-client';
import { quantile, Stats } from './stats';

describe(Stats.name, () => {
  it('counts orders, acks, cancels, amends and errors by code, and reports latency quantiles per interval', () => {
    const sut = new Stats();
    for (let ms = 1; ms <= 100; ms++) sut.completed('POST /api/v3/order', ms);
    sut.completed('POST /api/v3/order', 5, new BinanceApiError(400, -2010, 'insufficient'));
    sut.completed('DELETE /api/v3/order', 3);
    sut.completed('PUT /api/v3/order/amend/keepPriority', 4);
    sut.completed('PUT /api/v3/order/amend/keepPriority', 4, new BinanceApiError(400, -2011, 'unknown order'));
    sut.completed('GET /api/v3/depth', 2, new BinanceApiError(0, 'network', 'refused'));
    sut.completed('GET /api/v3/depth', 2, new BinanceApiError(502, 'http', 'bad gateway'));
    sut.filled();
    const line = sut.flush();
    expect(line).toMatchObject({
      ordersSent: 101,
      ordersAcked: 100,
      ordersFilled: 1,
      cancelsSent: 1,
      cancelsAcked: 1,
      amendsSent: 2,
      amendsAcked: 1,
      otherRequests: 2,
      errors: { '-2010': 1, '-2011': 1, network: 1, http_502: 1 },
      orderAckMs: { p50: 50, p99: 99, max: 100 },
    });
    const next = sut.flush();
    expect(next).toMatchObject({ ordersSent: 0, errors: {}, orderAckMs: { p50: null, p99: null } });
    expect(next.totals).toEqual({ ordersSent: 101, ordersAcked: 100, ordersFilled: 1, errors: 4 });
  });

  it('takes the nearest-rank quantile', () => {
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(20);
    expect(quantile([10, 20, 30, 40], 0.99)).toBe(40);
    expect(quantile([], 0.5)).toBeNull();
  });
});
