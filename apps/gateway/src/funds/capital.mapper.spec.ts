import { binanceDateTime, mapDeposit, mapWithdrawal } from './capital.mapper';

describe('capital mappers', () => {
  it('writes times the way Binance writes applyTime: UTC, to the second', () => {
    expect(binanceDateTime(Date.UTC(2026, 10, 26, 3, 4, 5, 678))).toBe('2026-11-26 03:04:05');
  });

  it('shows a chain deposit’s txid:vout as txId and a faucet credit without one', () => {
    const base = { asset: 'BTC', amount: '1.00000000', status: 'CONFIRMED' as const, time: 5 };
    expect(mapDeposit({ ...base, depositId: 'abc:0', source: 'CHAIN' })).toMatchObject({
      txId: 'abc:0',
      status: 1,
    });
    expect(mapDeposit({ ...base, depositId: 'uuid', source: 'FAUCET' })).toMatchObject({
      txId: '',
      coin: 'BTC',
    });
  });

  it('numbers withdrawal states as Binance does and gives a finished one its completeTime', () => {
    const w = {
      withdrawalId: 'w1',
      asset: 'BTC',
      amount: '2.00000000',
      networkFee: '0.00010000',
      address: 'bc1',
      reason: null,
      reviewedBy: null,
      time: 0,
      updateTime: 1_000,
    };
    const statuses = (['PENDING_APPROVAL', 'REQUESTED', 'COMPLETED', 'FAILED', 'REJECTED'] as const).map(
      (status) => mapWithdrawal({ ...w, status }).status,
    );
    expect(statuses).toEqual([2, 4, 6, 5, 3]);
    expect(mapWithdrawal({ ...w, status: 'REQUESTED' })).not.toHaveProperty('completeTime');
    expect(mapWithdrawal({ ...w, status: 'COMPLETED' })).toMatchObject({
      completeTime: '1970-01-01 00:00:01',
      transactionFee: '0.00010000',
    });
  });
});
