import { z } from 'zod';

/** A user id as the users service issues it (also the ledger's account owner). */
/** An epoch-ms time, a sequence or an id: a non-negative integer a JavaScript number holds exactly. */
export const walletSafeIntegerSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** A page of Binance's order and trade lists: 1 to 1000 rows, 500 unless asked. */
export const walletPageLimitSchema = z.number().int().min(1).max(1000).default(500);
export const walletUserIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const walletAssetCodeSchema = z.string().regex(/^[A-Z0-9]{1,20}$/);
export const walletMarketSymbolSchema = z.string().regex(/^[A-Z0-9]{2,12}-[A-Z0-9]{2,12}$/);
/** A plain unsigned decimal string ("0.001", "30000.00"); the wallet checks it against the asset or market grid. */
export const walletDecimalSchema = z.string().regex(/^[0-9]{1,40}(\.[0-9]{1,40})?$/);
/** A caller-chosen key that makes a command safe to retry: the same key and payload give the same answer. */
export const walletIdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,100}$/);

/** An amount of an asset in replies: a decimal string in the asset's decimals, and the integer minor units. */
export const walletAssetAmountSchema = z.object({
  asset: walletAssetCodeSchema,
  amount: z.string(),
  units: z.string(),
});
export type WalletAssetAmount = z.infer<typeof walletAssetAmountSchema>;

export const walletClientOrderIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,36}$/);

/** A withdrawal's id of the client's choosing (Binance's `withdrawOrderId`), unique per user. */
export const walletClientWithdrawalIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/);

/** PostgreSQL's largest bigint: no sequence value is above it. */
const MAX_ORDER_NO = 9_223_372_036_854_775_807n;

/**
 * An order's public number (Binance's integer `orderId`): a PostgreSQL sequence value as a decimal-integer
 * string, unique across the venue and increasing in submission order.
 */
const ORDER_NO_PATTERN = /^[1-9][0-9]{0,18}$/;
export const walletOrderNoSchema = z
  .string()
  .regex(ORDER_NO_PATTERN)
  // zod runs every check: only a well-formed number is compared.
  .refine((s) => !ORDER_NO_PATTERN.test(s) || BigInt(s) <= MAX_ORDER_NO, {
    message: 'beyond the largest order number',
  });
