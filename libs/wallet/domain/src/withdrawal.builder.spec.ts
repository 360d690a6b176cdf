import { unwrap } from '../test/wallet.fixtures';
import { availableAccount, venueAccount } from './account-key.model';
import { BalanceBook } from './balance-book.model';
import { buildFaucetDeposit } from './deposit.builder';
import {
  buildWithdrawalCompleted,
  buildWithdrawalFailed,
  buildWithdrawalRequested,
} from './withdrawal.builder';
import { WalletErrorCode } from './wallet-error-code.enum';

describe('withdrawal flow', () => {
  const withdrawal = { withdrawalId: 'w1', userId: 'u1', asset: 'USDT', amount: 70n };
  let sut: BalanceBook;

  beforeEach(() => {
    sut = new BalanceBook();
    unwrap(
      sut.apply(unwrap(buildFaucetDeposit({ depositId: 'd1', userId: 'u1', asset: 'USDT', amount: 100n }))),
    );
    unwrap(sut.apply(unwrap(buildWithdrawalRequested(withdrawal))));
  });

  it('parks the amount in WITHDRAWALS_IN_FLIGHT', () => {
    expect(sut.balance(availableAccount('u1', 'USDT'))).toBe(30n);
    expect(sut.balance(venueAccount('WITHDRAWALS_IN_FLIGHT', 'USDT'))).toBe(70n);
  });

  it('sends it to EXTERNAL on completion, keeping the network fee', () => {
    unwrap(sut.apply(unwrap(buildWithdrawalCompleted({ ...withdrawal, networkFee: 2n }))));
    expect(sut.balance(venueAccount('WITHDRAWALS_IN_FLIGHT', 'USDT'))).toBe(0n);
    expect(sut.balance(venueAccount('EXTERNAL', 'USDT'))).toBe(-100n + 68n);
    expect(sut.balance(venueAccount('FEES', 'USDT'))).toBe(2n);
  });

  it('returns it to the user on failure', () => {
    unwrap(sut.apply(unwrap(buildWithdrawalFailed(withdrawal))));
    expect(sut.balance(availableAccount('u1', 'USDT'))).toBe(100n);
  });

  it('refuses a withdrawal beyond the available balance', () => {
    const tooMuch = unwrap(buildWithdrawalRequested({ ...withdrawal, withdrawalId: 'w2', amount: 31n }));
    expect(sut.apply(tooMuch)).toMatchObject({ ok: false, code: WalletErrorCode.INSUFFICIENT_FUNDS });
  });

  it('rejects bad amounts and network fees', () => {
    expect(buildWithdrawalRequested({ ...withdrawal, amount: 0n })).toMatchObject({
      code: WalletErrorCode.INVALID_AMOUNT,
    });
    expect(buildWithdrawalCompleted({ ...withdrawal, networkFee: 71n })).toMatchObject({
      code: WalletErrorCode.INVALID_NETWORK_FEE,
    });
    expect(buildWithdrawalCompleted({ ...withdrawal, networkFee: -1n })).toMatchObject({
      code: WalletErrorCode.INVALID_NETWORK_FEE,
    });
  });
});
