import { OrderBook } from './order-book.engine';
import { EventCollector } from './matching-event.types';
import { type MatchingCommand } from './matching-command.types';
import { amend, cancel, limit, market, marketByQuote } from '../test/order-book.harness';

describe(OrderBook.name, () => {
  it('gives byte-identical events and hashes for the same commands', () => {
    const commands: MatchingCommand[] = [];
    for (let i = 0; i < 300; i++) {
      const user = `u${i % 7}`;
      const side = i % 2 === 0 ? 'BUY' : 'SELL';
      const price = 100 + ((i * 37) % 11) - 5;
      if (i % 10 === 3) commands.push(market(`o${i}`, user, side, 1 + (i % 4), { stp: 'EXPIRE_MAKER' }));
      else if (i % 10 === 5) commands.push(cancel(`o${i - 4}`, `u${(i - 4) % 7}`));
      else if (i % 10 === 7) commands.push(amend(`o${i - 6}`, `u${(i - 6) % 7}`, 1));
      else if (i % 10 === 9) commands.push(marketByQuote(`o${i}`, user, side, 250));
      else commands.push(limit(`o${i}`, user, side, price, 1 + (i % 5)));
    }
    const runOnce = () => {
      const lines: string[] = [];
      const book = new OrderBook({ sink: (e) => lines.push(JSON.stringify(new EventCollectorCopy(e))) });
      for (const c of commands) book.apply(c);
      return { text: lines.join('\n'), hash: book.stateHash() };
    };
    const first = runOnce();
    expect(runOnce()).toEqual(first);
    expect(first.text.length).toBeGreaterThan(0);
  });
});

/** Copies a view through the public collector, one event at a time. */
class EventCollectorCopy {
  constructor(e: Parameters<EventCollector['sink']>[0]) {
    const c = new EventCollector();
    c.sink(e);
    Object.assign(this, c.take()[0]);
  }
}
