import { z } from 'zod';

/** Pieces the users request and reply schemas share. Requests are strict: an unknown field is refused. */
export const usersEmailSchema = z.string().trim().max(254).pipe(z.email());
/** Policy (length ≥ 12, not common) is the service's to check; the contract only bounds the size. */
export const usersPasswordSchema = z.string().min(1).max(128);
export const usersAccessTokenSchema = z.string().min(1).max(4096);
export const usersRefreshTokenSchema = z.string().min(1).max(256);
export const usersTotpCodeSchema = z.string().regex(/^\d{6}$/, 'expected six digits');
export const usersRecoveryCodeSchema = z.string().trim().min(10).max(64);
/** What the gateway saw of the client: shown in the session list and the audit log. */
export const usersClientInfoSchema = z.strictObject({
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  device: z.string().max(256).optional(),
});
export const usersIsoDateSchema = z.iso.datetime({ offset: true });
export const usersUuidSchema = z.uuid();

export type UsersClientInfo = z.infer<typeof usersClientInfoSchema>;
