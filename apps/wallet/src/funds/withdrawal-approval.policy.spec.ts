import { approvalLimit, needsApproval } from './withdrawal-approval.policy';

const BTC = { code: 'BTC', decimals: 8 };
const USDT = { code: 'USDT', decimals: 6 };

describe(needsApproval.name, () => {
  it('holds back only amounts above the listed asset limit', () => {
    const setting = 'BTC=1,USDT=50000.5';
    expect(needsApproval(setting, BTC, 100_000_000n)).toBe(false);
    expect(needsApproval(setting, BTC, 100_000_001n)).toBe(true);
    expect(needsApproval(setting, USDT, 50_000_500_000n)).toBe(false);
    expect(needsApproval(setting, USDT, 50_000_500_001n)).toBe(true);
  });

  it('lets unlisted assets and an empty setting through', () => {
    expect(needsApproval('USDT=1', BTC, 10n ** 20n)).toBe(false);
    expect(needsApproval('', BTC, 10n ** 20n)).toBe(false);
  });

  it('reads a limit finer than the asset the stricter way (rounded down)', () => {
    expect(needsApproval('USDT=1.0000009', USDT, 1_000_001n)).toBe(true);
    expect(needsApproval('USDT=1.0000009', USDT, 1_000_000n)).toBe(false);
  });
});

describe(approvalLimit.name, () => {
  it('reads the listed asset’s limit in its minor units, rounded down to its decimals', () => {
    expect(approvalLimit('BTC=1,USDT=50000.5', BTC)).toBe(100_000_000n);
    expect(approvalLimit('BTC=1,USDT=50000.5', USDT)).toBe(50_000_500_000n);
    expect(approvalLimit('USDT=1.0000009', USDT)).toBe(1_000_000n);
  });

  it('has none for an unlisted asset or an empty setting', () => {
    expect(approvalLimit('USDT=1', BTC)).toBeUndefined();
    expect(approvalLimit('', BTC)).toBeUndefined();
  });
});
