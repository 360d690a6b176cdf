import { binanceDateTime, DEPOSIT_STATUS, mapDeposit, mapWithdrawal } from './capital.mapper';

describe('capital mappers', () => {
  it('writes times the way Binance writes applyTime: UTC, to the second', () => {
    expect(binanceDateTime(Date.UTC(2026, 10, 26, 3, 4, 5, 678))).toBe('2026-11-26 03:04:05');
  });

  const deposit = {
    asset: 'BTC',
    amount: '1.00000000',
    status: 'CONFIRMED' as const,
    time: 5,
    creditTime: 9,
    confirmations: 0,
    requiredConfirmations: 0,
    address: '',
  };

  it('shows a chain deposit’s txid:vout as txId and a faucet credit without one', () => {
    expect(
      mapDeposit({
        ...deposit,
        depositId: 'abc:0',
        source: 'CHAIN',
        confirmations: 4,
        requiredConfirmations: 3,
        address: 'sim1qx',
      }),
    ).toMatchObject({ txId: 'abc:0', status: 1, confirmTimes: '4/3', unlockConfirm: 3, address: 'sim1qx' });
    expect(mapDeposit({ ...deposit, depositId: 'uuid', source: 'FAUCET' })).toMatchObject({
      txId: '',
      coin: 'BTC',
      confirmTimes: '',
      completeTime: 9,
    });
  });

  it('numbers a pending deposit 0 with its confirmations so far and no completeTime', () => {
    const pending = mapDeposit({
      ...deposit,
      depositId: 'abc:1',
      source: 'CHAIN',
      status: 'PENDING',
      creditTime: null,
      confirmations: 2,
      requiredConfirmations: 12,
    });
    expect(pending).toMatchObject({ status: 0, confirmTimes: '2/12', insertTime: 5 });
    expect(pending).not.toHaveProperty('completeTime');
  });

  it('numbers a deposit whose transfer left the chain 7 (wrong deposit), with its count and no completeTime', () => {
    const reverted = mapDeposit({
      ...deposit,
      depositId: 'abc:2',
      source: 'CHAIN',
      status: 'REVERTED',
      creditTime: 11,
      confirmations: 0,
      requiredConfirmations: 3,
    });
    expect(reverted).toMatchObject({ status: 7, txId: 'abc:2', confirmTimes: '0/3', insertTime: 5 });
    expect(reverted).not.toHaveProperty('completeTime');
  });

  it('gives every wallet deposit state its own Binance number', () => {
    const numbers = Object.values(DEPOSIT_STATUS);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(DEPOSIT_STATUS).toEqual({ PENDING: 0, CONFIRMED: 1, REVERTED: 7 });
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
      txId: null,
      confirmations: 0,
      time: 0,
      updateTime: 1_000,
      clientWithdrawalId: null,
    };
    const statuses = (
      ['PENDING_APPROVAL', 'REQUESTED', 'SENT', 'COMPLETED', 'FAILED', 'REJECTED'] as const
    ).map((status) => mapWithdrawal({ ...w, status }).status);
    expect(statuses).toEqual([2, 4, 4, 6, 5, 3]);
    expect(mapWithdrawal({ ...w, status: 'REQUESTED' })).not.toHaveProperty('completeTime');
    expect(mapWithdrawal({ ...w, status: 'SENT', txId: 'ff', confirmations: 2 })).toMatchObject({
      txId: 'ff',
      confirmNo: 2,
    });
    expect(mapWithdrawal({ ...w, status: 'COMPLETED' })).toMatchObject({
      completeTime: '1970-01-01 00:00:01',
      transactionFee: '0.00010000',
    });
    // Binance's `withdrawOrderId` only when the client named one.
    expect(mapWithdrawal({ ...w, status: 'REQUESTED' })).not.toHaveProperty('withdrawOrderId');
    expect(mapWithdrawal({ ...w, status: 'REQUESTED', clientWithdrawalId: 'bot-42' }).withdrawOrderId).toBe(
      'bot-42',
    );
  });
});
