import { fromUnits, LoadMix, marketPlan, ordersPerFlow, symbolFilters, toUnits } from './load-mix';

const options = { markets: 2, makers: 2, takers: 3, cancelShare: 0.2, amendShare: 0.1, grpcShare: 0.25 };

describe(LoadMix.name, () => {
  it('draws the same flows from the same seed and other flows from another', () => {
    const draw = (seed: number) => {
      const sut = new LoadMix(seed, options);
      return Array.from({ length: 50 }, () => sut.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('keeps the shares, stays within the markets and users, and sends only pair makers through gRPC', () => {
    const sut = new LoadMix(42, options);
    const flows = Array.from({ length: 20_000 }, () => sut.next());
    const share = (f: (x: (typeof flows)[number]) => boolean) => flows.filter(f).length / flows.length;
    expect(share((f) => f.kind === 'cancel')).toBeCloseTo(0.2, 1);
    expect(share((f) => f.kind === 'amend')).toBeCloseTo(0.1, 1);
    expect(share((f) => f.kind === 'pair')).toBeCloseTo(0.7, 1);
    const pairs = flows.filter((f) => f.kind === 'pair');
    expect(pairs.filter((f) => f.grpc).length / pairs.length).toBeCloseTo(0.25, 1);
    expect(flows.some((f) => f.kind !== 'pair' && f.grpc)).toBe(false);
    expect(new Set(flows.map((f) => f.market))).toEqual(new Set([0, 1]));
    expect(new Set(flows.map((f) => f.maker))).toEqual(new Set([0, 1]));
    expect(new Set(flows.map((f) => f.taker))).toEqual(new Set([0, 1, 2]));
  });

  it('draws quote flows by quoters at their share, and without them the flows it drew before', () => {
    const sut = new LoadMix(42, { ...options, quoteShare: 0.3, quoters: 4 });
    const flows = Array.from({ length: 20_000 }, () => sut.next());
    const quotes = flows.filter((f) => f.kind === 'quote');
    expect(quotes.length / flows.length).toBeCloseTo(0.3, 1);
    expect(flows.filter((f) => f.kind === 'cancel').length / flows.length).toBeCloseTo(0.2, 1);
    expect(new Set(quotes.map((f) => f.quoter))).toEqual(new Set([0, 1, 2, 3]));
    expect(quotes.some((f) => f.grpc)).toBe(false);
    const without = (mix: LoadMix) => Array.from({ length: 200 }, () => mix.next());
    const strip = ({ quoter: _quoter, ...flow }: ReturnType<LoadMix['next']>) => flow;
    expect(without(new LoadMix(9, { ...options, quoteShare: 0, quoters: 3 })).map(strip)).toEqual(
      without(new LoadMix(9, options)).map(strip),
    );
    expect(() => new LoadMix(1, { ...options, quoteShare: 0.1 })).toThrow(RangeError);
    expect(() => new LoadMix(1, { ...options, quoteShare: 0.8, quoters: 1 })).toThrow(RangeError);
    expect([ordersPerFlow('pair', 20), ordersPerFlow('cancel', 20), ordersPerFlow('quote', 20)]).toEqual([
      2, 1, 20,
    ]);
  });

  it('sends cancel and amend flows through gRPC at their own share, the pairs and the seed as without it', () => {
    const sut = new LoadMix(42, { ...options, grpcRestingShare: 0.5 });
    const flows = Array.from({ length: 20_000 }, () => sut.next());
    const resting = flows.filter((f) => f.kind === 'cancel' || f.kind === 'amend');
    expect(resting.filter((f) => f.grpc).length / resting.length).toBeCloseTo(0.5, 1);
    const pairs = flows.filter((f) => f.kind === 'pair');
    expect(pairs.filter((f) => f.grpc).length / pairs.length).toBeCloseTo(0.25, 1);
    const draw = (mix: LoadMix) => Array.from({ length: 200 }, () => mix.next());
    const pairsOnly = (flows: ReturnType<LoadMix['next']>[]) =>
      flows.map((f) => (f.kind === 'pair' ? f : { ...f, grpc: false }));
    expect(pairsOnly(draw(new LoadMix(9, { ...options, grpcRestingShare: 1 })))).toEqual(
      draw(new LoadMix(9, options)),
    );
    expect(() => new LoadMix(1, { ...options, grpcRestingShare: -0.1 })).toThrow(RangeError);
  });

  it('gives only pairs with zero cancel and amend shares, and refuses shares out of range', () => {
    const sut = new LoadMix(1, { ...options, cancelShare: 0, amendShare: 0, grpcShare: 0 });
    const flows = Array.from({ length: 1000 }, () => sut.next());
    expect(flows.every((f) => f.kind === 'pair' && !f.grpc)).toBe(true);
    expect(() => new LoadMix(1, { ...options, cancelShare: 0.6, amendShare: 0.5 })).toThrow(RangeError);
    expect(() => new LoadMix(1, { ...options, grpcShare: 1.5 })).toThrow(RangeError);
    expect(() => new LoadMix(1, { ...options, takers: 0 })).toThrow(RangeError);
  });
});

describe(marketPlan.name, () => {
  // As the gateway's exchangeInfo writes the demo markets' filters (padded to the assets' decimals).
  const btcUsdt = {
    tickSize: '0.010000',
    minQty: '0.00010000',
    stepSize: '0.00010000',
    minNotional: '5.000000',
  };

  it('sizes BTC-USDT orders on the grids with twice the minimum notional', () => {
    expect(marketPlan('BTCUSDT', btcUsdt, '30000.00')).toEqual({
      symbol: 'BTCUSDT',
      price: '30000.000000',
      // 4 lots × 30000 = 12 ≥ 10
      quantity: '0.00040000',
      restPrice: '27000.000000',
      // 4 lots × 27000 = 10.8 ≥ 10; twice that rests
      amendQuantity: '0.00040000',
      restQuantity: '0.00080000',
    });
  });

  it('rounds the resting price down to the tick and respects minQty', () => {
    const plan = marketPlan(
      'ETHBTC',
      { tickSize: '0.000010', minQty: '0.05', stepSize: '0.01', minNotional: '0.0001' },
      '0.05001',
    );
    expect(plan.restPrice).toBe('0.045000');
    // minNotional needs 0.01 of a unit; minQty 0.05 wins
    expect(plan.quantity).toBe('0.05');
    expect(plan.amendQuantity).toBe('0.05');
    expect(plan.restQuantity).toBe('0.10');
  });

  it('refuses a price off the tick grid', () => {
    expect(() => marketPlan('BTCUSDT', btcUsdt, '30000.005')).toThrow(RangeError);
  });
});

describe('decimal units', () => {
  it('converts exactly both ways', () => {
    expect(toUnits('12.5', 3)).toBe(12500n);
    expect(toUnits('7', 2)).toBe(700n);
    expect(fromUnits(12500n, 3, 1)).toBe('12.5');
    expect(fromUnits(5n, 3, 3)).toBe('0.005');
    expect(() => toUnits('1.2345', 2)).toThrow(RangeError);
    expect(() => toUnits('-1', 2)).toThrow(RangeError);
    expect(() => fromUnits(12345n, 3, 1)).toThrow(RangeError);
  });
});

describe(symbolFilters.name, () => {
  it('reads the price, lot and notional filters of one symbol', () => {
    const info = {
      symbols: [
        {
          symbol: 'BTCUSDT',
          filters: [
            { filterType: 'PRICE_FILTER', tickSize: '0.01' },
            { filterType: 'LOT_SIZE', minQty: '0.0001', stepSize: '0.0001' },
            { filterType: 'NOTIONAL', minNotional: '5' },
          ],
        },
      ],
    };
    expect(symbolFilters(info, 'BTCUSDT')).toEqual({
      tickSize: '0.01',
      minQty: '0.0001',
      stepSize: '0.0001',
      minNotional: '5',
    });
    expect(() => symbolFilters(info, 'ETHUSDT')).toThrow('no ETHUSDT');
  });
});
