/** Commands accepted by the engine. The JSON shape is the `tools/matching-replay` contract. */
export type Side = 'BUY' | 'SELL';
export type OrderType =
  | 'LIMIT'
  | 'LIMIT_MAKER'
  | 'MARKET'
  | 'STOP_LOSS'
  | 'STOP_LOSS_LIMIT'
  | 'TAKE_PROFIT'
  | 'TAKE_PROFIT_LIMIT';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK';
export type StpMode = 'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';
export type MarketStatus = 'TRADING' | 'HALTED' | 'CANCEL_ONLY';
/**
 * A cancel that applies only to an order in one state (Binance's `cancelRestrictions`): one that has not traded yet
 * (NEW, an untriggered stop included), or one that has traded in part (PARTIALLY_FILLED).
 */
export type CancelRestriction = 'ONLY_NEW' | 'ONLY_PARTIALLY_FILLED';

export const SIDES: readonly Side[] = ['BUY', 'SELL'];
export const ORDER_TYPES: readonly OrderType[] = [
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
];
export const TIME_IN_FORCES: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK'];
export const STP_MODES: readonly StpMode[] = ['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'];
export const MARKET_STATUSES: readonly MarketStatus[] = ['TRADING', 'HALTED', 'CANCEL_ONLY'];

export interface PlaceOrderCommand {
  type: 'place';
  orderId: string;
  userId: string;
  side: Side;
  orderType: OrderType;
  timeInForce?: TimeInForce;
  /** Limit price in ticks. */
  price?: number;
  /** Trigger price in ticks (stop-loss and take-profit types). */
  stopPrice?: number;
  /** Base quantity in lots. */
  quantity?: number;
  /** Quote amount (price ticks × lots) for a `MARKET` order by quote. */
  quoteQuantity?: number;
  /** Self-trade prevention mode of the order when it takes; `NONE` when left out. */
  stp?: StpMode;
  ts: number;
}

export interface CancelOrderCommand {
  type: 'cancel';
  orderId: string;
  userId: string;
  /** Cancel only an order in this state; any other is refused with CANCEL_RESTRICTED and left alone. */
  restriction?: CancelRestriction;
  ts: number;
}

export interface AmendOrderCommand {
  type: 'amend';
  orderId: string;
  userId: string;
  /** The new open (remaining) quantity. */
  quantity: number;
  ts: number;
}

export interface CancelAllCommand {
  type: 'cancelAll';
  userId: string;
  ts: number;
}

export interface SetStatusCommand {
  type: 'status';
  status: MarketStatus;
  ts: number;
}

export type MatchingCommand =
  | PlaceOrderCommand
  | CancelOrderCommand
  | AmendOrderCommand
  | CancelAllCommand
  | SetStatusCommand;

export type CommandType = MatchingCommand['type'];
