import { z } from 'zod';

import {
  walletMarketSymbolSchema,
  walletOrderNoSchema,
  walletPageLimitSchema,
  walletSafeIntegerSchema,
  walletUserIdSchema,
} from './common.schema';

const ms = walletSafeIntegerSchema;

/**
 * One match that self-trade prevention stopped (Binance's `myPreventedMatches` row): the taker, the resting order it
 * met (both the user's), the taker's mode and the resting order's price. Quantities are decimal strings in the base
 * asset's decimals, the price in the quote's.
 */
export const walletPreventedMatchViewSchema = z.object({
  symbol: z.string(),
  /** The engine sequence of the match's first expiry in its market (a trade id's numbering). */
  preventedMatchId: ms,
  takerOrderNo: walletOrderNoSchema,
  makerOrderNo: walletOrderNoSchema,
  /** The taker's mode, which decided what expired. */
  selfTradePreventionMode: z.enum(['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH']),
  price: z.string(),
  /** What was left of the taker when it expired (EXPIRE_TAKER, EXPIRE_BOTH; none for a market buy sized by quote). */
  takerPreventedQuantity: z.string().optional(),
  /** What was left of the resting order when it expired (EXPIRE_MAKER, EXPIRE_BOTH). */
  makerPreventedQuantity: z.string().optional(),
  transactTime: ms,
});

/**
 * `wallet.query.prevented-matches.v1`: the user's prevented matches of a market in id order: one by its id, or
 * those of one order (from `fromPreventedMatchId` on, at most `limit`). Binance's parameter combinations.
 */
export const preventedMatchesRequestSchema = z
  .object({
    userId: walletUserIdSchema,
    symbol: walletMarketSymbolSchema,
    preventedMatchId: ms.optional(),
    orderNo: walletOrderNoSchema.optional(),
    fromPreventedMatchId: ms.optional(),
    limit: walletPageLimitSchema,
  })
  .refine((r) => (r.preventedMatchId === undefined) !== (r.orderNo === undefined), {
    message: 'give exactly one of preventedMatchId and orderNo',
  })
  .refine((r) => r.fromPreventedMatchId === undefined || r.orderNo !== undefined, {
    message: 'fromPreventedMatchId goes with orderNo',
  });
export const preventedMatchesReplySchema = z.object({ matches: z.array(walletPreventedMatchViewSchema) });

export type WalletPreventedMatchView = z.infer<typeof walletPreventedMatchViewSchema>;
export type PreventedMatchesRequest = z.infer<typeof preventedMatchesRequestSchema>;
export type PreventedMatchesReply = z.infer<typeof preventedMatchesReplySchema>;
