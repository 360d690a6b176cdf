import { z } from 'zod';

import {
  walletClientOrderIdSchema,
  walletDecimalSchema,
  walletMarketSymbolSchema,
  walletOrderNoSchema,
  walletUserIdSchema,
} from './common.schema';
import { cancelRestrictionSchema, stpModeSchema } from '../matching/matching-command.schema';
import { walletOrderTypeSchema, walletOrderViewSchema } from './order-query.schema';

/**
 * `wallet.cmd.submit-order.v1`: holds the funds and queues the place command for matching.
 * LIMIT / LIMIT_MAKER need `price` and `quantity`; MARKET sells need `quantity`; MARKET buys need
 * `quoteOrderQty` (what to spend, Binance style). STOP_LOSS_LIMIT / TAKE_PROFIT_LIMIT need `stopPrice` besides
 * the LIMIT fields and hold the funds of the limit order they become; STOP_LOSS / TAKE_PROFIT (market once
 * triggered) need `stopPrice` and `quantity` and are taken as sells only (a market buy by base has no bounded
 * cost). Idempotent on (userId, clientOrderId).
 */
export const submitOrderRequestSchema = z.object({
  userId: walletUserIdSchema,
  clientOrderId: walletClientOrderIdSchema,
  symbol: walletMarketSymbolSchema,
  side: z.enum(['BUY', 'SELL']),
  type: walletOrderTypeSchema,
  timeInForce: z.enum(['GTC', 'IOC', 'FOK']).optional(),
  price: walletDecimalSchema.optional(),
  /** The trigger price of a stop order (last trade price reaching it, in Binance's directions). */
  stopPrice: walletDecimalSchema.optional(),
  quantity: walletDecimalSchema.optional(),
  quoteOrderQty: walletDecimalSchema.optional(),
  /** What the engine does when the order, taking, meets a resting order of the same user; NONE when left out. */
  selfTradePreventionMode: stpModeSchema.optional(),
});

/** EXPIRED_IN_MATCH: ended by self-trade prevention (the engine's STP_TAKER / STP_MAKER expiry). */
export const walletOrderStatusSchema = z.enum([
  'PENDING',
  'ACCEPTED',
  'FILLED',
  'CANCELLED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
  'REJECTED',
]);

export const submitOrderReplySchema = z.object({
  orderId: z.string(),
  orderNo: walletOrderNoSchema,
  clientOrderId: z.string(),
  symbol: z.string(),
  status: walletOrderStatusSchema,
  hold: z.object({ asset: z.string(), amount: z.string(), units: z.string() }),
  /** True when this (userId, clientOrderId) was already submitted with the same order: nothing new happened. */
  duplicate: z.boolean(),
  /** The order as stored (`time` is Binance's `transactTime`); for a duplicate, as it stands now. */
  order: walletOrderViewSchema,
});

/** Most submissions in one `wallet.cmd.submit-orders.v1` request (and one gRPC `PlaceOrders` call). */
export const SUBMIT_ORDERS_MAX = 50;

/**
 * `wallet.cmd.submit-orders.v1`: up to `SUBMIT_ORDERS_MAX` submissions in one request, each taken exactly as
 * `submit-order` takes it (checked on its own, so a malformed one is refused alone; held in the request's order).
 * Only the envelope is checked here; each element against `submitOrderRequestSchema` by the wallet.
 */
export const submitOrdersRequestSchema = z.object({
  orders: z.array(z.unknown()).min(1).max(SUBMIT_ORDERS_MAX),
});

/** A wallet refusal as an item of a batch reply: what a single request rejects with (`WalletRpcError`). */
export const walletRpcErrorSchema = z.object({ code: z.number().int(), message: z.string() });

/** Each submission's outcome, in the request's order: its `submit-order` reply, or the error it was refused with. */
export const submitOrdersReplySchema = z.object({
  results: z.array(
    z.union([
      z.object({ placed: submitOrderReplySchema }).strict(),
      z.object({ error: walletRpcErrorSchema }).strict(),
    ]),
  ),
});

/**
 * `wallet.cmd.cancel-order.v1`: queues a cancel for matching; the hold is released when the engine confirms.
 * The order is named by exactly one of its public `orderNo`, its internal `orderId` or its `clientOrderId`.
 * `restriction` (Binance's `cancelRestrictions`): cancel it only if it has not traded (ONLY_NEW) or only if it has
 * traded in part (ONLY_PARTIALLY_FILLED). The wallet refuses at once (CANCEL_RESTRICTED) what its own record already
 * rules out; otherwise the engine decides, and a refusal there comes as a CANCEL_REJECTED execution of the order.
 */
export const cancelOrderRequestSchema = z
  .object({
    userId: walletUserIdSchema,
    symbol: walletMarketSymbolSchema,
    orderNo: walletOrderNoSchema.optional(),
    orderId: z.string().min(1).max(64).optional(),
    clientOrderId: walletClientOrderIdSchema.optional(),
    restriction: cancelRestrictionSchema.optional(),
  })
  .refine((r) => [r.orderNo, r.orderId, r.clientOrderId].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of orderNo, orderId and clientOrderId',
  });

export const cancelOrderReplySchema = z.object({
  orderId: z.string(),
  orderNo: walletOrderNoSchema,
  clientOrderId: z.string(),
  symbol: z.string(),
  status: z.literal('CANCEL_REQUESTED'),
  /** The order as it stood when the cancel was queued (still working until the engine confirms). */
  order: walletOrderViewSchema,
});

export type SubmitOrderRequest = z.infer<typeof submitOrderRequestSchema>;
export type SubmitOrderReply = z.infer<typeof submitOrderReplySchema>;
export type SubmitOrdersRequest = z.infer<typeof submitOrdersRequestSchema>;
export type SubmitOrdersReply = z.infer<typeof submitOrdersReplySchema>;
export type CancelOrderRequest = z.infer<typeof cancelOrderRequestSchema>;
export type CancelOrderReply = z.infer<typeof cancelOrderReplySchema>;
export type WalletOrderStatus = z.infer<typeof walletOrderStatusSchema>;
