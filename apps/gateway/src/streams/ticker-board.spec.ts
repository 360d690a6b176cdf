import { type Ticker24hrReply } from '@exchange/shared-contracts';

import { TickerBoard } from './ticker-board';

function ticker(symbol: string, lastPrice: string): Ticker24hrReply {
  return {
    symbol,
    priceChange: '0.00000000',
    priceChangePercent: '0.000',
    weightedAvgPrice: lastPrice,
    prevClosePrice: '0.00000000',
    lastPrice,
    lastQty: '1.00000000',
    bidPrice: '0.00000000',
    bidQty: '0.00000000',
    askPrice: '0.00000000',
    askQty: '0.00000000',
    openPrice: lastPrice,
    highPrice: lastPrice,
    lowPrice: lastPrice,
    volume: '1.00000000',
    quoteVolume: lastPrice,
    openTime: 0,
    closeTime: 0,
    firstId: 1,
    lastId: 1,
    count: 1,
  };
}

describe(TickerBoard.name, () => {
  const TRUST_MS = 3_000;

  it('answers nothing before its first snapshot, then every market in the snapshot order or the asked ones', () => {
    const sut = new TickerBoard(TRUST_MS);
    sut.onMessage(ticker('BTCUSDT', '1'));
    expect(sut.get(0, ['BTCUSDT'])).toBeUndefined();
    sut.onSnapshot(sut.mark(), [ticker('ETHBTC', '2'), ticker('BTCUSDT', '1')], 0);
    expect(sut.get(0)?.map((t) => t.symbol)).toEqual(['ETHBTC', 'BTCUSDT']);
    expect(sut.get(0, ['BTCUSDT', 'ETHBTC'])?.map((t) => t.lastPrice)).toEqual(['1', '2']);
    // A symbol the board does not know: market-data answers (or refuses it).
    expect(sut.get(0, ['BTCUSDT', 'NOPE'])).toBeUndefined();
  });

  it('keeps a message that came while a snapshot was on its way over that snapshot', () => {
    const sut = new TickerBoard(TRUST_MS);
    sut.onSnapshot(sut.mark(), [ticker('BTCUSDT', '1'), ticker('ETHBTC', '2')], 0);
    const mark = sut.mark();
    sut.onMessage(ticker('BTCUSDT', '3'));
    // The snapshot may have been read before that message's write: BTCUSDT keeps the message, ETHBTC is updated.
    sut.onSnapshot(mark, [ticker('BTCUSDT', '1'), ticker('ETHBTC', '4')], 1_000);
    expect(sut.get(1_000)?.map((t) => t.lastPrice)).toEqual(['3', '4']);
    // A later snapshot, requested after the message, wins again (it repairs a lost message).
    sut.onSnapshot(sut.mark(), [ticker('BTCUSDT', '5'), ticker('ETHBTC', '4')], 2_000);
    expect(sut.get(2_000, ['BTCUSDT'])?.[0]?.lastPrice).toBe('5');
  });

  it('stops answering when the last snapshot is older than it is trusted, or after a reset', () => {
    const sut = new TickerBoard(TRUST_MS);
    sut.onSnapshot(sut.mark(), [ticker('BTCUSDT', '1')], 0);
    expect(sut.get(TRUST_MS)).toHaveLength(1);
    expect(sut.get(TRUST_MS + 1)).toBeUndefined();
    sut.onSnapshot(sut.mark(), [ticker('BTCUSDT', '1')], 10_000);
    sut.reset();
    expect(sut.get(10_000)).toBeUndefined();
  });
});
