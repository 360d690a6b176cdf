import { z } from 'zod';

import {
  usersAccessTokenSchema,
  usersIsoDateSchema,
  usersRefreshTokenSchema,
  usersUuidSchema,
} from './common.schema';

/** `users.cmd.logout.v1`: ends the session (refresh-token family) the token belongs to. */
export const logoutRequestSchema = z.strictObject({ refreshToken: usersRefreshTokenSchema });
/** `users.cmd.logout-everywhere.v1`: ends every session of the caller. */
export const logoutEverywhereRequestSchema = z.strictObject({ accessToken: usersAccessTokenSchema });
/** `users.cmd.revoke-session.v1`: ends one of the caller's sessions (from the session list). */
export const revokeSessionRequestSchema = z.strictObject({
  accessToken: usersAccessTokenSchema,
  sessionId: usersUuidSchema,
});
export const logoutReplySchema = z.object({ sessionsRevoked: z.number().int().nonnegative() });

/** `users.query.sessions.v1`: the caller's live sessions. */
export const sessionsRequestSchema = z.strictObject({ accessToken: usersAccessTokenSchema });
export const sessionSchema = z.object({
  sessionId: usersUuidSchema,
  device: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: usersIsoDateSchema,
  lastUsedAt: usersIsoDateSchema,
  current: z.boolean(),
});
export const sessionsReplySchema = z.object({ sessions: z.array(sessionSchema) });

/** `users.query.audit-log.v1`: the caller's security events, newest first. */
export const auditLogRequestSchema = z.strictObject({
  accessToken: usersAccessTokenSchema,
  limit: z.number().int().min(1).max(200).optional(),
});
export const auditEntrySchema = z.object({
  id: z.string(),
  event: z.string(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: usersIsoDateSchema,
});
export const auditLogReplySchema = z.object({ entries: z.array(auditEntrySchema) });

/** `users.query.jwks.v1`: the public keys that verify access tokens (RFC 7517 JWK Set). */
export const jwksRequestSchema = z.strictObject({});
export const jwksReplySchema = z.object({
  keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') })),
});

export type LogoutRequest = z.infer<typeof logoutRequestSchema>;
export type LogoutEverywhereRequest = z.infer<typeof logoutEverywhereRequestSchema>;
export type RevokeSessionRequest = z.infer<typeof revokeSessionRequestSchema>;
export type LogoutReply = z.infer<typeof logoutReplySchema>;
export type SessionsRequest = z.infer<typeof sessionsRequestSchema>;
export type SessionView = z.infer<typeof sessionSchema>;
export type SessionsReply = z.infer<typeof sessionsReplySchema>;
export type AuditLogRequest = z.infer<typeof auditLogRequestSchema>;
export type AuditEntry = z.infer<typeof auditEntrySchema>;
export type AuditLogReply = z.infer<typeof auditLogReplySchema>;
export type JwksReply = z.infer<typeof jwksReplySchema>;
