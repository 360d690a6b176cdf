import { z } from 'zod';

import {
  clientInfoSchema,
  emailSchema,
  isoDateSchema,
  passwordSchema,
  recoveryCodeSchema,
  totpCodeSchema,
  uuidSchema,
} from './common.schema';

/**
 * `users.cmd.login.v1`: password, then, when MFA is on, a TOTP code or one recovery code in the same request
 * (without either the answer is MFA_REQUIRED and nothing is issued).
 */
export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  mfaCode: totpCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
  client: clientInfoSchema.optional(),
});

/** Issued tokens: the access JWT (EdDSA, verify with `users.query.jwks.v1`) and a rotating refresh token. */
export const tokenPairSchema = z.object({
  userId: uuidSchema,
  sessionId: uuidSchema,
  accessToken: z.string(),
  accessTokenExpiresAt: isoDateSchema,
  refreshToken: z.string(),
  refreshTokenExpiresAt: isoDateSchema,
});

/** `users.cmd.refresh.v1`: trade a refresh token for a new pair; the old one is spent. */
export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(1).max(256),
  client: clientInfoSchema.optional(),
});

export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type TokenPair = z.infer<typeof tokenPairSchema>;
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;
