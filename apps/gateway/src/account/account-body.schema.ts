import { z } from 'zod';

import {
  apiKeyChangesShape,
  createApiKeyRequestSchema,
  loginRequestSchema,
  usersPasswordSchema,
  usersRecoveryCodeSchema,
  usersRefreshTokenSchema,
  usersTotpCodeSchema,
  usersUuidSchema,
  signUpRequestSchema,
  walletAssetCodeSchema,
  walletDecimalSchema,
  walletIdempotencyKeySchema,
} from '@exchange/shared-contracts';

/**
 * `/api/v1` request bodies: the users and wallet contracts without what the gateway fills in itself (the access
 * token, the client's IP and device, the user id). Strict: an unknown field is refused.
 */
export const signUpBodySchema = signUpRequestSchema.omit({ client: true });
export const loginBodySchema = loginRequestSchema.omit({ client: true });
export const refreshBodySchema = z.strictObject({ refreshToken: usersRefreshTokenSchema });
export const changePasswordBodySchema = z.strictObject({
  currentPassword: usersPasswordSchema,
  newPassword: usersPasswordSchema,
  mfaCode: usersTotpCodeSchema.optional(),
  recoveryCode: usersRecoveryCodeSchema.optional(),
});
export const confirmMfaBodySchema = z.strictObject({ code: usersTotpCodeSchema });
const secondFactor = {
  mfaCode: usersTotpCodeSchema.optional(),
  recoveryCode: usersRecoveryCodeSchema.optional(),
};
export const disableMfaBodySchema = z.strictObject({
  code: usersTotpCodeSchema.optional(),
  recoveryCode: usersRecoveryCodeSchema.optional(),
});
export const createApiKeyBodySchema = createApiKeyRequestSchema.omit({ accessToken: true });
/** The users service checks that at least one change is named. */
export const updateApiKeyBodySchema = z.strictObject({
  mfaCode: usersTotpCodeSchema,
  ...apiKeyChangesShape(),
});
export const idParamSchema = usersUuidSchema;
/** `limit` of the audit log: digits only (a coercing schema took `0x10`, ` 5`, `1e1` or `5.0`), 1 to 200. */
export const auditLimitSchema = z
  .string()
  .regex(/^\d{1,3}$/, 'limit must be an integer from 1 to 200')
  .transform(Number)
  .pipe(z.number().int().min(1).max(200));
export const faucetBodySchema = z.strictObject({
  asset: walletAssetCodeSchema,
  amount: walletDecimalSchema,
  idempotencyKey: walletIdempotencyKeySchema.optional(),
});
export const withdrawalBodySchema = z
  .strictObject({
    asset: walletAssetCodeSchema,
    amount: walletDecimalSchema,
    address: z.string().regex(/^[\x21-\x7e]{1,128}$/),
    idempotencyKey: walletIdempotencyKeySchema.optional(),
    ...secondFactor,
  })
  .refine((body) => body.mfaCode !== undefined || body.recoveryCode !== undefined, {
    message: 'mfaCode or recoveryCode is required',
    path: ['mfaCode'],
  });
