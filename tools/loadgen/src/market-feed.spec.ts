import { WebSocketMarketFeed } from './market-feed';

describe(WebSocketMarketFeed.name, () => {
  it('names a combined stream of bookTicker and trade for each symbol', () => {
    expect(WebSocketMarketFeed.streamUrl('ws://h:8080/', ['BTCUSDT', 'ETHBTC'])).toBe(
      'ws://h:8080/stream?streams=btcusdt@bookTicker/btcusdt@trade/ethbtc@bookTicker/ethbtc@trade',
    );
  });

  it('keeps the best prices and the last trade per symbol; a zero price is an empty side', () => {
    const sut = new WebSocketMarketFeed('ws://unused');
    sut.apply('{"result":null,"id":1}');
    sut.apply('not json');
    expect(sut.top('BTCUSDT')).toBeUndefined();
    sut.apply(
      JSON.stringify({
        stream: 'btcusdt@bookTicker',
        data: { u: 7, s: 'BTCUSDT', b: '29999.99000000', B: '1.00000000', a: '0', A: '0' },
      }),
    );
    sut.apply(
      JSON.stringify({
        stream: 'btcusdt@trade',
        data: { e: 'trade', s: 'BTCUSDT', p: '30000.01000000', q: '1' },
      }),
    );
    expect(sut.top('BTCUSDT')).toEqual({ bid: '29999.99000000', ask: undefined });
    expect(sut.lastTrade('BTCUSDT')).toBe('30000.01000000');
    expect(sut.lastTrade('ETHBTC')).toBeUndefined();
  });
});
