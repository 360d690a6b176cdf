import { z } from 'zod';

import { walletDecimalSchema } from './common.schema';

/** `wallet.query.markets.v1`: the reference data of every market, as the wallet enforces it. */
export const marketsRequestSchema = z.object({}).strict();

export const walletMarketSchema = z.object({
  /** Market id, e.g. `BTC-USDT`. */
  symbol: z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/),
  base: z.string(),
  baseDecimals: z.number().int().min(0).max(36),
  quote: z.string(),
  quoteDecimals: z.number().int().min(0).max(36),
  tickSize: walletDecimalSchema,
  stepSize: walletDecimalSchema,
  minQty: walletDecimalSchema,
  minNotional: walletDecimalSchema,
  makerFeePpm: z.number().int().min(0).max(1_000_000),
  takerFeePpm: z.number().int().min(0).max(1_000_000),
  status: z.enum(['TRADING', 'HALTED', 'CANCEL_ONLY']),
});

export const marketsReplySchema = z.object({ markets: z.array(walletMarketSchema) });

export type WalletMarket = z.infer<typeof walletMarketSchema>;
export type MarketsReply = z.infer<typeof marketsReplySchema>;
