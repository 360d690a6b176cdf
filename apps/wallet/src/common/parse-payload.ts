import { type z } from 'zod';

import { WALLET_RPC_ERRORS } from '@exchange/shared-contracts';

import { WalletError } from '../errors/wallet.error';

/** Validates a NATS payload against its contract, or rejects with VALIDATION_FAILED naming the fields. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new WalletError(WALLET_RPC_ERRORS.VALIDATION_FAILED, problems.join('; '));
}
