import { type EngineCommand, type SubmitOrderRequest, WALLET_RPC_ERRORS } from '@exchange/shared-contracts';
import {
  fillQuoteUnits,
  lotsToBaseUnits,
  MoneyErrorCode,
  parseDecimal,
  priceToTicks,
  quantityToLots,
} from '@exchange/shared-domain-money';
import { type OrderSpec, WalletErrorCode } from '@exchange/wallet-domain';

import { WalletError } from '../errors/wallet.error';
import { type MarketRecord } from '../reference/reference-data.repository';

/** Largest amount the ledger stores (numeric(38,0) leaves headroom above this). */
export const MAX_AMOUNT_UNITS = 10n ** 30n - 1n;

type PlaceFields = Pick<
  Extract<EngineCommand, { type: 'place' }>,
  'side' | 'orderType' | 'timeInForce' | 'price' | 'stopPrice' | 'quantity' | 'quoteQuantity'
>;

const STOP_LIMIT_TYPES = ['STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'] as const;
const STOP_MARKET_TYPES = ['STOP_LOSS', 'TAKE_PROFIT'] as const;

export interface OrderPlan {
  /** The ledger's view of what the order may spend. */
  spec: OrderSpec;
  /** The engine command's order fields, in ticks and lots (`quoteQuantity` in tick-lots). */
  engine: PlaceFields;
}

function must<T>(
  result: { ok: true; value: T } | { ok: false; code: number; message: string },
  field: string,
): T {
  if (!result.ok) throw new WalletError(result.code, `${field}: ${result.message}`);
  return result.value;
}

function forbid(request: SubmitOrderRequest, fields: (keyof SubmitOrderRequest)[], why: string): void {
  for (const field of fields) {
    if (request[field] !== undefined)
      throw new WalletError(WALLET_RPC_ERRORS.VALIDATION_FAILED, `${field}: ${why}`);
  }
}

function need<T>(value: T | undefined, field: string, why: string): T {
  if (value === undefined) throw new WalletError(WALLET_RPC_ERRORS.VALIDATION_FAILED, `${field}: ${why}`);
  return value;
}

/**
 * Turns a submit request into the order's ledger spec and engine fields, applying the market's filters
 * (tick, step, minQty, minNotional) exactly. Throws `WalletError` with the failing rule's code.
 */
