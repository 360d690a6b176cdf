import { z } from 'zod';

import {
  accessTokenSchema,
  clientInfoSchema,
  emailSchema,
  isoDateSchema,
  passwordSchema,
  recoveryCodeSchema,
  totpCodeSchema,
  uuidSchema,
} from './common.schema';

/** `users.cmd.sign-up.v1`: a new account; the email is stored lower-cased and unique. */
export const signUpRequestSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  client: clientInfoSchema.optional(),
});

export const signUpReplySchema = z.object({
  userId: uuidSchema,
  email: z.string(),
  createdAt: isoDateSchema,
});

/**
 * `users.cmd.change-password.v1`: the current password (and a second factor once MFA is on) for a new one that
 * meets the policy; every other session of the user ends.
 */
export const changePasswordRequestSchema = z.strictObject({
  accessToken: accessTokenSchema,
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
  mfaCode: totpCodeSchema.optional(),
  recoveryCode: recoveryCodeSchema.optional(),
});
export const changePasswordReplySchema = z.object({ otherSessionsRevoked: z.number().int().nonnegative() });

export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
export type ChangePasswordReply = z.infer<typeof changePasswordReplySchema>;
export type SignUpRequest = z.infer<typeof signUpRequestSchema>;
export type SignUpReply = z.infer<typeof signUpReplySchema>;
