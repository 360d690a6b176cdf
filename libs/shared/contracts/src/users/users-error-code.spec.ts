import { UsersErrorCode } from './users-error-code';

describe('UsersErrorCode', () => {
  const codes = Object.values(UsersErrorCode).filter((value): value is number => typeof value === 'number');
  const names = Object.keys(UsersErrorCode).filter((key) => Number.isNaN(Number(key)));

  it('gives every name its own number', () => {
    expect(codes).toHaveLength(names.length);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps every code in its four-digit subsystem range', () => {
    for (const code of codes) expect(code).toBeGreaterThanOrEqual(1000);
    for (const code of codes) expect(code).toBeLessThan(2000);
  });
});
