import {
  createApiKeyRequestSchema,
  loginLockedDetailsSchema,
  loginRequestSchema,
  signUpRequestSchema,
} from './index';
import { USERS_SUBJECTS } from './users-subjects';

describe('USERS_SUBJECTS', () => {
  const all = Object.values(USERS_SUBJECTS);

  it('follow users.<cmd|query>.<name>.v<N> and are unique', () => {
    for (const subject of all) expect(subject).toMatch(/^users\.(cmd|query)\.[a-z-]+\.v\d+$/);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('users request schemas', () => {
  it('refuse unknown fields, wrong types and oversized values', () => {
    expect(signUpRequestSchema.safeParse({ email: 'a@b.co', password: 'x', admin: true }).success).toBe(
      false,
    );
    expect(signUpRequestSchema.safeParse({ email: 'a@b.co', password: 42 }).success).toBe(false);
    expect(signUpRequestSchema.safeParse({ email: 'not-an-email', password: 'x' }).success).toBe(false);
    expect(signUpRequestSchema.safeParse({ email: 'a@b.co', password: 'x'.repeat(129) }).success).toBe(false);
    expect(loginRequestSchema.safeParse({ email: 'a@b.co', password: 'p', mfaCode: '12345' }).success).toBe(
      false,
    );
  });

  it('accept a well-formed API-key creation and refuse repeated permissions', () => {
    const request = {
      accessToken: 't',
      mfaCode: '123456',
      kind: 'HMAC',
      label: 'bot',
      permissions: ['READ', 'TRADE'],
    };
    expect(createApiKeyRequestSchema.safeParse(request).success).toBe(true);
    expect(createApiKeyRequestSchema.safeParse({ ...request, permissions: ['READ', 'READ'] }).success).toBe(
      false,
    );
  });
});

describe('loginLockedDetailsSchema', () => {
  it('names the lock and a positive whole wait', () => {
    expect(loginLockedDetailsSchema.safeParse({ scope: 'ip', retryAfterSeconds: 30 }).success).toBe(true);
    expect(loginLockedDetailsSchema.safeParse({ scope: 'device', retryAfterSeconds: 30 }).success).toBe(
      false,
    );
    expect(loginLockedDetailsSchema.safeParse({ scope: 'account', retryAfterSeconds: 0.5 }).success).toBe(
      false,
    );
  });
});
