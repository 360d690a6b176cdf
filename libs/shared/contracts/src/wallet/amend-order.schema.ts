import { z } from 'zod';

import {
  walletClientOrderIdSchema,
  walletDecimalSchema,
  walletIdempotencyKeySchema,
  walletMarketSymbolSchema,
  walletOrderNoSchema,
  walletPageLimitSchema,
  walletSafeIntegerSchema,
  walletUserIdSchema,
} from './common.schema';
import { walletOrderViewSchema } from './order-query.schema';

/**
 * `wallet.cmd.amend-order.v1`: changes the quantity of one of the user's working LIMIT / LIMIT_MAKER orders.
 * `quantity` is the order's new total quantity (Binance's `newQty`, executed part included): above what has
 * executed and different from the current quantity. A raise tops up the hold at once (refused with 2101 and no
 * change when the balance does not cover it); a cut releases the excess when the engine confirms. With
 * `reduceOnly` (Binance's keepPriority amend) a raise is refused. `amendId` is the idempotency key (per user).
 * The order is named by exactly one of `orderNo`, `orderId` and `clientOrderId`.
 */
export const amendOrderRequestSchema = z
  .object({
    userId: walletUserIdSchema,
    symbol: walletMarketSymbolSchema,
    orderNo: walletOrderNoSchema.optional(),
    orderId: z.string().min(1).max(64).optional(),
    clientOrderId: walletClientOrderIdSchema.optional(),
    quantity: walletDecimalSchema,
    amendId: walletIdempotencyKeySchema,
    reduceOnly: z.boolean().default(false),
  })
  .refine((r) => [r.orderNo, r.orderId, r.clientOrderId].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of orderNo, orderId and clientOrderId',
  });

export const amendOrderReplySchema = z.object({
  amendId: z.string(),
  orderId: z.string(),
  orderNo: walletOrderNoSchema,
  clientOrderId: z.string(),
  symbol: z.string(),
  status: z.literal('AMEND_REQUESTED'),
  /** What the amend moved into the hold at once (zero for a cut: its release follows the engine). */
  holdIncrease: z.object({ asset: z.string(), amount: z.string(), units: z.string() }),
  /** True when this amendId was used before for the same amend: nothing new happened. */
  duplicate: z.boolean(),
  /** The order as it stands once the engine applies the amend (`origQty` = the new quantity). */
  order: walletOrderViewSchema,
});

const ms = walletSafeIntegerSchema;

/**
 * `wallet.query.order-amendments.v1`: the amends the engine applied to one of the user's orders (Binance's
 * `GET /api/v3/order/amendments`), in engine order, from `fromExecutionId` on, at most `limit`. ORDER_NOT_FOUND
 * for anyone else's order. Amends applied before the wallet kept their engine event are left out.
 */
export const orderAmendmentsRequestSchema = z.object({
  userId: walletUserIdSchema,
  symbol: walletMarketSymbolSchema,
  orderNo: walletOrderNoSchema,
  fromExecutionId: ms.optional(),
  limit: walletPageLimitSchema,
});

/** One applied amend: quantities are the order's totals before and after, in the base asset's decimals. */
export const walletOrderAmendmentViewSchema = z.object({
  symbol: z.string(),
  orderNo: walletOrderNoSchema,
  /** The engine's `amended` event sequence in the market (a trade id's numbering). */
  executionId: ms,
  clientOrderId: z.string(),
  origQty: z.string(),
  newQty: z.string(),
  /** The engine's time of the amend. */
  time: ms,
});
export const orderAmendmentsReplySchema = z.object({ amendments: z.array(walletOrderAmendmentViewSchema) });

export type AmendOrderRequest = z.infer<typeof amendOrderRequestSchema>;
export type OrderAmendmentsRequest = z.infer<typeof orderAmendmentsRequestSchema>;
export type OrderAmendmentsReply = z.infer<typeof orderAmendmentsReplySchema>;
export type WalletOrderAmendmentView = z.infer<typeof walletOrderAmendmentViewSchema>;
export type AmendOrderReply = z.infer<typeof amendOrderReplySchema>;
