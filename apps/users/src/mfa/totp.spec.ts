import { newTotpSecret, otpauthUri, totpCode, totpStep, verifyTotp } from './totp';

describe(verifyTotp.name, () => {
  const secret = newTotpSecret();
  const nowMs = Date.UTC(2026, 0, 1, 12, 0, 10);
  const step = totpStep(nowMs);

  it('accepts the current code and the codes one step either side, reporting their step', () => {
    for (const s of [step - 1, step, step + 1])
      expect(verifyTotp({ code: totpCode(secret, s), secret, nowMs, lastUsedStep: null })).toEqual({
        ok: true,
        step: s,
      });
  });

  it('refuses codes two steps away and wrong codes', () => {
    expect(verifyTotp({ code: totpCode(secret, step - 2), secret, nowMs, lastUsedStep: null }).ok).toBe(
      false,
    );
    expect(verifyTotp({ code: totpCode(secret, step + 2), secret, nowMs, lastUsedStep: null }).ok).toBe(
      false,
    );
    const wrong = String((Number(totpCode(secret, step)) + 1) % 1_000_000).padStart(6, '0');
    expect(verifyTotp({ code: wrong, secret, nowMs, lastUsedStep: null })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('accepts a code once: its step, and any earlier step, are refused as replays', () => {
    const code = totpCode(secret, step);
    expect(verifyTotp({ code, secret, nowMs, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ code: totpCode(secret, step - 1), secret, nowMs, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    // Still within the window 30 s later, but already used.
    expect(verifyTotp({ code, secret, nowMs: nowMs + 30_000, lastUsedStep: step })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ code: totpCode(secret, step + 1), secret, nowMs, lastUsedStep: step })).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('matches the RFC 6238 SHA-1 test vector (T = 59 s)', () => {
    // RFC 6238 appendix B, secret "12345678901234567890" in base32; 8-digit 94287082 → six digits 287082.
    const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCode(rfcSecret, totpStep(59_000))).toBe('287082');
  });

  it('builds an otpauth URI with issuer and secret', () => {
    const uri = otpauthUri('ana@example.com', 'Exchange', secret);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Exchange:ana%40example\.com\?/);
    expect(uri).toContain(`secret=${secret}`);
  });
});
