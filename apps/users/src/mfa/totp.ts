import { timingSafeEqual } from 'node:crypto';

import { authenticator } from 'otplib';

export const TOTP_STEP_SECONDS = 30;
/** Steps either side of now that a code may come from (clock drift): one, i.e. a 90 s window. */
export const TOTP_WINDOW = 1;

export type TotpVerdict = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' };

export const totpStep = (nowMs: number) => Math.floor(nowMs / 1000 / TOTP_STEP_SECONDS);

/** The code of a time step (RFC 6238, SHA-1, six digits, 30 s), as authenticator apps compute it. */
export function totpCode(secret: string, step: number): string {
  return authenticator.clone({ epoch: step * TOTP_STEP_SECONDS * 1000 }).generate(secret);
}

/**
 * Checks a code against the steps around now and refuses one from a step at or before the last accepted
 * step, so a code works once within its window (and an older code never works after a newer one).
 */
export function verifyTotp(input: {
  code: string;
  secret: string;
  nowMs: number;
  lastUsedStep: number | null;
}): TotpVerdict {
  const current = totpStep(input.nowMs);
  let matched: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const expected = Buffer.from(totpCode(input.secret, step));
    const given = Buffer.from(input.code);
    if (expected.length === given.length && timingSafeEqual(expected, given)) matched = step;
  }
  if (matched === null) return { ok: false, reason: 'invalid' };
  if (input.lastUsedStep !== null && matched <= input.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step: matched };
}

export function newTotpSecret(): string {
  return authenticator.generateSecret(20);
}

export function otpauthUri(account: string, issuer: string, secret: string): string {
  return authenticator.keyuri(account, issuer, secret);
}
