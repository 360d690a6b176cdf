import {
  err,
  fillQuoteUnits,
  lotsToBaseUnits,
  ok,
  type Result,
  withFeeHeadroom,
} from '@exchange/shared-domain-money';

import { availableAccount, heldAccount, USER_ID_PATTERN } from './account-key.model';
import { type JournalTransaction, JournalTransactionBuilder } from './journal-transaction.builder';
import { type Market } from './market.model';
import { WalletErrorCode } from './wallet-error-code.enum';

/**
 * What an order asks for, in the market's integers. A market buy is by quote amount (Binance
 * `quoteOrderQty`); a market buy by base quantity has no bounded cost, so intake must turn it into a
 * LIMIT (IOC) at a protection price, or into a quote amount, before it reaches the ledger.
 */
export type OrderSpec =
  | { readonly side: 'BUY'; readonly type: 'LIMIT'; readonly limitTicks: number; readonly lots: number }
  | { readonly side: 'BUY'; readonly type: 'MARKET'; readonly quoteUnits: bigint }
  | { readonly side: 'SELL'; readonly type: 'LIMIT'; readonly limitTicks: number; readonly lots: number }
  | { readonly side: 'SELL'; readonly type: 'MARKET'; readonly lots: number };

/** The ledger's view of an open order: enough to know what its hold must still cover. */
export interface OpenOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly market: Market;
  readonly spec: OrderSpec;
  /** Taker rate at placement, used for the fee headroom of buys for the whole life of the order. */
  readonly headroomPpm: number;
  readonly filledLots: number;
  readonly spentQuoteUnits: bigint;
}

export interface NewOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly market: Market;
  readonly spec: OrderSpec;
}

const ORDER_ID_PATTERN = /^[\x21-\x7e]{1,100}$/;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function validateSpec(spec: OrderSpec): Result<OrderSpec, WalletErrorCode> {
  if (spec?.side !== 'BUY' && spec?.side !== 'SELL') {
    return err(WalletErrorCode.INVALID_ORDER, 'side must be BUY or SELL');
  }
  if (spec.type === 'LIMIT') {
    if (!isCount(spec.limitTicks) || !isCount(spec.lots)) {
      return err(
        WalletErrorCode.INVALID_ORDER,
        'a limit order needs positive safe-integer limitTicks and lots',
      );
    }
    return ok(Object.freeze({ ...spec }));
  }
  if (spec.type === 'MARKET') {
    if (spec.side === 'BUY') {
      if (typeof spec.quoteUnits !== 'bigint' || spec.quoteUnits <= 0n) {
        return err(WalletErrorCode.INVALID_ORDER, 'a market buy needs a positive quoteUnits budget');
      }
      return ok(Object.freeze({ ...spec }));
    }
    if (!isCount(spec.lots)) return err(WalletErrorCode.INVALID_ORDER, 'a market sell needs positive lots');
    return ok(Object.freeze({ ...spec }));
  }
  return err(WalletErrorCode.UNSUPPORTED_ORDER, 'order type must be LIMIT or MARKET');
}

/** Validates a new order and gives its ledger view, with nothing filled yet. */
export function openOrder(order: NewOrder): Result<OpenOrder, WalletErrorCode> {
  if (typeof order.orderId !== 'string' || !ORDER_ID_PATTERN.test(order.orderId)) {
    return err(WalletErrorCode.INVALID_ORDER, 'order id must be 1..100 printable ASCII characters');
  }
  if (typeof order.userId !== 'string' || !USER_ID_PATTERN.test(order.userId)) {
    return err(WalletErrorCode.INVALID_ORDER, `user id must match ${USER_ID_PATTERN}`);
  }
  const spec = validateSpec(order.spec);
  if (!spec.ok) return spec;
  return ok(
    Object.freeze({
      orderId: order.orderId,
      userId: order.userId,
      market: order.market,
      spec: spec.value,
      headroomPpm: order.market.fees.takerPpm,
      filledLots: 0,
      spentQuoteUnits: 0n,
    }),
  );
}

/** The asset an order holds: quote for buys, base for sells. */
export function holdAsset(order: OpenOrder): string {
  return order.spec.side === 'BUY' ? order.market.scale.quote.code : order.market.scale.base.code;
}

/** Lots still to fill, for orders sized in lots (all but market buys). */
export function remainingLots(order: OpenOrder): number {
  return order.spec.type === 'MARKET' && order.spec.side === 'BUY' ? 0 : order.spec.lots - order.filledLots;
}

/**
 * What the order's hold must still cover, in minor units of `holdAsset(order)`:
 * - buy LIMIT: q = limit × remaining lots in quote, plus taker-fee headroom ceil(q × rate / 1e6)
 * - buy MARKET by quote: r = unspent budget, plus headroom ceil(r × rate / 1e6)
 * - sell (LIMIT or MARKET): remaining lots in base
 * Settlement takes fees from the asset received, so the headroom is never spent: it is released
 * step by step as the order fills and in full when it ends. It is kept so that a fee policy that
 * charges buyers in quote can be introduced without changing holds.
 */
export function remainingNeed(order: OpenOrder): bigint {
  const { spec, market } = order;
  if (spec.side === 'SELL') return lotsToBaseUnits(market.scale, spec.lots - order.filledLots);
  if (spec.type === 'LIMIT') {
    return withFeeHeadroom(
      fillQuoteUnits(market.scale, spec.limitTicks, spec.lots - order.filledLots),
      order.headroomPpm,
    );
  }
  return withFeeHeadroom(spec.quoteUnits - order.spentQuoteUnits, order.headroomPpm);
}

/**
 * The lots an open order could still take from a resting order at `priceTicks`: its remaining lots, or for a market
 * buy sized by quote the whole lots its remaining quote buys at that price (as the engine caps such a taker).
 */
export function lotsTakeableAt(order: OpenOrder, priceTicks: number): number {
  const { spec, market } = order;
  if ('lots' in spec) return remainingLots(order);
  const tickLots = (spec.quoteUnits - order.spentQuoteUnits) / market.scale.quoteUnitsPerTickLot;
  return Number(tickLots / BigInt(priceTicks));
}

/** The order after a fill of `lots` at `priceTicks` (no checks: settlement checks first). */
export function recordFill(order: OpenOrder, priceTicks: number, lots: number): OpenOrder {
  return Object.freeze({
    ...order,
    filledLots: order.filledLots + lots,
    spentQuoteUnits: order.spentQuoteUnits + fillQuoteUnits(order.market.scale, priceTicks, lots),
  });
}

/** Moves what a new order needs from the user's available to held balance (`order-hold:<orderId>`). */
export function buildOrderHold(order: OpenOrder): Result<JournalTransaction, WalletErrorCode> {
  const asset = holdAsset(order);
  return new JournalTransactionBuilder(`order-hold:${order.orderId}`, 'ORDER_HOLD')
    .transfer(availableAccount(order.userId, asset), heldAccount(order.userId, asset), remainingNeed(order))
    .build();
}

/**
 * When an order ends (filled, cancelled, expired, rejected), returns what its hold still covers to
 * the available balance (`order-release:<orderId>`). `undefined` when nothing is left to release.
 */
export function buildOrderRelease(order: OpenOrder): Result<JournalTransaction | undefined, WalletErrorCode> {
  const amount = remainingNeed(order);
  if (amount === 0n) return ok(undefined);
  const asset = holdAsset(order);
  return new JournalTransactionBuilder(`order-release:${order.orderId}`, 'ORDER_RELEASE')
    .transfer(heldAccount(order.userId, asset), availableAccount(order.userId, asset), amount)
    .build();
}
