import {
  cancelRestrictionSchema,
  type CancelRestriction,
  type SubmitOrderRequest,
  stpModeSchema,
} from '@exchange/shared-contracts';
import { parseDecimal, priceToTicks, quantityToLots } from '@exchange/shared-domain-money';

import { type RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode, mandatory } from '../binance/binance-error-code';
import { integerValue } from '../binance/integer-value';
import { type TradingMarket } from './market-catalog.repository';

/** The grid maxima `exchangeInfo` advertises (`PRICE_FILTER.maxPrice`, `LOT_SIZE.maxQty`): 10^8 ticks, 10^7 lots. */
const MAX_TICKS = 100_000_000;
const MAX_LOTS = 10_000_000;

const DECIMAL = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
const CLIENT_ORDER_ID = /^[A-Za-z0-9._:-]{1,36}$/;
const ORDER_ID = /^[1-9][0-9]{0,18}$/;

export type OrderResponseType = 'ACK' | 'RESULT' | 'FULL';

/** The order types `POST /order` takes (exchangeInfo lists the same). */
export const ORDER_TYPES = [
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
] as const;

/** exchangeInfo's `allowedSelfTradePreventionModes`: what the engine does when an order meets its user's own. */
const STP_MODES = stpModeSchema.options;

/** A new order as the wallet takes it (without the user), and how the client wants the answer. */
export interface NewOrder {
  order: Omit<SubmitOrderRequest, 'userId' | 'clientOrderId'> & { clientOrderId?: string };
  responseType: OrderResponseType;
}

/** The parameters `POST /order` accepts (Binance's names; the others we do not support are refused). */
export const NEW_ORDER_PARAMS = [
  'symbol',
  'side',
  'type',
  'timeInForce',
  'quantity',
  'quoteOrderQty',
  'price',
  'stopPrice',
  'newClientOrderId',
  'newOrderRespType',
  'selfTradePreventionMode',
] as const;

const notRequired = (name: string) =>
  new BinanceApiError(BinanceErrorCode.PARAM_NOT_REQUIRED, `Parameter '${name}' sent when not required.`);

const filterFailure = (filter: string) =>
  new BinanceApiError(BinanceErrorCode.INVALID_MESSAGE, `Filter failure: ${filter}`);

/** `symbol`, required and well formed (-1102); whether we list it is the catalogue's to say (-1121). */
export function symbolParam(params: RequestParams): string {
  const symbol = params.get('symbol');
  if (symbol === undefined || !/^[A-Z0-9]{2,24}$/.test(symbol)) throw mandatory('symbol');
  return symbol;
}

/** A decimal parameter in Binance's accepted form, or -1100. */
export function decimalParam(params: RequestParams, name: string): string | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!DECIMAL.test(value)) {
    throw new BinanceApiError(
      BinanceErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`,
    );
  }
  return value;
}

function enumParam<T extends string>(
  params: RequestParams,
  name: string,
  values: readonly T[],
  /** Made only when thrown: an error captures its stack when constructed, a cost every order would pay. */
  invalid: () => BinanceApiError,
): T | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) throw invalid();
  return value as T;
}

/**
 * A client's own id (`newClientOrderId` of an order, an amend or a cancel; `cancelNewClientOrderId`): Binance's
 * characters, 1 to 36 of them, or -1100 naming the parameter.
 */
export function clientIdParam(params: RequestParams, name: string): string | undefined {
  const id = params.get(name);
  if (id !== undefined && !CLIENT_ORDER_ID.test(id)) {
    throw new BinanceApiError(
      BinanceErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter '${name}'; legal range is '^[A-Za-z0-9._:-]{1,36}$'.`,
    );
  }
  return id;
}

/**
 * An order named by `orderId` (our public order number) or `origClientOrderId`. When both are sent, `orderId` names
 * the order (Binance's rule); either way each one sent must be well formed: a malformed `origClientOrderId` beside a
 * good `orderId` is refused, not ignored (a cancel carrying it used to cancel the order).
 */
