import {
  add,
  compare,
  dec,
  type Decimal,
  fractionDigits,
  isMultipleOf,
  isZero,
  mul,
  parseDec,
  rescale,
  toFixed,
  ZERO,
} from './decimal';
import { type MarketRules } from './market-rules';

export type OrderSide = 'BUY' | 'SELL';

/** What the order form offers; each maps to a Binance `type` (+ `timeInForce`). */
export type OrderKind = 'LIMIT' | 'MARKET' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT' | 'LIMIT_MAKER' | 'IOC';

/** The kinds that wait for the last trade price to reach their stop price, then work as a limit order. */
export const STOP_KINDS: readonly OrderKind[] = ['STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'];

export function isStopKind(kind: OrderKind): boolean {
  return STOP_KINDS.includes(kind);
}

/**
 * Whether a stop order triggers when the last price rises to its stop price (a stop-loss buy, a take-profit sell)
 * or when it falls to it (a stop-loss sell, a take-profit buy), as Binance and the engine have it.
 */
export function triggersOnRise(kind: OrderKind, side: OrderSide): boolean {
  return kind === 'STOP_LOSS_LIMIT' ? side === 'BUY' : side === 'SELL';
}

export interface OrderDraft {
  readonly side: OrderSide;
  readonly kind: OrderKind;
  readonly price: string;
  readonly stopPrice: string;
  readonly quantity: string;
  /** Market orders only: spend (buy) or receive (sell) this much quote instead of a base quantity. */
  readonly quoteAmount: string;
  readonly marketBy: 'base' | 'quote';
}

export interface OrderContext {
  /** Free balance per asset, decimal strings. */
  readonly available: Readonly<Record<string, string>>;
  /** Taker commission rate as a decimal fraction ("0.001"); the most a fill can cost. */
  readonly takerRate: string;
  /** Best opposite price per side (best ask for a buy, best bid for a sell), to estimate a market order. */
  readonly referencePrices?: Partial<Record<OrderSide, string>>;
  /** The market's last trade price: a stop order whose condition already holds would be refused. */
  readonly lastPrice?: string;
}

export type OrderField = 'price' | 'stopPrice' | 'quantity' | 'quoteAmount' | 'balance';

export interface OrderCheck {
  readonly errors: Partial<Record<OrderField, string>>;
  /** Price × quantity (or the quote amount), in the quote asset; absent until the inputs allow it. */
  readonly notional?: string;
  /** The most the fee can be at the taker rate, in the quote asset, rounded up. */
  readonly fee?: string;
  /** What leaves the account: quote for a buy (notional + fee), base for a sell. */
  readonly spend?: { readonly amount: string; readonly asset: string };
  readonly ok: boolean;
}

const PRICED_KINDS: readonly OrderKind[] = [
  'LIMIT',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT_LIMIT',
  'LIMIT_MAKER',
  'IOC',
];

export function needsPrice(kind: OrderKind): boolean {
  return PRICED_KINDS.includes(kind);
}

function checkPrice(
  text: string,
  rules: MarketRules,
  label: string,
): [Decimal | undefined, string | undefined] {
  if (text.trim() === '') return [undefined, `Enter a ${label}.`];
  const price = parseDec(text);
  if (!price || isZero(price)) return [undefined, `The ${label} must be a positive number.`];
  const tick = dec(rules.tickSize);
  if (!isMultipleOf(price, tick)) {
    return [
      undefined,
      `The ${label} must be a multiple of the tick size ${toFixed(tick, fractionDigits(rules.tickSize))}.`,
    ];
  }
  if (compare(price, dec(rules.minPrice)) < 0 || compare(price, dec(rules.maxPrice)) > 0) {
    return [undefined, `The ${label} must be between ${rules.minPrice} and ${rules.maxPrice}.`];
  }
  return [price, undefined];
}

function checkQuantity(text: string, rules: MarketRules): [Decimal | undefined, string | undefined] {
  if (text.trim() === '') return [undefined, 'Enter an amount.'];
  const quantity = parseDec(text);
  if (!quantity || isZero(quantity)) return [undefined, 'The amount must be a positive number.'];
  const step = dec(rules.stepSize);
  if (!isMultipleOf(quantity, step)) {
    return [
      undefined,
      `The amount must be a multiple of the step size ${toFixed(step, fractionDigits(rules.stepSize))}.`,
    ];
  }
  if (compare(quantity, dec(rules.minQty)) < 0) {
    return [
      undefined,
      `The amount must be at least ${toFixed(dec(rules.minQty), fractionDigits(rules.stepSize))}.`,
    ];
  }
  if (compare(quantity, dec(rules.maxQty)) > 0)
    return [undefined, `The amount must be at most ${rules.maxQty}.`];
  return [quantity, undefined];
}

/**
 * Checks an order draft against the market's filters (tick, step, minimum quantity and notional) and the free
 * balance, and works out the notional, the highest possible fee and what the order spends. Exact decimals only.
 */
