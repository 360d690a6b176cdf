import { EXCHANGE_INFO } from './exchange-info.fixture';
import { marketSpecs } from './market-spec';
import { SeededRandom } from './random';
import { takerOrder } from './taker';

const btc = marketSpecs(EXCHANGE_INFO).get('BTCUSDT')!;
const book = {
  bids: [['29999.99000000', '0.50000000']] as [string, string][],
  asks: [['30000.01000000', '0.40000000']] as [string, string][],
};

describe(takerOrder.name, () => {
  it('crosses at the best opposite price with an IOC limit sized in minimum orders', () => {
    const random = new SeededRandom(42);
    const orders = Array.from({ length: 20 }, () =>
      takerOrder(btc, book, { rate: 1, orderType: 'ioc', maxSize: 3 }, random),
    );
    for (const order of orders) {
      const params = Object.fromEntries(order!.params);
      expect(params).toMatchObject({ symbol: 'BTCUSDT', type: 'LIMIT', timeInForce: 'IOC' });
      expect(params['price']).toBe(order!.side === 'BUY' ? '30000.01' : '29999.99');
      // the minimum at ~30000 is 2 lots of 0.0001: sizes 0.0002, 0.0004 or 0.0006
      expect(['0.0002', '0.0004', '0.0006']).toContain(params['quantity']);
    }
    expect(new Set(orders.map((o) => o!.side))).toEqual(new Set(['BUY', 'SELL']));
  });

  it('is the same sequence for the same seed', () => {
    const run = () => {
      const random = new SeededRandom(9);
      return Array.from({ length: 10 }, () =>
        takerOrder(btc, book, { rate: 1, orderType: 'market', maxSize: 5 }, random),
      );
    };
    expect(run()).toEqual(run());
    expect(Object.fromEntries(run()[0]!.params)).not.toHaveProperty('price');
  });

  it('sends nothing when the side it would hit is empty', () => {
    const empty = { bids: [], asks: [] };
    expect(
      takerOrder(btc, empty, { rate: 1, orderType: 'ioc', maxSize: 1 }, new SeededRandom(1)),
    ).toBeUndefined();
  });
});
