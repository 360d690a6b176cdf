import {
  accountId,
  availableAccount,
  heldAccount,
  mayGoNegative,
  validateAccountKey,
  venueAccount,
} from './account-key.model';
import { WalletErrorCode } from './wallet-error-code.enum';

describe(accountId.name, () => {
  it('names user and venue accounts distinctly', () => {
    expect(accountId(availableAccount('u1', 'BTC'))).toBe('user:u1:BTC:AVAILABLE');
    expect(accountId(heldAccount('u1', 'BTC'))).toBe('user:u1:BTC:HELD');
    expect(accountId(venueAccount('FEES', 'BTC'))).toBe('venue:FEES:BTC');
  });
});

describe(mayGoNegative.name, () => {
  it('allows only the outside-world mirror below zero', () => {
    expect(mayGoNegative(venueAccount('EXTERNAL', 'BTC'))).toBe(true);
    expect(mayGoNegative(venueAccount('FEES', 'BTC'))).toBe(false);
    expect(mayGoNegative(venueAccount('DEPOSITS_IN_FLIGHT', 'BTC'))).toBe(false);
    expect(mayGoNegative(availableAccount('u1', 'BTC'))).toBe(false);
  });
});

describe(validateAccountKey.name, () => {
  it.each([
    [null],
    [{ owner: 'USER', userId: 'u:1', asset: 'BTC', kind: 'AVAILABLE' }],
    [{ owner: 'USER', userId: 'u1', asset: 'btc', kind: 'AVAILABLE' }],
    [{ owner: 'USER', userId: 'u1', asset: 'BTC', kind: 'FEES' }],
    [{ owner: 'VENUE', asset: 'BTC', kind: 'HELD' }],
    [{ owner: 'BANK', asset: 'BTC', kind: 'FEES' }],
  ])('rejects %p', (key) => {
    expect(validateAccountKey(key)).toMatchObject({ ok: false, code: WalletErrorCode.INVALID_ACCOUNT });
  });

  it('accepts and freezes a valid key', () => {
    const result = validateAccountKey({ owner: 'USER', userId: 'u-1', asset: 'BTC', kind: 'HELD' });
    expect(result).toEqual({ ok: true, value: heldAccount('u-1', 'BTC') });
    expect(result.ok && Object.isFrozen(result.value)).toBe(true);
  });
});
