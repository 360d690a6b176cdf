import { err, feeFor, fillQuoteUnits, lotsToBaseUnits, ok, type Result } from '@exchange/shared-domain-money';

import { availableAccount, heldAccount, venueAccount } from './account-key.model';
import {
  checkTrustedParts,
  type JournalTransaction,
  JournalTransactionBuilder,
} from './journal-transaction.builder';
import { type OpenOrder, recordFill, remainingLots, remainingNeed } from './order-hold.policy';
import { WalletErrorCode } from './wallet-error-code.enum';

export type Side = 'BUY' | 'SELL';

export interface Trade {
  /** Unique per market; the transaction id is `trade:<symbol>:<tradeId>`. */
  readonly tradeId: string | number;
  readonly priceTicks: number;
  readonly lots: number;
  /** The side of the incoming (taker) order; the other order is the maker. */
  readonly takerSide: Side;
  /** The buy order as it stood before this trade. */
  readonly buyOrder: OpenOrder;
  /** The sell order as it stood before this trade. */
  readonly sellOrder: OpenOrder;
}

export interface TradeSettlement {
  readonly transaction: JournalTransaction;
  /** The orders after this trade, to keep for the next one. */
  readonly buyOrder: OpenOrder;
  readonly sellOrder: OpenOrder;
  /** Quote paid by the buyer to the seller, before the seller's fee. */
  readonly quoteUnits: bigint;
  /** Base paid by the seller to the buyer, before the buyer's fee. */
  readonly baseUnits: bigint;
  /** The buyer's fee, in base (the asset the buyer receives). */
  readonly buyerFee: bigint;
  /** The seller's fee, in quote (the asset the seller receives). */
  readonly sellerFee: bigint;
  /** (limit − price) × lots in quote, returned to the buyer's available balance. */
  readonly priceImprovement: bigint;
  /** Everything returned from the buyer's hold: price improvement plus fee headroom no longer needed. */
  readonly buyerRelease: bigint;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function check(trade: Trade): Result<Trade, WalletErrorCode> {
  const { buyOrder, sellOrder, priceTicks, lots } = trade;
  if (!isCount(priceTicks) || !isCount(lots)) {
    return err(WalletErrorCode.INVALID_TRADE, 'priceTicks and lots must be positive safe integers');
  }
  if (trade.takerSide !== 'BUY' && trade.takerSide !== 'SELL') {
    return err(WalletErrorCode.INVALID_TRADE, 'takerSide must be BUY or SELL');
  }
  if (buyOrder.spec.side !== 'BUY' || sellOrder.spec.side !== 'SELL') {
    return err(WalletErrorCode.SIDE_MISMATCH, 'buyOrder must be a buy and sellOrder a sell');
  }
  if (buyOrder.market.symbol !== sellOrder.market.symbol) {
    return err(
      WalletErrorCode.MARKET_MISMATCH,
      `${buyOrder.market.symbol} order against ${sellOrder.market.symbol}`,
    );
  }
  if (sellOrder.spec.lots - sellOrder.filledLots < lots) {
    return err(WalletErrorCode.OVERFILL, `sell order ${sellOrder.orderId} has fewer than ${lots} lots left`);
  }
  if (sellOrder.spec.type === 'LIMIT' && priceTicks < sellOrder.spec.limitTicks) {
    return err(
      WalletErrorCode.PRICE_OUTSIDE_LIMIT,
      `price below the limit of sell order ${sellOrder.orderId}`,
    );
  }
  if (buyOrder.spec.type === 'LIMIT') {
    if (remainingLots(buyOrder) < lots) {
      return err(WalletErrorCode.OVERFILL, `buy order ${buyOrder.orderId} has fewer than ${lots} lots left`);
    }
    if (priceTicks > buyOrder.spec.limitTicks) {
      return err(
        WalletErrorCode.PRICE_OUTSIDE_LIMIT,
        `price above the limit of buy order ${buyOrder.orderId}`,
      );
    }
  } else if (
    fillQuoteUnits(buyOrder.market.scale, priceTicks, lots) >
    buyOrder.spec.quoteUnits - buyOrder.spentQuoteUnits
  ) {
    return err(
      WalletErrorCode.QUOTE_BUDGET_EXCEEDED,
      `buy order ${buyOrder.orderId} cannot pay for this fill`,
    );
  }
  return ok(trade);
}

/**
 * Turns one trade into one balanced journal transaction:
 * 1. buyer's held quote -> seller's available quote (price × quantity, exact)
 * 2. seller's held base -> buyer's available base
 * 3. fees, maker or taker rate by role, in the asset each side receives, rounded up, to `FEES`
 * 4. buyer's held quote -> buyer's available quote: the hold no longer needed (price improvement
 *    against a limit, and the fee headroom of the filled part), so that afterwards the buyer's hold
 *    equals `remainingNeed` of the updated order exactly.
 * A self-trade (same user on both sides) settles the same way.
 */
export function settleTrade(trade: Trade): Result<TradeSettlement, WalletErrorCode> {
  const checked = check(trade);
  if (!checked.ok) return checked;
  const { buyOrder, sellOrder, priceTicks, lots } = trade;
  const { scale, fees, symbol } = buyOrder.market;
  const base = scale.base.code;
  const quote = scale.quote.code;

  const quoteUnits = fillQuoteUnits(scale, priceTicks, lots);
  const baseUnits = lotsToBaseUnits(scale, lots);
  const buyerFee = feeFor(baseUnits, trade.takerSide === 'BUY' ? fees.takerPpm : fees.makerPpm);
  const sellerFee = feeFor(quoteUnits, trade.takerSide === 'SELL' ? fees.takerPpm : fees.makerPpm);

  const buyAfter = recordFill(buyOrder, priceTicks, lots);
  const sellAfter = recordFill(sellOrder, priceTicks, lots);
  const buyerRelease = remainingNeed(buyOrder) - remainingNeed(buyAfter) - quoteUnits;
  const priceImprovement =
    buyOrder.spec.type === 'LIMIT' ? fillQuoteUnits(scale, buyOrder.spec.limitTicks - priceTicks, lots) : 0n;

  const buyer = buyOrder.userId;
  const seller = sellOrder.userId;
  const id = `trade:${symbol}:${trade.tradeId}`;
  const parts = checkTrustedParts(id, [buyer, seller], [base, quote]);
  if (!parts.ok) return parts;
  const transaction = JournalTransactionBuilder.trusted(id, 'TRADE')
    .transfer(heldAccount(buyer, quote), availableAccount(seller, quote), quoteUnits)
    .transfer(heldAccount(seller, base), availableAccount(buyer, base), baseUnits)
    .transfer(availableAccount(buyer, base), venueAccount('FEES', base), buyerFee)
    .transfer(availableAccount(seller, quote), venueAccount('FEES', quote), sellerFee)
    .transfer(heldAccount(buyer, quote), availableAccount(buyer, quote), buyerRelease)
    .build();
  if (!transaction.ok) return transaction;

  return ok({
    transaction: transaction.value,
    buyOrder: buyAfter,
    sellOrder: sellAfter,
    quoteUnits,
    baseUnits,
    buyerFee,
    sellerFee,
    priceImprovement,
    buyerRelease,
  });
}
