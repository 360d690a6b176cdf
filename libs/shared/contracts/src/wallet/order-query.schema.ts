import { z } from 'zod';

import {
  walletClientOrderIdSchema,
  walletMarketSymbolSchema,
  walletOrderNoSchema,
  walletPageLimitSchema,
  walletSafeIntegerSchema,
  walletUserIdSchema,
} from './common.schema';
import { stpModeSchema } from '../matching/matching-command.schema';

const ms = walletSafeIntegerSchema;

/**
 * An order's status in Binance's words; PENDING_NEW until the engine has accepted it, EXPIRED_IN_MATCH when
 * self-trade prevention ended it.
 */
export const walletOrderViewStatusSchema = z.enum([
  'PENDING_NEW',
  'NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'EXPIRED',
  'EXPIRED_IN_MATCH',
  'REJECTED',
]);

/** The order types the wallet takes (Binance's names); the stop types wait for their trigger before working. */
export const walletOrderTypeSchema = z.enum([
  'LIMIT',
  'LIMIT_MAKER',
  'MARKET',
  'STOP_LOSS',
  'STOP_LOSS_LIMIT',
  'TAKE_PROFIT',
  'TAKE_PROFIT_LIMIT',
]);

/**
 * One order as a Binance order object needs it. Quantities are decimal strings in the base asset's
 * decimals, prices and quote amounts in the quote asset's decimals; times are epoch milliseconds.
 */
export const walletOrderViewSchema = z.object({
  /** Public numeric id (Binance `orderId`), a decimal-integer string. */
  orderNo: walletOrderNoSchema,
  /** The wallet's internal id (the engine's order id). */
  orderId: z.string(),
  clientOrderId: z.string(),
  symbol: z.string(),
  side: z.enum(['BUY', 'SELL']),
  type: walletOrderTypeSchema,
  /** GTC for LIMIT_MAKER and MARKET orders, as Binance reports them. */
  timeInForce: z.enum(['GTC', 'IOC', 'FOK']),
  /** The limit price; zero for MARKET orders. */
  price: z.string(),
  /** The ordered quantity; for a MARKET buy sized by quote, what it has executed so far. */
  origQty: z.string(),
  executedQty: z.string(),
  cummulativeQuoteQty: z.string(),
  /** What a MARKET buy was told to spend; zero for orders sized by quantity. */
  origQuoteOrderQty: z.string(),
  status: walletOrderViewStatusSchema,
  time: ms,
  updateTime: ms,
  /**
   * True while the order is on the book or about to be (PENDING_NEW, NEW, PARTIALLY_FILLED); false for a stop
   * order until its trigger.
   */
  isWorking: z.boolean(),
  /** The trigger price of a stop order in the tick's decimals; zero for the other types. */
  stopPrice: z.string().optional(),
  /**
   * When the order started working (Binance `workingTime`): its creation for the plain types, its trigger for a
   * stop order, -1 while a stop waits for its trigger.
   */
  workingTime: z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Binance's `selfTradePreventionMode`; left out by wallets from before it (read as NONE). */
  selfTradePreventionMode: stpModeSchema.optional(),
  /**
   * Binance's `preventedMatchId`: the prevented match an EXPIRED_IN_MATCH order expired in (`myPreventedMatches`).
   * Left out when the wallet recorded none (orders expired before prevented matches were kept).
   */
  preventedMatchId: ms.optional(),
  /**
   * Binance's `preventedQuantity`: what self-trade prevention expired, in the base asset's decimals. Only on an
   * EXPIRED_IN_MATCH order sized by quantity (a market buy sized by quote has no base quantity left to name).
   */
  preventedQuantity: z.string().optional(),
});

/** One side of one trade (Binance's `myTrades` row). `id` is the trade id, shared by both sides. */
export const walletFillViewSchema = z.object({
  symbol: z.string(),
  id: ms,
  orderNo: walletOrderNoSchema,
  clientOrderId: z.string(),
  side: z.enum(['BUY', 'SELL']),
  price: z.string(),
  qty: z.string(),
  quoteQty: z.string(),
  /** The fee the ledger charged for this side, in `commissionAsset` (what the side received). */
  commission: z.string(),
  commissionAsset: z.string(),
  time: ms,
  isBuyer: z.boolean(),
  isMaker: z.boolean(),
});

const orderRef = {
  orderNo: walletOrderNoSchema.optional(),
  clientOrderId: walletClientOrderIdSchema.optional(),
};
const exactlyOneRef = (r: { orderNo?: string; clientOrderId?: string }) =>
  (r.orderNo === undefined) !== (r.clientOrderId === undefined);

/** `wallet.query.order.v1`: one of the user's orders and its fills (ORDER_NOT_FOUND for anyone else's). */
export const orderQueryRequestSchema = z
  .object({ userId: walletUserIdSchema, symbol: walletMarketSymbolSchema, ...orderRef })
  .refine(exactlyOneRef, { message: 'give exactly one of orderNo and clientOrderId' });
export const orderQueryReplySchema = z.object({
  order: walletOrderViewSchema,
  fills: z.array(walletFillViewSchema),
});

/** `wallet.query.open-orders.v1`: the user's working orders (one market or all), oldest first. */
export const openOrdersRequestSchema = z.object({
  userId: walletUserIdSchema,
  symbol: walletMarketSymbolSchema.optional(),
});
export const ordersReplySchema = z.object({ orders: z.array(walletOrderViewSchema) });

/**
 * `wallet.query.all-orders.v1`: the user's orders of a market in orderNo order. With `orderNo`, those from it
 * on; otherwise the most recent `limit` in the time window.
 */
