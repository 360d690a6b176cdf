import { type Logger } from '@exchange/shared-util-logging';

import { type MarketFeedRepository } from '../streams/market-feed.repository';
import { WsApiSubscriptions } from './ws-api-subscriptions';

/** The pod's listener registry as the subscriptions use it: listeners by subject, fed by the test. */
function feeds(delayMs = 0) {
  const listeners = new Map<string, (m: unknown) => void>();
  const repository = {
    listen: async (subject: string, listener: (m: unknown) => void) => {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      listeners.set(subject, listener);
      return () => listeners.delete(subject);
    },
  } as unknown as MarketFeedRepository;
  return { repository, listeners };
}

const logger = { error: () => undefined } as unknown as Logger;

const balance = (userId: string) => ({
  v: 1,
  userId,
  ts: 1_700_000_000_000,
  balances: [{ asset: 'USDT', available: '10.000000', held: '0.000000', total: '10.000000' }],
});

describe(WsApiSubscriptions.name, () => {
  it("pushes an account's events after its answer, by subscription id, until unsubscribed", async () => {
    const nats = feeds();
    const pushed: [number, string][] = [];
    const sut = new WsApiSubscriptions(nats.repository, logger, (id, event) =>
      pushed.push([id, (event as { e: string }).e]),
    );
    expect(await sut.subscribe('u1')).toEqual({ subscriptionId: 0 });
    // Before the answer: held.
    nats.listeners.get('user.u1.balance')!(balance('u1'));
    expect(pushed).toEqual([]);
    sut.answered(0);
    expect(pushed).toEqual([[0, 'outboundAccountPosition']]);
    nats.listeners.get('user.u1.balance')!(balance('u1'));
    expect(pushed).toHaveLength(2);

    await expect(sut.subscribe('u1')).rejects.toMatchObject({ code: -2035 });
    expect(await sut.subscribe('u2')).toEqual({ subscriptionId: 1 });
    expect(sut.list()).toEqual([{ subscriptionId: 0 }, { subscriptionId: 1 }]);
    expect(() => sut.unsubscribe(9)).toThrow(expect.objectContaining({ code: -2036 }));
    sut.unsubscribe(0);
    expect(nats.listeners.has('user.u1.balance')).toBe(false);
    expect(nats.listeners.has('user.u2.balance')).toBe(true);
    sut.unsubscribe();
    expect(nats.listeners.size).toBe(0);
    expect(sut.list()).toEqual([]);
  });

  it('leaves nothing listening when the connection closes while a subscription starts', async () => {
    const nats = feeds(20);
    const sut = new WsApiSubscriptions(nats.repository, logger, () => undefined);
    const starting = sut.subscribe('u1');
    sut.close();
    await expect(starting).rejects.toMatchObject({ code: -2036 });
    expect(nats.listeners.size).toBe(0);
  });
});
