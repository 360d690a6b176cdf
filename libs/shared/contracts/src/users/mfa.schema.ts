import { z } from 'zod';

import { usersAccessTokenSchema, usersRecoveryCodeSchema, usersTotpCodeSchema } from './common.schema';

/** `users.cmd.enrol-mfa.v1`: a new TOTP secret, pending until confirmed. */
export const enrolMfaRequestSchema = z.strictObject({ accessToken: usersAccessTokenSchema });
export const enrolMfaReplySchema = z.object({
  /** Base32, for typing into an authenticator by hand. */
  secret: z.string(),
  otpauthUri: z.string().startsWith('otpauth://totp/'),
  qrCodeDataUrl: z.string().startsWith('data:image/png;base64,'),
});

/** `users.cmd.confirm-mfa.v1`: a code from the new secret turns MFA on; ten recovery codes, shown once. */
export const confirmMfaRequestSchema = z.strictObject({
  accessToken: usersAccessTokenSchema,
  code: usersTotpCodeSchema,
});
export const confirmMfaReplySchema = z.object({ recoveryCodes: z.array(z.string()).length(10) });

/** `users.cmd.disable-mfa.v1`: needs a current TOTP code or a recovery code. */
export const disableMfaRequestSchema = z
  .strictObject({
    accessToken: usersAccessTokenSchema,
    code: usersTotpCodeSchema.optional(),
    recoveryCode: usersRecoveryCodeSchema.optional(),
  })
  .refine((value) => value.code !== undefined || value.recoveryCode !== undefined, {
    message: 'code or recoveryCode is required',
    path: ['code'],
  });
export const disableMfaReplySchema = z.object({ mfaEnabled: z.literal(false) });

/**
 * `users.cmd.verify-mfa.v1`: a second factor for a sensitive action elsewhere (a withdrawal, say), spent like at
 * login: a TOTP code works once. `purpose` is recorded in the audit log.
 */
export const verifyMfaRequestSchema = z
  .strictObject({
    accessToken: usersAccessTokenSchema,
    code: usersTotpCodeSchema.optional(),
    recoveryCode: usersRecoveryCodeSchema.optional(),
    purpose: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'expected a lower-case kebab-case word'),
  })
  .refine((value) => value.code !== undefined || value.recoveryCode !== undefined, {
    message: 'code or recoveryCode is required',
    path: ['code'],
  });
export const verifyMfaReplySchema = z.object({ userId: z.uuid(), verified: z.literal(true) });

export type VerifyMfaRequest = z.infer<typeof verifyMfaRequestSchema>;
export type VerifyMfaReply = z.infer<typeof verifyMfaReplySchema>;
export type EnrolMfaRequest = z.infer<typeof enrolMfaRequestSchema>;
export type EnrolMfaReply = z.infer<typeof enrolMfaReplySchema>;
export type ConfirmMfaRequest = z.infer<typeof confirmMfaRequestSchema>;
export type ConfirmMfaReply = z.infer<typeof confirmMfaReplySchema>;
export type DisableMfaRequest = z.infer<typeof disableMfaRequestSchema>;
