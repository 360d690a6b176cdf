import { MoneyErrorCode } from '@exchange/shared-domain-money';

import { WalletErrorCode } from './wallet-error-code.enum';

function numbers(codes: object): number[] {
  return Object.values(codes).filter((value): value is number => typeof value === 'number');
}

describe('WalletErrorCode', () => {
  const codes = numbers(WalletErrorCode);

  it('gives every code a unique number', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(Object.keys(WalletErrorCode).length / 2);
  });

  it('stays in 2000..2999 and never collides with a money code', () => {
    for (const code of codes) expect(code >= 2000 && code < 3000).toBe(true);
    const all = [...codes, ...numbers(MoneyErrorCode)];
    expect(new Set(all).size).toBe(all.length);
  });
});
