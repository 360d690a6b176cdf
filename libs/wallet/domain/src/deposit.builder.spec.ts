import { unwrap } from '../test/wallet.fixtures';
import { availableAccount, venueAccount } from './account-key.model';
import { BalanceBook } from './balance-book.model';
import {
  buildDepositConfirmed,
  buildDepositDetected,
  buildDepositReverted,
  buildFaucetDeposit,
} from './deposit.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

describe('deposit flow', () => {
  const deposit = { depositId: 'tx-1', userId: 'u1', asset: 'BTC', amount: 250n };

  it('credits the user from EXTERNAL through DEPOSITS_IN_FLIGHT once confirmed', () => {
    const sut = new BalanceBook();
    unwrap(sut.apply(unwrap(buildDepositDetected(deposit))));
    expect(sut.balance(venueAccount('DEPOSITS_IN_FLIGHT', 'BTC'))).toBe(250n);
    expect(sut.balance(availableAccount('u1', 'BTC'))).toBe(0n);
    unwrap(sut.apply(unwrap(buildDepositConfirmed(deposit))));
    expect(sut.balance(venueAccount('DEPOSITS_IN_FLIGHT', 'BTC'))).toBe(0n);
    expect(sut.balance(availableAccount('u1', 'BTC'))).toBe(250n);
    expect(sut.balance(venueAccount('EXTERNAL', 'BTC'))).toBe(-250n);
    expect(sut.apply(unwrap(buildDepositConfirmed(deposit)))).toEqual({
      ok: true,
      value: { duplicate: true },
    });
  });

  it('returns a reverted deposit to EXTERNAL, and cannot confirm what was never detected', () => {
    const sut = new BalanceBook();
    expect(sut.apply(unwrap(buildDepositConfirmed(deposit)))).toMatchObject({
      ok: false,
      code: WalletErrorCode.INSUFFICIENT_FUNDS,
    });
    unwrap(sut.apply(unwrap(buildDepositDetected(deposit))));
    unwrap(sut.apply(unwrap(buildDepositReverted(deposit))));
    expect(sut.accounts().every((a) => a.amount === 0n)).toBe(true);
  });

  it('gives each round of a deposit detected again after a revert its own transactions, and credits it once', () => {
    const ids = [0, 1, 2].map((round) => [
      unwrap(buildDepositDetected({ ...deposit, round })).id,
      unwrap(buildDepositReverted({ ...deposit, round })).id,
    ]);
    expect(ids).toEqual([
      ['deposit-detected:tx-1', 'deposit-reverted:tx-1'],
      ['deposit-detected:tx-1#1', 'deposit-reverted:tx-1#1'],
      ['deposit-detected:tx-1#2', 'deposit-reverted:tx-1#2'],
    ]);
    const sut = new BalanceBook();
    unwrap(sut.apply(unwrap(buildDepositDetected(deposit))));
    unwrap(sut.apply(unwrap(buildDepositReverted(deposit))));
    unwrap(sut.apply(unwrap(buildDepositDetected({ ...deposit, round: 1 }))));
    expect(sut.balance(venueAccount('DEPOSITS_IN_FLIGHT', 'BTC'))).toBe(250n);
    unwrap(sut.apply(unwrap(buildDepositConfirmed({ ...deposit, round: 1 }))));
    expect(unwrap(buildDepositConfirmed({ ...deposit, round: 1 })).id).toBe('deposit-confirmed:tx-1');
    expect(sut.balance(availableAccount('u1', 'BTC'))).toBe(250n);
    expect(sut.balance(venueAccount('DEPOSITS_IN_FLIGHT', 'BTC'))).toBe(0n);
  });

  it('lets the faucet do both legs in one transaction', () => {
    const sut = new BalanceBook();
    unwrap(sut.apply(unwrap(buildFaucetDeposit(deposit))));
    expect(sut.balance(availableAccount('u1', 'BTC'))).toBe(250n);
  });

  it.each([0n, -1n])('rejects the amount %p', (amount) => {
    expect(buildDepositDetected({ ...deposit, amount })).toMatchObject({
      ok: false,
      code: WalletErrorCode.INVALID_AMOUNT,
    });
    expect(buildFaucetDeposit({ ...deposit, amount })).toMatchObject({
      ok: false,
      code: WalletErrorCode.INVALID_AMOUNT,
    });
  });
});
