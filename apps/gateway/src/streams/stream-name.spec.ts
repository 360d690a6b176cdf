import { parseStreamName } from './stream-name';

describe(parseStreamName.name, () => {
  it.each([
    ['btcusdt@depth', { kind: 'depth', symbolId: 'btcusdt', speedMs: 1000 }],
    ['btcusdt@depth@100ms', { kind: 'depth', symbolId: 'btcusdt', speedMs: 100 }],
    ['btcusdt@depth@1000ms', { kind: 'depth', symbolId: 'btcusdt', speedMs: 1000 }],
    ['ethbtc@depth5', { kind: 'partialDepth', symbolId: 'ethbtc', levels: 5, speedMs: 1000 }],
    ['ethbtc@depth20@100ms', { kind: 'partialDepth', symbolId: 'ethbtc', levels: 20, speedMs: 100 }],
    ['btcusdt@trade', { kind: 'trade', symbolId: 'btcusdt' }],
    ['btcusdt@aggTrade', { kind: 'aggTrade', symbolId: 'btcusdt' }],
    ['btcusdt@ticker', { kind: 'ticker', symbolId: 'btcusdt' }],
    ['btcusdt@miniTicker', { kind: 'miniTicker', symbolId: 'btcusdt' }],
    ['btcusdt@bookTicker', { kind: 'bookTicker', symbolId: 'btcusdt' }],
    ['btcusdt@avgPrice', { kind: 'avgPrice', symbolId: 'btcusdt' }],
    ['btcusdt@kline_1m', { kind: 'kline', symbolId: 'btcusdt', interval: '1m' }],
    ['btcusdt@kline_1d', { kind: 'kline', symbolId: 'btcusdt', interval: '1d' }],
    ['!ticker@arr', { kind: 'allTickers' }],
    ['!miniTicker@arr', { kind: 'allMiniTickers' }],
    ['btcusdt@ticker_1h', { kind: 'windowTicker', symbolId: 'btcusdt', window: '1h' }],
    ['ethbtc@ticker_4h', { kind: 'windowTicker', symbolId: 'ethbtc', window: '4h' }],
    ['btcusdt@ticker_1d', { kind: 'windowTicker', symbolId: 'btcusdt', window: '1d' }],
    ['!ticker_1h@arr', { kind: 'allWindowTickers', window: '1h' }],
    ['!ticker_1d@arr', { kind: 'allWindowTickers', window: '1d' }],
  ])('reads %s', (name, spec) => {
    expect(parseStreamName(name)).toEqual(spec);
  });

  it.each([
    'BTCUSDT@trade',
    'btcusdt',
    'btcusdt@',
    '@trade',
    'btcusdt@depth7',
    'btcusdt@depth@250ms',
    'btcusdt@trade@100ms',
    'btcusdt@kline_7m',
    'btcusdt@kline_',
    'btcusdt@aggtrade',
    'btcusdt@avgprice',
    'btcusdt@avgPrice@1000ms',
    'btcusdt@depth@100ms@x',
    '!miniticker@arr',
    '!miniTicker@arr@1000ms',
    'btc-usdt@trade',
    'btcusdt@ticker_2h',
    'btcusdt@ticker_',
    'btcusdt@ticker_1h@100ms',
    'btcusdt@ticker_constructor',
    '!ticker_2h@arr',
    '!ticker_1h',
  ])('refuses %s', (name) => {
    expect(parseStreamName(name)).toBeUndefined();
  });
});
