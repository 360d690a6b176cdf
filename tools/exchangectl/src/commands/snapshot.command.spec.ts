import { matchingSnapshotRequestSchema } from '@exchange/shared-contracts';

import { UsageError } from '../io';
import { snapshotRequest } from './snapshot.command';

describe(snapshotRequest.name, () => {
  const sut = snapshotRequest;

  it('builds a request the contract accepts, with a fresh ctl-<uuid> id each time', () => {
    const [a, b] = [sut('BTC-USDT'), sut('BTC-USDT')];
    expect(matchingSnapshotRequestSchema.parse(a)).toEqual({
      v: 1,
      market: 'BTC-USDT',
      requestId: a.requestId,
    });
    expect(a.requestId).toMatch(/^ctl-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.requestId).not.toBe(b.requestId);
  });

  it.each(['btc-usdt', 'BTCUSDT', 'BTC-USDT.>'])('refuses %p as a market with a usage error', (market) => {
    expect(() => sut(market)).toThrow(UsageError);
    expect(() => sut(market)).toThrow('invalid market: expected a market id like BTC-USDT');
  });
});
