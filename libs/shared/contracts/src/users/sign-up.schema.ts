import { z } from 'zod';

import {
  usersAccessTokenSchema,
  usersClientInfoSchema,
  usersEmailSchema,
  usersIsoDateSchema,
  usersPasswordSchema,
  usersRecoveryCodeSchema,
  usersTotpCodeSchema,
  usersUuidSchema,
} from './common.schema';

/** `users.cmd.sign-up.v1`: a new account; the email is stored lower-cased and unique. */
export const signUpRequestSchema = z.strictObject({
  email: usersEmailSchema,
  password: usersPasswordSchema,
  client: usersClientInfoSchema.optional(),
});

export const signUpReplySchema = z.object({
  userId: usersUuidSchema,
  email: z.string(),
  createdAt: usersIsoDateSchema,
});

/**
 * `users.cmd.change-password.v1`: the current password (and a second factor once MFA is on) for a new one that
 * meets the policy; every other session of the user ends.
 */
export const changePasswordRequestSchema = z.strictObject({
  accessToken: usersAccessTokenSchema,
  currentPassword: usersPasswordSchema,
  newPassword: usersPasswordSchema,
  mfaCode: usersTotpCodeSchema.optional(),
  recoveryCode: usersRecoveryCodeSchema.optional(),
});
export const changePasswordReplySchema = z.object({ otherSessionsRevoked: z.number().int().nonnegative() });

export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
export type ChangePasswordReply = z.infer<typeof changePasswordReplySchema>;
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;
export type SignUpReply = z.infer<typeof signUpReplySchema>;