export function orderRefParams(
  params: RequestParams,
  names: { orderId: string; clientOrderId: string } = {
    orderId: 'orderId',
    clientOrderId: 'origClientOrderId',
  },
): { orderNo?: string; clientOrderId?: string } {
  const orderId = params.get(names.orderId);
  const clientOrderId = params.get(names.clientOrderId);
  if (orderId === undefined && clientOrderId === undefined) {
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      `Param '${names.clientOrderId}' or '${names.orderId}' must be sent, but both were empty/null!`,
    );
  }
  if (orderId !== undefined && !ORDER_ID.test(orderId)) throw mandatory(names.orderId);
  if (clientOrderId !== undefined && !CLIENT_ORDER_ID.test(clientOrderId))
    throw mandatory(names.clientOrderId);
  return orderId !== undefined ? { orderNo: orderId } : { clientOrderId };
}

/** `POST /order/cancelReplace`: what to do when the cancel fails (stop, or place the new order anyway). */
export type CancelReplaceMode = 'STOP_ON_FAILURE' | 'ALLOW_FAILURE';

/**
 * `POST /order/cancelReplace`'s `orderRateLimitExceededMode`: past the account's order-count limits do nothing at all
 * (-1015, Binance's default) or still cancel the order (the new order fails with -1015).
 */
export const ORDER_RATE_LIMIT_EXCEEDED_MODES = ['DO_NOTHING', 'CANCEL_ONLY'] as const;
export type OrderRateLimitExceededMode = (typeof ORDER_RATE_LIMIT_EXCEEDED_MODES)[number];

/** The parameters `POST /order/cancelReplace` accepts: the new order's, the order to cancel, and the modes. */
export const CANCEL_REPLACE_PARAMS = [
  ...NEW_ORDER_PARAMS,
  'cancelReplaceMode',
  'cancelOrderId',
  'cancelOrigClientOrderId',
  'cancelNewClientOrderId',
  'cancelRestrictions',
  'orderRateLimitExceededMode',
] as const;

export function parseCancelReplace(params: RequestParams): {
  mode: CancelReplaceMode;
  cancelRef: { orderNo?: string; clientOrderId?: string };
  cancelClientId?: string;
  restriction?: CancelRestriction;
  rateLimitMode?: OrderRateLimitExceededMode;
} {
  const mode = params.get('cancelReplaceMode');
  if (mode === undefined) throw mandatory('cancelReplaceMode');
  if (mode !== 'STOP_ON_FAILURE' && mode !== 'ALLOW_FAILURE') {
    throw new BinanceApiError(
      BinanceErrorCode.INVALID_PARAMETER,
      "Invalid value for parameter 'cancelReplaceMode'.",
    );
  }
  const cancelRef = orderRefParams(params, {
    orderId: 'cancelOrderId',
    clientOrderId: 'cancelOrigClientOrderId',
  });
  const cancelClientId = clientIdParam(params, 'cancelNewClientOrderId');
  const restriction = cancelRestrictionParam(params);
  const rateLimitMode = enumParam(
    params,
    'orderRateLimitExceededMode',
    ORDER_RATE_LIMIT_EXCEEDED_MODES,
    () =>
      new BinanceApiError(
        BinanceErrorCode.INVALID_PARAMETER,
        "Invalid value for parameter 'orderRateLimitExceededMode'.",
      ),
  );
  return {
    mode,
    cancelRef,
    ...(cancelClientId !== undefined && { cancelClientId }),
    ...(restriction !== undefined && { restriction }),
    ...(rateLimitMode !== undefined && { rateLimitMode }),
  };
}

/**
 * `cancelRestrictions` of a cancel (`DELETE /order`, cancelReplace): `ONLY_NEW` cancels the order only if nothing of
 * it has traded, `ONLY_PARTIALLY_FILLED` only if some has; -1130 for anything else.
 */
export function cancelRestrictionParam(params: RequestParams): CancelRestriction | undefined {
  return enumParam(
    params,
    'cancelRestrictions',
    cancelRestrictionSchema.options,
    () =>
      new BinanceApiError(
        BinanceErrorCode.INVALID_PARAMETER,
        "Invalid value for parameter 'cancelRestrictions'.",
      ),
  );
}

/**
 * Reads and checks a new order against the market's filters the way Binance does, so that a bad order gets its
 * Binance code here and never reaches the wallet: -1102 for what is missing, -1106 for what the type does not
 * take, -1100 for malformed numbers, -1013 `Filter failure: PRICE_FILTER | LOT_SIZE | NOTIONAL`. Stop orders
 * (`STOP_LOSS_LIMIT`, `TAKE_PROFIT_LIMIT`, and the market `STOP_LOSS`, `TAKE_PROFIT` for sells) need `stopPrice`,
 * checked against PRICE_FILTER like a price.
 */