export function planOrder(request: SubmitOrderRequest, record: MarketRecord): OrderPlan {
  const { scale } = record.market;
  const { side, type } = request;
  const isStopLimit = (STOP_LIMIT_TYPES as readonly string[]).includes(type);
  const isStopMarket = (STOP_MARKET_TYPES as readonly string[]).includes(type);
  if (!isStopLimit && !isStopMarket) forbid(request, ['stopPrice'], `not allowed on a ${type} order`);
  // A stop order holds what the order it becomes at its trigger holds: a stop-limit the limit order's funds
  // (quote with taker-fee headroom for a buy, base for a sell), a stop-market sell its base.
  const stopTicks = (): number =>
    must(
      priceToTicks(scale, need(request.stopPrice, 'stopPrice', `required on a ${type} order`)),
      'stopPrice',
    );

  if (isStopMarket) {
    forbid(request, ['price', 'timeInForce', 'quoteOrderQty'], `not allowed on a ${type} order`);
    if (side === 'BUY') {
      throw new WalletError(
        WalletErrorCode.UNSUPPORTED_ORDER,
        `a ${type} buy is not taken (a market buy by base quantity has no bounded cost); use ${type}_LIMIT`,
      );
    }
    const stopPrice = stopTicks();
    const lots = must(
      quantityToLots(scale, need(request.quantity, 'quantity', `required on a ${type} order`)),
      'quantity',
    );
    checkMinQty(record, lots);
    return {
      spec: { side, type: 'MARKET', lots },
      engine: { side, orderType: type as (typeof STOP_MARKET_TYPES)[number], stopPrice, quantity: lots },
    };
  }

  if (type === 'LIMIT' || type === 'LIMIT_MAKER' || isStopLimit) {
    forbid(request, ['quoteOrderQty'], `not allowed on a ${type} order`);
    if (type === 'LIMIT_MAKER') forbid(request, ['timeInForce'], 'a LIMIT_MAKER order has none');
    const stopPrice = isStopLimit ? stopTicks() : undefined;
    const ticks = must(
      priceToTicks(scale, need(request.price, 'price', `required on a ${type} order`)),
      'price',
    );
    const lots = must(
      quantityToLots(scale, need(request.quantity, 'quantity', `required on a ${type} order`)),
      'quantity',
    );
    checkMinQty(record, lots);
    const notional = fillQuoteUnits(scale, ticks, lots);
    checkMinNotional(record, notional);
    if (notional > MAX_AMOUNT_UNITS) {
      throw new WalletError(
        MoneyErrorCode.AMOUNT_OUT_OF_RANGE,
        'price × quantity is beyond the ledger range',
      );
    }
    return {
      spec: { side, type: 'LIMIT', limitTicks: ticks, lots },
      engine: {
        side,
        orderType: type,
        timeInForce: type === 'LIMIT_MAKER' ? undefined : (request.timeInForce ?? 'GTC'),
        price: ticks,
        ...(stopPrice !== undefined && { stopPrice }),
        quantity: lots,
      },
    };
  }

  forbid(request, ['price', 'timeInForce'], 'not allowed on a MARKET order');
  if (side === 'SELL') {
    forbid(request, ['quoteOrderQty'], 'a MARKET sell is sized by quantity');
    const lots = must(
      quantityToLots(scale, need(request.quantity, 'quantity', 'required on a MARKET sell')),
      'quantity',
    );
    checkMinQty(record, lots);
    return { spec: { side, type: 'MARKET', lots }, engine: { side, orderType: 'MARKET', quantity: lots } };
  }

  if (request.quantity !== undefined) {
    throw new WalletError(
      WalletErrorCode.UNSUPPORTED_ORDER,
      'a MARKET buy is sized by quoteOrderQty (a base quantity has no bounded cost)',
    );
  }
  const quoteUnits = must(
    parseDecimal(
      need(request.quoteOrderQty, 'quoteOrderQty', 'required on a MARKET buy'),
      scale.quote.decimals,
      {
        allowExcessZeros: true,
        max: MAX_AMOUNT_UNITS,
      },
    ),
    'quoteOrderQty',
  );
  if (quoteUnits === 0n) throw new WalletError(MoneyErrorCode.NOT_POSITIVE, 'quoteOrderQty must be positive');
  if (quoteUnits % scale.quoteUnitsPerTickLot !== 0n) {
    throw new WalletError(
      WALLET_RPC_ERRORS.QUOTE_NOT_ON_GRID,
      `quoteOrderQty must be a multiple of ${scale.quoteUnitsPerTickLot} ${scale.quote.code} minor units`,
    );
  }
  const tickLots = quoteUnits / scale.quoteUnitsPerTickLot;
  if (tickLots > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new WalletError(MoneyErrorCode.AMOUNT_OUT_OF_RANGE, 'quoteOrderQty is beyond the engine range');
  }
  checkMinNotional(record, quoteUnits);
  return {
    spec: { side, type: 'MARKET', quoteUnits },
    engine: { side, orderType: 'MARKET', quoteQuantity: Number(tickLots) },
  };
}

function checkMinQty(record: MarketRecord, lots: number): void {
  if (lotsToBaseUnits(record.market.scale, lots) < record.minQtyUnits) {
    throw new WalletError(WALLET_RPC_ERRORS.BELOW_MIN_QTY, `quantity is below the market's minQty`);
  }
}

function checkMinNotional(record: MarketRecord, quoteUnits: bigint): void {
  if (quoteUnits < record.minNotionalUnits) {
    throw new WalletError(
      WALLET_RPC_ERRORS.BELOW_MIN_NOTIONAL,
      `order value is below the market's minNotional`,
    );
  }
}