export const allOrdersRequestSchema = z
  .object({
    userId: walletUserIdSchema,
    symbol: walletMarketSymbolSchema,
    orderNo: walletOrderNoSchema.optional(),
    startTime: ms.optional(),
    endTime: ms.optional(),
    limit: walletPageLimitSchema,
  })
  .refine((r) => r.startTime === undefined || r.endTime === undefined || r.startTime <= r.endTime, {
    message: 'startTime must not be after endTime',
  });

/**
 * `wallet.query.my-trades.v1`: the user's fills of a market in trade id order. With `fromId`, those from that
 * trade id on; with `orderNo`, one order's; otherwise the most recent `limit` in the time window.
 */
export const myTradesRequestSchema = z
  .object({
    userId: walletUserIdSchema,
    symbol: walletMarketSymbolSchema,
    orderNo: walletOrderNoSchema.optional(),
    fromId: ms.optional(),
    startTime: ms.optional(),
    endTime: ms.optional(),
    limit: walletPageLimitSchema,
  })
  .refine((r) => r.startTime === undefined || r.endTime === undefined || r.startTime <= r.endTime, {
    message: 'startTime must not be after endTime',
  });
export const myTradesReplySchema = z.object({ trades: z.array(walletFillViewSchema) });

/**
 * `wallet.cmd.cancel-open-orders.v1`: queues a cancel of each of the user's working orders in the market.
 * Replies with those orders as they were when the cancels were queued (the engine confirms each later).
 */
export const cancelOpenOrdersRequestSchema = z.object({
  userId: walletUserIdSchema,
  symbol: walletMarketSymbolSchema,
});

/**
 * Binance's execution types, one per `user.<id>.order` event (REPLACED: the engine applied an amend;
 * TRADE_PREVENTION: self-trade prevention expired the order, now EXPIRED_IN_MATCH), and one of the exchange's own:
 * CANCEL_REJECTED, the engine refused a restricted cancel and the order goes on as it was (for the gateway that waits
 * on the cancel; Binance reports no execution for it, so the user streams leave it out: `isReportedExecution`).
 * Readers from before 2026-11-29 do not know CANCEL_REJECTED: roll the gateways out before the wallet.
 */
export const walletExecutionTypeSchema = z.enum([
  'NEW',
  'TRADE',
  'CANCELED',
  'EXPIRED',
  'REJECTED',
  'REPLACED',
  'TRADE_PREVENTION',
  'CANCEL_REJECTED',
]);

/** Whether a user's streams report the execution (Binance's `executionReport`): all but CANCEL_REJECTED. */
export function isReportedExecution(update: { executionType: WalletExecutionType }): boolean {
  return update.executionType !== 'CANCEL_REJECTED';
}

/**
 * Core NATS fact `user.<userId>.order`: one execution of one of the user's orders (Binance `executionReport`),
 * published after the commit that recorded it, at most once (a reader that must not miss one re-queries).
 * `order` is the order right after this execution; `fill` is set for TRADE (last qty, price, commission,
 * trade id, maker flag).
 */
export const userOrderSubject = (userId: string): string => `user.${walletUserIdSchema.parse(userId)}.order`;

/**
 * The match self-trade prevention stopped, on a TRADE_PREVENTION execution (Binance's `v`, `U`, `pL`, `pl`, `pY`): its
 * id (`myPreventedMatches`), the other order of the match, the resting order's price and what would have traded.
 */
export const walletPreventionViewSchema = z.object({
  preventedMatchId: ms,
  counterOrderNo: walletOrderNoSchema,
  price: z.string(),
  /**
   * What the match would have traded (the smaller of what each order could take at `price`; a market buy sized by
   * quote takes what its unspent quote buys there), in base decimals, and its quote at `price` (Binance's `pl`, `pY`).
   * Optional: wallets from before 2026-11-29 leave them out when a market buy sized by quote is one side.
   */
  quantity: z.string().optional(),
  quoteQuantity: z.string().optional(),
});

export const orderUpdateSchema = z.object({
  v: z.literal(1),
  userId: z.string(),
  executionType: walletExecutionTypeSchema,
  order: walletOrderViewSchema,
  fill: walletFillViewSchema.nullable(),
  /** Why the engine refused the order (REJECTED only). */
  rejectReason: z.string().optional(),
  /** The match a TRADE_PREVENTION execution stopped; left out by wallets from before prevented matches. */
  prevention: walletPreventionViewSchema.optional(),
  /** When the execution happened (the engine's event time, or the wallet's commit time). */
  ts: ms,
});

export type WalletOrderViewStatus = z.infer<typeof walletOrderViewStatusSchema>;
export type WalletOrderType = z.infer<typeof walletOrderTypeSchema>;
export type WalletOrderView = z.infer<typeof walletOrderViewSchema>;
export type WalletFillView = z.infer<typeof walletFillViewSchema>;
export type WalletPreventionView = z.infer<typeof walletPreventionViewSchema>;
export type OrderQueryRequest = z.infer<typeof orderQueryRequestSchema>;
export type OrderQueryReply = z.infer<typeof orderQueryReplySchema>;
export type OpenOrdersRequest = z.infer<typeof openOrdersRequestSchema>;
export type OrdersReply = z.infer<typeof ordersReplySchema>;
export type AllOrdersRequest = z.infer<typeof allOrdersRequestSchema>;
export type MyTradesRequest = z.infer<typeof myTradesRequestSchema>;
export type MyTradesReply = z.infer<typeof myTradesReplySchema>;
export type CancelOpenOrdersRequest = z.infer<typeof cancelOpenOrdersRequestSchema>;
export type WalletExecutionType = z.infer<typeof walletExecutionTypeSchema>;
export type OrderUpdate = z.infer<typeof orderUpdateSchema>;
