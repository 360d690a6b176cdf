import { EXCHANGE_INFO, symbolInfo } from './exchange-info.fixture';
import {
  countOf,
  ExchangeInfoError,
  formatPrice,
  formatQuantity,
  type MarketSpec,
  marketSpecs,
  minimumLots,
  priceTicks,
  quantityLots,
} from './market-spec';

describe(marketSpecs.name, () => {
  const specs = marketSpecs(EXCHANGE_INFO);
  const btc = specs.get('BTCUSDT')!;
  const ethBtc = specs.get('ETHBTC')!;

  it('keeps only TRADING markets, with their filters as exact decimals', () => {
    expect([...specs.keys()]).toEqual(['BTCUSDT', 'ETHBTC']);
    expect(btc.tickSize).toEqual({ negative: false, digits: 1000000n, scale: 8 });
    expect([btc.baseAsset, btc.quoteAsset]).toEqual(['BTC', 'USDT']);
  });

  it('formats ticks and lots as trimmed decimal strings, as Binance clients send them', () => {
    expect(formatPrice(btc, 3_000_001n)).toBe('30000.01');
    expect(formatPrice(btc, 3_000_000n)).toBe('30000');
    expect(formatQuantity(btc, 15n)).toBe('0.0015');
    expect(formatPrice(ethBtc, 52_345n)).toBe('0.052345');
  });

  it('reads prices and quantities back to ticks and lots, rounding down between grid points', () => {
    expect(priceTicks(btc, '30000.01000000')).toBe(3_000_001n);
    expect(priceTicks(btc, '30000.019')).toBe(3_000_001n);
    expect(quantityLots(btc, '0.00159999')).toBe(15n);
    expect(quantityLots(btc, '0')).toBe(0n);
  });

  it('counts a decimal in units rounding either way', () => {
    const step = btc.stepSize;
    const value = { negative: false, digits: 15001n, scale: 7 }; // 0.0015001
    expect([countOf(value, step, 'floor'), countOf(value, step, 'ceil')]).toEqual([15n, 16n]);
  });

  it('sizes the minimum order by the notional where it binds, else by minQty', () => {
    // 5 USDT at 30000 = 0.000166.. BTC → 2 lots of 0.0001
    expect(minimumLots(btc, 3_000_000n)).toBe(2n);
    // 5 USDT at 10 = 0.5 BTC → 5000 lots exactly
    expect(minimumLots(btc, 1_000n)).toBe(5000n);
    // at 1 000 000 USDT the notional is met by less than minQty: minQty (1 lot) binds
    expect(minimumLots(btc, 100_000_000n)).toBe(1n);
    // ETHBTC: 0.0001 BTC at 0.05 BTC = 0.002 ETH, below minQty 0.01 → 1 lot
    expect(minimumLots(ethBtc, 50_000n)).toBe(1n);
  });

  it('refuses a reply without symbols, a bad filter value, and a zero price', () => {
    expect(() => marketSpecs({})).toThrow(ExchangeInfoError);
    const bad = { symbols: [symbolInfo('BAD', 'B', 'Q', '0.0.1', '1', '1', '1')] };
    expect(() => marketSpecs(bad)).toThrow(/BAD tickSize/);
    expect(() => minimumLots(btc as MarketSpec, 0n)).toThrow(/at least one tick/);
  });
});
