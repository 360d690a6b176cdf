import { PasswordPolicy } from './password-policy';

describe(PasswordPolicy.name, () => {
  const sut = PasswordPolicy.fromBundledList();

  it('bundles a list of common passwords', () => expect(sut.size).toBeGreaterThan(1000));

  it.each(['short', 'elevenchars', '😀😀😀😀😀😀😀😀😀😀😀'])('refuses %p as too short', (password) =>
    expect(sut.check(password)).toEqual({ ok: false, reason: 'too-short' }),
  );

  it.each([
    'password1234',
    'Password1234',
    'PASSWORD123456',
    'qwertyuiop123',
    'correct horse battery staple',
    'aaaaaaaaaaaa',
    '123456789012',
    'abcdefghijklmnop',
    '210987654321',
  ])('refuses %p as too common', (password) =>
    expect(sut.check(password)).toEqual({ ok: false, reason: 'too-common' }),
  );

  it.each(['tangerine-Orbit-4-lamps', 'x9!kQ2#pL7@m', 'twelve chars'])('accepts %p', (password) =>
    expect(sut.check(password)).toEqual({ ok: true }),
  );
});
