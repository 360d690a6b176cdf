import {
  chainDepositId,
  confirmationRule,
  confirmationsAt,
  nextDepositStep,
  nextWithdrawalStep,
} from './chain-transfer.policy';

describe('chain transfers', () => {
  it('names a deposit by txid and output', () => {
    expect(chainDepositId({ txid: 'ab12', vout: 3 })).toBe('ab12:3');
  });

  it('counts the block that holds a transfer as its first confirmation', () => {
    expect(confirmationsAt(10, 10)).toBe(1);
    expect(confirmationsAt(10, 12)).toBe(3);
    expect(confirmationsAt(null, 12)).toBe(0);
    // Seen in a block the chain has since dropped (the tip went back in a reorg): not confirmed.
    expect(confirmationsAt(13, 12)).toBe(0);
  });

  it('credits a pending deposit only once the threshold is reached, and never a credited one again', () => {
    expect(nextDepositStep('PENDING', 0, 3)).toEqual({ kind: 'WAIT', confirmations: 0 });
    expect(nextDepositStep('PENDING', 2, 3)).toEqual({ kind: 'WAIT', confirmations: 2 });
    expect(nextDepositStep('PENDING', 3, 3)).toEqual({ kind: 'CREDIT', confirmations: 3 });
    expect(nextDepositStep('PENDING', 9, 3)).toEqual({ kind: 'CREDIT', confirmations: 9 });
    expect(nextDepositStep('CONFIRMED', 9, 3)).toEqual({ kind: 'DONE', confirmations: 9 });
    // A reorg after the credit lowers the count; the credit stands.
    expect(nextDepositStep('CONFIRMED', 0, 3)).toEqual({ kind: 'DONE', confirmations: 0 });
  });

  it('completes a sent withdrawal at the threshold with the fee the chain took, or fails it', () => {
    expect(nextWithdrawalStep({ kind: 'SEEN', confirmations: 1, networkFee: 5n }, 2)).toEqual({
      kind: 'WAIT',
      confirmations: 1,
    });
    expect(nextWithdrawalStep({ kind: 'SEEN', confirmations: 2, networkFee: 5n }, 2)).toEqual({
      kind: 'COMPLETE',
      confirmations: 2,
      networkFee: 5n,
    });
    expect(nextWithdrawalStep({ kind: 'FAILED', reason: 'dropped' }, 2)).toEqual({
      kind: 'FAIL',
      reason: 'dropped',
    });
  });

  it('reads the confirmations per asset with a fallback', () => {
    const rule = confirmationRule(3, 'BTC=2, ETH=12')!;
    expect([rule('BTC'), rule('ETH'), rule('USDT')]).toEqual([2, 12, 3]);
    expect(confirmationRule(1, '')!('BTC')).toBe(1);
  });

  it.each([
    [0, ''],
    [3, 'BTC'],
    [3, 'BTC=0'],
    [3, 'btc=2'],
    [3, 'BTC=x'],
  ])('refuses the setting %p / %p', (fallback, perAsset) => {
    expect(confirmationRule(fallback, perAsset)).toBeUndefined();
  });
});
