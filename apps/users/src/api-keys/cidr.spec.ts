import { clientNetwork, ipAllowed, parseCidr } from './cidr';

describe(parseCidr.name, () => {
  it.each([
    ['203.0.113.0/24', { address: '203.0.113.0', prefix: 24, family: 'ipv4' }],
    ['10.1.2.3', { address: '10.1.2.3', prefix: 32, family: 'ipv4' }],
    ['0.0.0.0/0', { address: '0.0.0.0', prefix: 0, family: 'ipv4' }],
    ['2001:db8::/32', { address: '2001:db8::', prefix: 32, family: 'ipv6' }],
    ['::1', { address: '::1', prefix: 128, family: 'ipv6' }],
  ])('parses %p', (text, expected) => expect(parseCidr(text)).toEqual(expected));

  it.each([
    '',
    '10.0.0.0/33',
    '10.0.0.1/8',
    '10.0.0/8',
    '300.1.1.1',
    '10.0.0.0/',
    '10.0.0.0/-1',
    '10.0.0.0/8/1',
    'example.com/24',
    '2001:db8::1/32',
    '::/129',
    '10.0.0.0/08x',
  ])('refuses %p', (text) => expect(parseCidr(text)).toBeNull());
});

describe(ipAllowed.name, () => {
  it('allows every address with an empty list', () => expect(ipAllowed('198.51.100.7', [])).toBe(true));

  it('allows addresses inside a block and refuses those outside', () => {
    const list = ['203.0.113.0/24', '2001:db8::/32', '192.0.2.10'];
    expect(ipAllowed('203.0.113.255', list)).toBe(true);
    expect(ipAllowed('203.0.114.0', list)).toBe(false);
    expect(ipAllowed('192.0.2.10', list)).toBe(true);
    expect(ipAllowed('192.0.2.11', list)).toBe(false);
    expect(ipAllowed('2001:db8:ffff::1', list)).toBe(true);
    expect(ipAllowed('2001:db9::1', list)).toBe(false);
    expect(ipAllowed('not-an-ip', list)).toBe(false);
  });
});

describe(clientNetwork.name, () => {
  it('counts an IPv4 address alone and an IPv6 address by its /64', () => {
    expect(clientNetwork('198.51.100.7')).toBe('198.51.100.7');
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientNetwork('not an ip')).toBeNull();
  });
});
