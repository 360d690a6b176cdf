import { isIpAllowed } from './ip-allow-list';

describe(isIpAllowed.name, () => {
  it('allows any address with an empty list', () => {
    expect(isIpAllowed('198.51.100.7', [])).toBe(true);
  });

  it('matches single addresses and CIDR blocks of either family', () => {
    const list = ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32'];
    expect(isIpAllowed('203.0.113.200', list)).toBe(true);
    expect(isIpAllowed('198.51.100.7', list)).toBe(true);
    expect(isIpAllowed('2001:db8::1', list)).toBe(true);
    expect(isIpAllowed('198.51.100.8', list)).toBe(false);
    expect(isIpAllowed('203.0.114.1', list)).toBe(false);
    expect(isIpAllowed('2001:db9::1', list)).toBe(false);
  });

  it('refuses what is not an address', () => {
    expect(isIpAllowed('unknown', ['0.0.0.0/0'])).toBe(false);
  });
});