export function checkOrder(draft: OrderDraft, rules: MarketRules, context: OrderContext): OrderCheck {
  const errors: Partial<Record<OrderField, string>> = {};
  const quoteDigits = rules.quoteDecimals;
  let price: Decimal | undefined;
  if (needsPrice(draft.kind)) [price, errors.price] = checkPrice(draft.price, rules, 'price');
  if (isStopKind(draft.kind)) {
    const [stop, stopError] = checkPrice(draft.stopPrice, rules, 'stop price');
    errors.stopPrice = stopError;
    const last = context.lastPrice ? parseDec(context.lastPrice) : undefined;
    if (stop && last) {
      // The engine refuses a stop whose condition already holds ("would trigger immediately").
      const rise = triggersOnRise(draft.kind, draft.side);
      const holds = rise ? compare(last, stop) >= 0 : compare(last, stop) <= 0;
      if (holds) {
        errors.stopPrice = `This order triggers when the price ${rise ? 'rises' : 'falls'} to the stop price: set it ${rise ? 'above' : 'below'} the last price ${toFixed(last, fractionDigits(rules.tickSize))}.`;
      }
    }
  }

  let quantity: Decimal | undefined;
  let notional: Decimal | undefined;
  if (draft.kind === 'MARKET' && draft.marketBy === 'quote') {
    const amount = parseDec(draft.quoteAmount);
    if (draft.quoteAmount.trim() === '') errors.quoteAmount = 'Enter a total.';
    else if (!amount || isZero(amount)) errors.quoteAmount = 'The total must be a positive number.';
    else if (!isMultipleOf(amount, { units: 1n, scale: quoteDigits })) {
      errors.quoteAmount = `The total can have at most ${quoteDigits} decimals.`;
    } else notional = amount;
  } else {
    [quantity, errors.quantity] = checkQuantity(draft.quantity, rules);
    const reference = draft.kind === 'MARKET' ? context.referencePrices?.[draft.side] : undefined;
    const unitPrice = price ?? (reference ? dec(reference) : undefined);
    if (quantity && unitPrice) notional = mul(unitPrice, quantity);
  }

  const minNotional = dec(rules.minNotional);
  if (notional && compare(notional, minNotional) < 0) {
    const message = `The order total must be at least ${toFixed(minNotional, quoteDigits)} ${rules.quoteAsset}.`;
    if (draft.kind === 'MARKET' && draft.marketBy === 'quote') errors.quoteAmount = message;
    else errors.quantity ??= message;
  }

  const notionalUp = notional ? rescale(notional, quoteDigits, 'up') : undefined;
  const fee = notional ? rescale(mul(notional, dec(context.takerRate)), quoteDigits, 'up') : undefined;
  let spend: OrderCheck['spend'];
  if (draft.side === 'BUY' && notionalUp && fee) {
    spend = { amount: toFixed(add(notionalUp, fee), quoteDigits), asset: rules.quoteAsset };
  } else if (draft.side === 'SELL' && quantity) {
    spend = { amount: toFixed(quantity, rules.baseDecimals), asset: rules.baseAsset };
  }
  if (spend) {
    const free = parseDec(context.available[spend.asset] ?? '0') ?? ZERO;
    if (compare(dec(spend.amount), free) > 0) {
      errors.balance = `Not enough ${spend.asset}: the order needs ${spend.amount}, ${toFixed(free, spend.asset === rules.baseAsset ? rules.baseDecimals : quoteDigits)} is available.`;
    }
  }

  const cleaned = Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined));
  return {
    errors: cleaned,
    notional: notionalUp ? toFixed(notionalUp, quoteDigits) : undefined,
    fee: fee ? toFixed(fee, quoteDigits) : undefined,
    spend,
    ok: Object.keys(cleaned).length === 0,
  };
}

/** The `/api/v1/order` parameters for a checked draft. */
export function orderParams(draft: OrderDraft, symbol: string): Record<string, string> {
  const base = { symbol, side: draft.side, newOrderRespType: 'FULL' };
  switch (draft.kind) {
    case 'LIMIT':
      return {
        ...base,
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: draft.price.trim(),
        quantity: draft.quantity.trim(),
      };
    case 'IOC':
      return {
        ...base,
        type: 'LIMIT',
        timeInForce: 'IOC',
        price: draft.price.trim(),
        quantity: draft.quantity.trim(),
      };
    case 'LIMIT_MAKER':
      return { ...base, type: 'LIMIT_MAKER', price: draft.price.trim(), quantity: draft.quantity.trim() };
    case 'STOP_LOSS_LIMIT':
    case 'TAKE_PROFIT_LIMIT':
      return {
        ...base,
        type: draft.kind,
        timeInForce: 'GTC',
        price: draft.price.trim(),
        stopPrice: draft.stopPrice.trim(),
        quantity: draft.quantity.trim(),
      };
    case 'MARKET':
      return draft.marketBy === 'quote'
        ? { ...base, type: 'MARKET', quoteOrderQty: draft.quoteAmount.trim() }
        : { ...base, type: 'MARKET', quantity: draft.quantity.trim() };
  }
}
