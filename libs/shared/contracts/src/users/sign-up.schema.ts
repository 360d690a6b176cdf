import { z } from 'zod';

import { clientInfoSchema, emailSchema, isoDateSchema, passwordSchema, uuidSchema } from './common.schema';

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

export type SignUpRequest = z.infer<typeof signUpRequestSchema>;
export type SignUpReply = z.infer<typeof signUpReplySchema>;
