import { z } from 'zod';

import {
  usersClientInfoSchema,
  usersEmailSchema,
  usersIsoDateSchema,
  usersPasswordSchema,
  usersRecoveryCodeSchema,
  usersTotpCodeSchema,
  usersUuidSchema,
} from './common.schema';

/**
 * `users.cmd.login.v1`: password, then, when MFA is on, a TOTP code or one recovery code in the same request
 * (without either the answer is MFA_REQUIRED and nothing is issued).
 */
export const loginRequestSchema = z.strictObject({
  email: usersEmailSchema,
  password: usersPasswordSchema,
  mfaCode: usersTotpCodeSchema.optional(),
  recoveryCode: usersRecoveryCodeSchema.optional(),
  client: usersClientInfoSchema.optional(),
});

/** Issued tokens: the access JWT (EdDSA, verify with `users.query.jwks.v1`) and a rotating refresh token. */
export const tokenPairSchema = z.object({
  userId: usersUuidSchema,
  sessionId: usersUuidSchema,
  accessToken: z.string(),
  accessTokenExpiresAt: usersIsoDateSchema,
  refreshToken: z.string(),
  refreshTokenExpiresAt: usersIsoDateSchema,
});

/** `users.cmd.refresh.v1`: trade a refresh token for a new pair; the old one is spent. */
export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().min(1).max(256),
  client: usersClientInfoSchema.optional(),
});

/**
 * The `details` of a `LOGIN_LOCKED` (1105) error: which lock holds (the account's, or the client network's: an
 * IPv4 address or an IPv6 /64) and the whole seconds to wait before trying again.
 */
export const loginLockedDetailsSchema = z.object({
  scope: z.enum(['account', 'ip']),
  retryAfterSeconds: z.number().int().positive(),
});

export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type LoginLockedDetails = z.infer<typeof loginLockedDetailsSchema>;
export type TokenPair = z.infer<typeof tokenPairSchema>;
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;
