import { z } from 'zod';

import {
  usersAccessTokenSchema,
  usersIsoDateSchema,
  usersTotpCodeSchema,
  usersUuidSchema,
} from './common.schema';

export const apiKeyPermissionSchema = z.enum(['READ', 'TRADE', 'WITHDRAW']);
export const apiKeyKindSchema = z.enum(['HMAC', 'ED25519']);

/**
 * `users.cmd.create-api-key.v1`: by a logged-in user with MFA on, with a fresh TOTP code. HMAC keys get a
 * secret in the reply, shown this once; Ed25519 keys bring their own public key (PEM, SPKI).
 */
const apiKeyLabelSchema = z.string().trim().min(1).max(64);
const apiKeyPermissionsSchema = z
  .array(apiKeyPermissionSchema)
  .min(1)
  .max(3)
  .refine((list) => new Set(list).size === list.length, 'permissions must not repeat');
/** CIDR blocks (`203.0.113.0/24`, `2001:db8::/32`) or single addresses; empty: any address. */
const apiKeyIpAllowListSchema = z.array(z.string().max(64)).max(32);

export const createApiKeyRequestSchema = z.strictObject({
  accessToken: usersAccessTokenSchema,
  mfaCode: usersTotpCodeSchema,
  kind: apiKeyKindSchema,
  label: apiKeyLabelSchema,
  permissions: apiKeyPermissionsSchema,
  /** Absent or empty: any address. */
  ipAllowList: apiKeyIpAllowListSchema.optional(),
  expiresAt: usersIsoDateSchema.optional(),
  /** Ed25519 only. */
  publicKeyPem: z.string().max(1024).optional(),
});

export const apiKeyViewSchema = z.object({
  id: usersUuidSchema,
  apiKey: z.string(),
  kind: apiKeyKindSchema,
  label: z.string(),
  permissions: z.array(apiKeyPermissionSchema),
  ipAllowList: z.array(z.string()),
  expiresAt: usersIsoDateSchema.nullable(),
  revokedAt: usersIsoDateSchema.nullable(),
  createdAt: usersIsoDateSchema,
});

export const createApiKeyReplySchema = apiKeyViewSchema.extend({
  /** HMAC only, and only in this reply. */
  secret: z.string().optional(),
});

/** What a key's owner may change: its label, permissions and IP allow-list (empty: any address). */
export function apiKeyChangesShape() {
  return {
    label: apiKeyLabelSchema.optional(),
    permissions: apiKeyPermissionsSchema.optional(),
    ipAllowList: apiKeyIpAllowListSchema.optional(),
  };
}

/**
 * `users.cmd.update-api-key.v1`: a live key's label, permissions and IP allow-list, changed by its owner with a
 * fresh TOTP code (at least one of the three; the key, its secret and its kind stay). The gateway sees the change
 * within its key cache's lifetime.
 */
export const updateApiKeyRequestSchema = z
  .strictObject({
    accessToken: usersAccessTokenSchema,
    mfaCode: usersTotpCodeSchema,
    id: usersUuidSchema,
    ...apiKeyChangesShape(),
  })
  .refine(
    (r) => r.label !== undefined || r.permissions !== undefined || r.ipAllowList !== undefined,
    'name at least one of label, permissions, ipAllowList',
  );

/** `users.cmd.revoke-api-key.v1` */
export const revokeApiKeyRequestSchema = z.strictObject({
  accessToken: usersAccessTokenSchema,
  id: usersUuidSchema,
});
/** `users.query.api-keys.v1`: the caller's keys, revoked and expired included, never a secret. */
export const apiKeysRequestSchema = z.strictObject({ accessToken: usersAccessTokenSchema });
export const apiKeysReplySchema = z.object({ keys: z.array(apiKeyViewSchema) });

/**
 * `users.query.api-key.v1`: what the gateway needs to verify a signed request. With `ip`, the allow-list is
 * checked here too (API_KEY_IP_NOT_ALLOWED). Revoked, expired and unknown keys are errors.
 */
export const apiKeyLookupRequestSchema = z.strictObject({
  apiKey: z.string().min(1).max(128),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
});
export const apiKeyLookupReplySchema = z.object({
  id: usersUuidSchema,
  userId: usersUuidSchema,
  kind: apiKeyKindSchema,
  permissions: z.array(apiKeyPermissionSchema),
  ipAllowList: z.array(z.string()),
  expiresAt: usersIsoDateSchema.nullable(),
  /** HMAC: the shared secret to recompute the signature with. */
  secret: z.string().optional(),
  /** ED25519: the PEM public key to verify the signature with. */
  publicKeyPem: z.string().optional(),
});

export type ApiKeyPermission = z.infer<typeof apiKeyPermissionSchema>;
export type ApiKeyKind = z.infer<typeof apiKeyKindSchema>;
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;
export type CreateApiKeyReply = z.infer<typeof createApiKeyReplySchema>;
export type UpdateApiKeyRequest = z.infer<typeof updateApiKeyRequestSchema>;
export type RevokeApiKeyRequest = z.infer<typeof revokeApiKeyRequestSchema>;
export type ApiKeysRequest = z.infer<typeof apiKeysRequestSchema>;
export type ApiKeysReply = z.infer<typeof apiKeysReplySchema>;
export type ApiKeyLookupRequest = z.infer<typeof apiKeyLookupRequestSchema>;
export type ApiKeyLookupReply = z.infer<typeof apiKeyLookupReplySchema>;
