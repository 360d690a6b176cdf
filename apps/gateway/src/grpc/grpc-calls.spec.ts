import { peerIp } from './grpc-calls';

describe(peerIp.name, () => {
  it.each([
    ['127.0.0.1:50123', '127.0.0.1'],
    ['[::1]:50123', '::1'],
    ['[::ffff:10.1.2.3]:443', '10.1.2.3'],
    ['[2001:db8::7]:9090', '2001:db8::7'],
  ])('reads the address of peer %s as %s', (peer, ip) => {
    expect(peerIp(peer)).toBe(ip);
  });
});