export function parseNewOrder(params: RequestParams, market: TradingMarket): NewOrder {
  const side = enumParam(
    params,
    'side',
    ['BUY', 'SELL'] as const,
    () => new BinanceApiError(BinanceErrorCode.INVALID_SIDE, 'Invalid side.'),
  );
  if (!side) throw mandatory('side');
  const type = enumParam(
    params,
    'type',
    ORDER_TYPES,
    () => new BinanceApiError(BinanceErrorCode.INVALID_ORDER_TYPE, 'Invalid orderType.'),
  );
  if (!type) throw mandatory('type');
  const timeInForce = enumParam(
    params,
    'timeInForce',
    ['GTC', 'IOC', 'FOK'] as const,
    () => new BinanceApiError(BinanceErrorCode.INVALID_TIF, 'Invalid timeInForce.'),
  );
  const isStopLimit = type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT';
  const isStopMarket = type === 'STOP_LOSS' || type === 'TAKE_PROFIT';
  // Binance's default: FULL for LIMIT and MARKET orders, ACK for the others.
  const responseType =
    enumParam(
      params,
      'newOrderRespType',
      ['ACK', 'RESULT', 'FULL'] as const,
      () =>
        new BinanceApiError(
          BinanceErrorCode.INVALID_PARAMETER,
          "Invalid value for parameter 'newOrderRespType'.",
        ),
    ) ?? (type === 'LIMIT' || type === 'MARKET' ? 'FULL' : 'ACK');
  // Left out: exchangeInfo's defaultSelfTradePreventionMode, NONE.
  const stpMode = enumParam(
    params,
    'selfTradePreventionMode',
    STP_MODES,
    () =>
      new BinanceApiError(
        BinanceErrorCode.INVALID_PARAMETER,
        "Invalid value for parameter 'selfTradePreventionMode'.",
      ),
  );
  const clientOrderId = clientIdParam(params, 'newClientOrderId');
  const price = decimalParam(params, 'price');
  const quantity = decimalParam(params, 'quantity');
  const quoteOrderQty = decimalParam(params, 'quoteOrderQty');
  const stopPrice = decimalParam(params, 'stopPrice');

  if (isStopLimit || isStopMarket) {
    if (stopPrice === undefined) throw mandatory('stopPrice');
  } else if (stopPrice !== undefined) {
    throw notRequired('stopPrice');
  }

  if (isStopMarket) {
    if (price !== undefined) throw notRequired('price');
    if (timeInForce !== undefined) throw notRequired('timeInForce');
    if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
    if (quantity === undefined) throw mandatory('quantity');
    // Held up front like a MARKET order: a buy by base quantity has no bounded cost.
    if (side === 'BUY') {
      throw new BinanceApiError(
        BinanceErrorCode.INVALID_MESSAGE,
        `${type} BUY orders are not supported on this venue; use ${type}_LIMIT.`,
      );
    }
  } else if (type === 'MARKET') {
    if (price !== undefined) throw notRequired('price');
    if (timeInForce !== undefined) throw notRequired('timeInForce');
    if (quantity === undefined && quoteOrderQty === undefined) throw mandatory('quantity');
    if (quantity !== undefined && quoteOrderQty !== undefined) {
      throw new BinanceApiError(
        BinanceErrorCode.INVALID_MESSAGE,
        'Only one of quantity or quoteOrderQty may be sent for a MARKET order.',
      );
    }
    // The wallet holds a market buy's spend up front, so it must know it: buys by quote, sells by base.
    if (side === 'BUY' && quoteOrderQty === undefined) {
      throw new BinanceApiError(
        BinanceErrorCode.INVALID_MESSAGE,
        'MARKET BUY orders must be sized with quoteOrderQty on this venue.',
      );
    }
    if (side === 'SELL' && quantity === undefined) {
      throw new BinanceApiError(
        BinanceErrorCode.INVALID_MESSAGE,
        'MARKET SELL orders must be sized with quantity on this venue.',
      );
    }
  } else {
    if (quoteOrderQty !== undefined) throw notRequired('quoteOrderQty');
    if ((type === 'LIMIT' || isStopLimit) && timeInForce === undefined) throw mandatory('timeInForce');
    if (type === 'LIMIT_MAKER' && timeInForce !== undefined) throw notRequired('timeInForce');
    if (quantity === undefined) throw mandatory('quantity');
    if (price === undefined) throw mandatory('price');
  }

  const { scale } = market;
  let ticks: number | undefined;
  if (price !== undefined) {
    const parsed = priceToTicks(scale, price);
    if (!parsed.ok || parsed.value > MAX_TICKS) throw filterFailure('PRICE_FILTER');
    ticks = parsed.value;
  }
  if (stopPrice !== undefined) {
    const parsed = priceToTicks(scale, stopPrice);
    if (!parsed.ok || parsed.value > MAX_TICKS) throw filterFailure('PRICE_FILTER');
  }
  if (quantity !== undefined) {
    const lots = quantityToLots(scale, quantity);
    if (!lots.ok || lots.value > MAX_LOTS) throw filterFailure('LOT_SIZE');
    const units = parseDecimal(quantity, scale.base.decimals);
    const minQty = parseDecimal(market.market.minQty, scale.base.decimals, { allowExcessZeros: true });
    if (!units.ok || !minQty.ok || units.value < minQty.value) throw filterFailure('LOT_SIZE');
    if (ticks !== undefined) {
      const notional = BigInt(ticks) * BigInt(lots.value) * scale.quoteUnitsPerTickLot;
      if (notional < minNotionalUnits(market)) throw filterFailure('NOTIONAL');
    }
  }
  if (quoteOrderQty !== undefined) {
    const units = parseDecimal(quoteOrderQty, scale.quote.decimals);
    if (!units.ok || units.value === 0n) throw filterFailure('NOTIONAL');
    if (units.value < minNotionalUnits(market)) throw filterFailure('NOTIONAL');
  }

  return {
    order: {
      symbol: market.market.symbol,
      side,
      type,
      ...(timeInForce !== undefined && { timeInForce }),
      ...(price !== undefined && { price }),
      ...(stopPrice !== undefined && { stopPrice }),
      ...(quantity !== undefined && { quantity }),
      ...(quoteOrderQty !== undefined && { quoteOrderQty }),
      ...(clientOrderId !== undefined && { clientOrderId }),
      ...(stpMode !== undefined && stpMode !== 'NONE' && { selfTradePreventionMode: stpMode }),
    },
    responseType,
  };
}

