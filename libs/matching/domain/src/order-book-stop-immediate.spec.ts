import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { type OrderType, type PlaceOrderCommand, type Side } from './matching-command.types';
import { createBook, limit, market } from '../test/order-book.harness';

const stop = (orderId: string, side: Side, orderType: OrderType, stopPrice: number): PlaceOrderCommand => ({
  type: 'place',
  orderId,
  userId: 'u9',
  side,
  orderType,
  stopPrice,
  quantity: 1,
  ts: 1,
});

describe(OrderBook.name, () => {
  it('rejects a stop whose condition already holds at placement, in Binance\'s directions', () => {
    const { sut, run } = createBook();
    run(limit('a', 'u1', 'SELL', 100, 1), market('m', 'u2', 'BUY', 1));
    expect(sut.lastPrice).toBe(100);
    const rejected = (seq: number, orderId: string) => ({
      type: 'rejected',
      seq,
      ts: 1,
      command: 'place',
      orderId,
      userId: 'u9',
      reason: 'STOP_WOULD_TRIGGER_IMMEDIATELY',
      code: RejectionCode.STOP_WOULD_TRIGGER_IMMEDIATELY,
      field: 'stopPrice',
    });

    // Sell stop-loss holds when last <= stop; buy stop-loss when last >= stop; take-profit the other way round.
    expect(run(stop('s1', 'SELL', 'STOP_LOSS', 100))).toEqual([rejected(4, 's1')]);
    expect(run(stop('s2', 'BUY', 'STOP_LOSS', 100))).toEqual([rejected(5, 's2')]);
    expect(run(stop('s3', 'SELL', 'TAKE_PROFIT', 99))).toEqual([rejected(6, 's3')]);
    expect(run(stop('s4', 'BUY', 'TAKE_PROFIT', 101))).toEqual([rejected(7, 's4')]);

    expect(run(stop('s5', 'SELL', 'STOP_LOSS', 99), stop('s6', 'BUY', 'STOP_LOSS', 101), stop('s7', 'SELL', 'TAKE_PROFIT', 101), stop('s8', 'BUY', 'TAKE_PROFIT', 99)).map((e) => e.type)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(sut.stops().map((s) => s.orderId)).toEqual(['s5', 's6', 's7', 's8']);
  });
});
