import { OrderBook } from './order-book.engine';
import { amend, cancel, createBook, limit, market } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('keeps levels, their totals and time priority across level-pool and id-pool growth', () => {
    // createBook sizes the book for 16 orders and 4 ids: 600 levels per side and 3,000 ids (two
    // prefixes) grow the level records, the order slots and the id pool several times.
    const { sut, run } = createBook();
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    for (let i = 0; i < 1200; i++) {
      const price = 1000 - (i % 600);
      run(limit(`b${i}`, `u${i % 13}`, 'BUY', price, 1 + (i % 7)));
      bids.set(price, (bids.get(price) ?? 0) + 1 + (i % 7));
      run(limit(`a${i}`, `u${i % 13}`, 'SELL', 2000 + (i % 600), 1 + (i % 5)));
      asks.set(2000 + (i % 600), (asks.get(2000 + (i % 600)) ?? 0) + 1 + (i % 5));
    }
    // Empty levels deep in the book (both orders of each price < 700 cancelled) and reduce others.
    for (let i = 0; i < 1200; i++) {
      const price = 1000 - (i % 600);
      if (price < 700) {
        run(cancel(`b${i}`, `u${i % 13}`));
        bids.delete(price);
      } else if (i % 7 >= 2 && i % 3 === 0) {
        run(amend(`b${i}`, `u${i % 13}`, 1));
        bids.set(price, bids.get(price)! - (i % 7));
      }
    }
    const expected = (m: Map<number, number>, sign: number) =>
      [...m].sort((x, y) => sign * (y[0] - x[0])).map(([p, q]) => [p, q]);
    expect(sut.l2()).toEqual({ bids: expected(bids, 1), asks: expected(asks, -1) });

    // A market buy sweeps the 100 best ask levels in price, then time priority.
    let sweep = 0;
    for (let p = 2000; p < 2100; p++) sweep += asks.get(p)!;
    const events = run(market('m1', 'u99', 'BUY', sweep));
    const trades = events.filter((e) => e.type === 'trade');
    const prices = trades.map((e) => (e.type === 'trade' ? e.price : 0));
    expect(prices).toEqual([...prices].sort((x, y) => x - y));
    expect(prices[0]).toBe(2000);
    expect(prices[prices.length - 1]).toBe(2099);
    expect(trades.slice(0, 2).map((e) => (e.type === 'trade' ? e.makerOrderId : ''))).toEqual(['a0', 'a600']);
    expect(sut.top()).toEqual({ bid: 1000, ask: 2100 });
    expect(sut.l2().asks).toHaveLength(500);

    // The same state from a snapshot hashes the same.
    expect(OrderBook.fromSnapshot(sut.snapshot()).stateHash()).toBe(sut.stateHash());
  });
});