function minNotionalUnits(market: TradingMarket): bigint {
  const min = parseDecimal(market.market.minNotional, market.scale.quote.decimals, {
    allowExcessZeros: true,
  });
  if (!min.ok) throw new Error(`market ${market.market.symbol} has a bad minNotional`);
  return min.value;
}

/** An optional integer parameter within `range`: -1100 when not digits, -1102 when out of range. */
export function integerParam(
  params: RequestParams,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  return integerValue(name, params.get(name), range);
}

/**
 * An optional boolean parameter (`omitZeroBalances`, `includeSource`): `true` or `false` in any case, as Binance
 * takes them; anything else is -1100 (before, any other value read as false and answered 200).
 */
export function booleanParam(params: RequestParams, name: string): boolean | undefined {
  const value = params.flag(name);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw new BinanceApiError(
      BinanceErrorCode.ILLEGAL_CHARS,
      `Illegal characters found in parameter '${name}'; legal range is '^(true|false)$'.`,
    );
  }
  return lower === 'true';
}

/**
 * The amend parameters (`PUT /order/amend/keepPriority`): the order, `newQty` (the new total quantity, on the
 * market's step: -1013 LOT_SIZE otherwise) and `newClientOrderId` (used as the amend's idempotency key).
 */
export function parseAmend(
  params: RequestParams,
  market: TradingMarket,
): { ref: { orderNo?: string; clientOrderId?: string }; newQty: string; amendKey?: string } {
  const ref = orderRefParams(params);
  const newQty = decimalParam(params, 'newQty');
  if (newQty === undefined) throw mandatory('newQty');
  const lots = quantityToLots(market.scale, newQty);
  if (!lots.ok || lots.value > MAX_LOTS) throw filterFailure('LOT_SIZE');
  const amendKey = clientIdParam(params, 'newClientOrderId');
  return { ref, newQty, ...(amendKey !== undefined && { amendKey }) };
}
