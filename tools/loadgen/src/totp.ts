import { authenticator } from 'otplib';

/** TOTP time steps are 30 s (RFC 6238), as the users service and authenticator apps use. */
export const TOTP_STEP_MS = 30_000;

export const totpStep = (nowMs: number) => Math.floor(nowMs / TOTP_STEP_MS);

/** The six-digit code of a time step for a base32 secret. */
export function totpCode(secret: string, step: number): string {
  return authenticator.clone({ epoch: step * TOTP_STEP_MS }).generate(secret);
}
