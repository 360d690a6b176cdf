import { MoneyErrorCode } from './money-error-code.enum';

describe('MoneyErrorCode', () => {
  const codes = Object.values(MoneyErrorCode).filter((value): value is number => typeof value === 'number');

  it('gives every code a unique number', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(Object.keys(MoneyErrorCode).length / 2);
  });

  it('keeps every code in the money range 1000..1999', () => {
    for (const code of codes) expect(code >= 1000 && code < 2000).toBe(true);
  });
});
