import { z } from 'zod';

/** Pieces the users request and reply schemas share. Requests are strict: an unknown field is refused. */
export const emailSchema = z.string().trim().max(254).pipe(z.email());
/** Policy (length ≥ 12, not common) is the service's to check; the contract only bounds the size. */
export const passwordSchema = z.string().min(1).max(128);
export const accessTokenSchema = z.string().min(1).max(4096);
export const refreshTokenSchema = z.string().min(1).max(256);
export const totpCodeSchema = z.string().regex(/^\d{6}$/, 'expected six digits');
export const recoveryCodeSchema = z.string().trim().min(10).max(64);
/** What the gateway saw of the client: shown in the session list and the audit log. */
export const clientInfoSchema = z.strictObject({
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  device: z.string().max(256).optional(),
});
export const isoDateSchema = z.iso.datetime({ offset: true });
export const uuidSchema = z.uuid();

export type ClientInfo = z.infer<typeof clientInfoSchema>;
