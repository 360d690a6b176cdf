import { gzipSync } from 'node:zlib';

import { EventCollector, OrderBook } from '@exchange/matching-domain';

import { decodeMarketSnapshot, encodeMarketSnapshot, type MarketSnapshot } from './market-snapshot.codec';

describe('market snapshot codec', () => {
  const book = new OrderBook({ sink: new EventCollector().sink });
  book.apply({
    type: 'place',
    orderId: 'o1',
    userId: 'u1',
    side: 'BUY',
    orderType: 'LIMIT',
    timeInForce: 'GTC',
    price: 100,
    quantity: 5,
    ts: 1,
  });
  const snapshot: MarketSnapshot = {
    format: 'matching-market-snapshot/1',
    market: 'BTC-USDT',
    commandSeq: 7,
    eventSeq: book.sequence,
    stateHash: book.stateHash(),
    book: book.snapshot(),
  };

  it('round-trips a snapshot whose book restores to the recorded hash', () => {
    const sut = decodeMarketSnapshot(encodeMarketSnapshot(snapshot));
    expect(sut).toEqual(snapshot);
    expect(OrderBook.fromSnapshot(sut.book).stateHash()).toBe(snapshot.stateHash);
  });

  it.each([
    ['bytes that are not gzip', new TextEncoder().encode('garbage')],
    ['gzip of something that is not JSON', gzipSync('{')],
    ['a snapshot without its hash', gzipSync(JSON.stringify({ ...snapshot, stateHash: undefined }))],
    ['another format', gzipSync(JSON.stringify({ ...snapshot, format: 'other/1' }))],
  ])('refuses %s', (_name, data) => expect(() => decodeMarketSnapshot(data)).toThrow());
});
