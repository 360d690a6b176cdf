import { Registry } from 'prom-client';

import { type GatewayConfig } from '../config/gateway.config';
import { type RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { GrpcCalls, peerIp } from './grpc-calls';
import { GrpcMetrics } from './grpc.metrics';

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

describe('GrpcCalls.unary', () => {
  /** A public call (the weight charge the only check, made here at once) whose deadline is `deadline`. */
  function run(deadline: number) {
    const calls = new GrpcCalls(
      undefined as never,
      { charge: () => Promise.resolve() } as unknown as RateLimitGuard,
      new GrpcMetrics(new Registry()),
      {} as GatewayConfig,
      undefined as never,
    );
    const handler = jest.fn(() => Promise.resolve({ ok: true }));
    const callback = jest.fn();
    const call = {
      request: {},
      getPeer: () => '127.0.0.1:50123',
      getPath: () => '/exchange.trading.v1.TradingService/PlaceOrder',
      getDeadline: () => deadline,
      // grpc-js fires `cancelled` from a timer at the deadline: never here, as on a loop busy with I/O.
      once: () => undefined,
    };
    calls.unary({ public: true }, 1, handler)(call as never, callback);
    return { handler, callback };
  }

  it('does not run a call whose deadline passed while it was checked, though grpc-js has not cancelled it yet', async () => {
    const { handler, callback } = run(Date.now() - 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(handler).not.toHaveBeenCalled();
    expect(callback).not.toHaveBeenCalled();
  });

  it('runs and answers a call within its deadline, or with none', async () => {
    for (const deadline of [Date.now() + 60_000, Infinity]) {
      const { handler, callback } = run(deadline);
      await new Promise((resolve) => setImmediate(resolve));
      expect(handler).toHaveBeenCalledTimes(1);
      expect(callback).toHaveBeenCalledWith(null, { ok: true }, expect.anything());
    }
  });
});
