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
    expect(await sut.subscribe('u1', 'signature')).toEqual({ subscriptionId: 0 });
    // Before the answer: held.
    nats.listeners.get('user.u1.balance')!(balance('u1'));
    expect(pushed).toEqual([]);
    sut.answered(0);
    expect(pushed).toEqual([[0, 'outboundAccountPosition']]);
    nats.listeners.get('user.u1.balance')!(balance('u1'));
    expect(pushed).toHaveLength(2);

    await expect(sut.subscribe('u1', 'signature')).rejects.toMatchObject({ code: -2035 });
    expect(await sut.subscribe('u2', 'signature')).toEqual({ subscriptionId: 1 });
    sut.answered(1);
    expect(sut.list()).toEqual([{ subscriptionId: 0 }, { subscriptionId: 1 }]);
    expect(() => sut.unsubscribe(9)).toThrow(expect.objectContaining({ code: -2036 }));
    sut.unsubscribe(0);
    expect(nats.listeners.has('user.u1.balance')).toBe(false);
    expect(nats.listeners.has('user.u2.balance')).toBe(true);
    // The last event of a subscription ended by request.
    expect(pushed.at(-1)).toEqual([0, 'eventStreamTerminated']);
    sut.unsubscribe();
    expect(nats.listeners.size).toBe(0);
    expect(sut.list()).toEqual([]);
    expect(pushed.slice(-2)).toEqual([
      [0, 'eventStreamTerminated'],
      [1, 'eventStreamTerminated'],
    ]);
  });

  it("ends the logon's subscription alone when the logon ends; one logon subscription at a time", async () => {
    const nats = feeds();
    const pushed: [number, string][] = [];
    const sut = new WsApiSubscriptions(nats.repository, logger, (id, event) =>
      pushed.push([id, (event as { e: string }).e]),
    );
    await sut.subscribe('u1', 'signature');
    sut.answered(0);
    expect(sut.hasLogonSubscription()).toBe(false);
    expect(await sut.subscribe('u2', 'logon')).toEqual({ subscriptionId: 1 });
    sut.answered(1);
    expect(sut.hasLogonSubscription()).toBe(true);
    await expect(sut.subscribe('u3', 'logon')).rejects.toMatchObject({ code: -2035 });

    sut.endLogonSubscription();
    expect(sut.hasLogonSubscription()).toBe(false);
    expect(sut.list()).toEqual([{ subscriptionId: 0 }]);
    expect(pushed).toEqual([[1, 'eventStreamTerminated']]);
    expect(nats.listeners.has('user.u1.balance')).toBe(true);
    expect(nats.listeners.has('user.u2.balance')).toBe(false);
    // Nothing to end: nothing happens.
    sut.endLogonSubscription();
    expect(pushed).toHaveLength(1);
  });

  it('leaves nothing listening when the connection closes while a subscription starts', async () => {
    const nats = feeds(20);
    const sut = new WsApiSubscriptions(nats.repository, logger, () => undefined);
    const starting = sut.subscribe('u1', 'signature');
    sut.close();
    await expect(starting).rejects.toMatchObject({ code: -2036 });
    expect(nats.listeners.size).toBe(0);
  });
});
