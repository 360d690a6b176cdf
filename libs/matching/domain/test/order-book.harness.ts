import {
  type CancelRestriction,
  EventCollector,
  OrderBook,
  type MatchingCommand,
  type MatchingEvent,
  type PlaceOrderCommand,
  type Side,
  type StpMode,
  type TimeInForce,
} from '../src';

/** A book wired to an event collector: `run(...commands)` returns the events those commands produced. */
export function createBook(): { sut: OrderBook; run: (...commands: MatchingCommand[]) => MatchingEvent[] } {
  const collector = new EventCollector();
  const sut = new OrderBook({ sink: collector.sink, capacity: 16, idCapacity: 4 });
  return {
    sut,
    run: (...commands) => {
      for (const command of commands) sut.apply(command);
      return collector.take();
    },
  };
}

type Extra = Partial<Omit<PlaceOrderCommand, 'type' | 'orderId' | 'userId' | 'side'>>;

export function limit(
  orderId: string,
  userId: string,
  side: Side,
  price: number,
  quantity: number,
  extra: Extra & { timeInForce?: TimeInForce; stp?: StpMode } = {},
): PlaceOrderCommand {
  return { type: 'place', orderId, userId, side, orderType: 'LIMIT', timeInForce: 'GTC', price, quantity, ts: 1, ...extra };
}

export function market(orderId: string, userId: string, side: Side, quantity: number, extra: Extra = {}): PlaceOrderCommand {
  return { type: 'place', orderId, userId, side, orderType: 'MARKET', quantity, ts: 1, ...extra };
}

export function marketByQuote(
  orderId: string,
  userId: string,
  side: Side,
  quoteQuantity: number,
  extra: Extra = {},
): PlaceOrderCommand {
  return { type: 'place', orderId, userId, side, orderType: 'MARKET', quoteQuantity, ts: 1, ...extra };
}

export function cancel(orderId: string, userId: string, ts = 1): MatchingCommand {
  return { type: 'cancel', orderId, userId, ts };
}

export function restrictedCancel(orderId: string, userId: string, restriction: CancelRestriction): MatchingCommand {
  return { type: 'cancel', orderId, userId, restriction, ts: 1 };
}

export function amend(orderId: string, userId: string, quantity: number, ts = 1): MatchingCommand {
  return { type: 'amend', orderId, userId, quantity, ts };
}

/** Expected `trade` event (ts 1), taker and maker as `[orderId, userId]`. */
export function trade(
  seq: number,
  price: number,
  quantity: number,
  maker: [string, string],
  taker: [string, string],
  takerSide: Side,
  makerRemaining: number,
  takerRemaining: number,
): MatchingEvent {
  return {
    type: 'trade',
    seq,
    ts: 1,
    price,
    quantity,
    makerOrderId: maker[0],
    takerOrderId: taker[0],
    makerUserId: maker[1],
    takerUserId: taker[1],
    takerSide,
    makerRemaining,
    takerRemaining,
  };
}
