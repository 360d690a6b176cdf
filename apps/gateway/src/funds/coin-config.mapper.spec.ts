import { toCoinConfig } from './coin-config.mapper';

const btc = {
  asset: 'BTC',
  decimals: 8,
  enabled: true,
  depositConfirmations: 2,
  withdrawalApprovalAbove: '1.5',
};

describe(toCoinConfig.name, () => {
  it("gives a coin Binance's fields: the caller's balance, what is on its way out, its one network's rules", () => {
    const coin = toCoinConfig(btc, {
      balance: { asset: 'BTC', available: '2.50000000', held: '0.10000000', total: '2.60000000' },
      withdrawingUnits: 75_000_000n,
      trading: true,
    });
    expect(coin).toMatchObject({
      coin: 'BTC',
      depositAllEnable: true,
      withdrawAllEnable: true,
      free: '2.50000000',
      locked: '0.10000000',
      withdrawing: '0.75000000',
      freeze: '0.00000000',
      isLegalMoney: false,
      trading: true,
    });
    expect(coin.networkList).toEqual([
      expect.objectContaining({
        network: 'BTC',
        coin: 'BTC',
        isDefault: true,
        depositEnable: true,
        withdrawEnable: true,
        withdrawFee: '0.00000000',
        withdrawMin: '0.00000001',
        withdrawIntegerMultiple: '0.00000001',
        withdrawMax: `${'9'.repeat(30)}.${'9'.repeat(8)}`,
        minConfirm: 2,
        unLockConfirm: 2,
        withdrawDesc: "Withdrawals above 1.50000000 BTC wait for an operator's approval.",
      }),
    ]);
  });

  it('shows a coin the caller never held as zero, and a disabled one closed both ways', () => {
    const coin = toCoinConfig(
      { ...btc, asset: 'DOGE', enabled: false, withdrawalApprovalAbove: null },
      { withdrawingUnits: 0n, trading: false },
    );
    expect(coin).toMatchObject({
      free: '0.00000000',
      locked: '0.00000000',
      withdrawing: '0.00000000',
      depositAllEnable: false,
      withdrawAllEnable: false,
      trading: false,
    });
    expect(coin.networkList[0]).toMatchObject({
      depositEnable: false,
      withdrawEnable: false,
      withdrawDesc: 'Withdrawals of this coin are suspended.',
    });
  });
});
