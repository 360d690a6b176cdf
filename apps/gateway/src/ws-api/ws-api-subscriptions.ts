import { type Logger } from '@exchange/shared-util-logging';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type MarketFeedRepository } from '../streams/market-feed.repository';
import { UserEventsFeed } from '../streams/user-data-stream';

/**
 * How a subscription was made: `userDataStream.subscribe.signature` (signed, for any account), or
 * `userDataStream.subscribe` on a connection logged on with `session.logon` (for the logon's account; it ends with
 * the logon).
 */
export type SubscriptionOrigin = 'signature' | 'logon';

interface Subscription {
  userId: string;
  origin: SubscriptionOrigin;
  feed: UserEventsFeed;
  /** Events that came before the subscription's answer went out (sent right after it, in order). */
  waiting?: object[];
}

/**
 * One WebSocket API connection's user-data subscriptions (`userDataStream.subscribe.signature`,
 * `userDataStream.subscribe`): each account's events (`UserEventsFeed`, the same as a listen key's stream) pushed as
 * `{"subscriptionId", "event"}`, ids from 0 up on the connection, at most one subscription per account. An event that
 * comes before the subscription's answer is held until `answered` (the answer goes out first, as on Binance). A
 * subscription ended by request (unsubscribe, logout) sends `eventStreamTerminated` last, as Binance's does.
 */
export class WsApiSubscriptions {
  private next = 0;
  private readonly active = new Map<number, Subscription>();
  private closed = false;

  constructor(
    private readonly feeds: MarketFeedRepository,
    private readonly logger: Logger,
    private readonly push: (subscriptionId: number, event: object) => void,
  ) {}

  async subscribe(userId: string, origin: SubscriptionOrigin): Promise<{ subscriptionId: number }> {
    for (const s of this.active.values()) {
      if (s.userId === userId || (origin === 'logon' && s.origin === 'logon')) {
        throw new BinanceApiError(
          BinanceErrorCode.SUBSCRIPTION_ACTIVE,
          'User Data Stream subscription already active.',
        );
      }
    }
    const subscriptionId = this.next++;
    const subscription: Subscription = {
      userId,
      origin,
      waiting: [],
      feed: new UserEventsFeed(userId, this.feeds, this.logger, (event) => {
        if (subscription.waiting) subscription.waiting.push(event);
        else this.push(subscriptionId, event);
      }),
    };
    this.active.set(subscriptionId, subscription);
    try {
      await subscription.feed.start();
    } catch (error) {
      this.active.delete(subscriptionId);
      throw error;
    }
    // Ended while its feed was starting (the connection closed, or all were unsubscribed): what the start set up
    // is released again, so nothing is left listening for it.
    if (this.closed || this.active.get(subscriptionId) !== subscription) {
      subscription.feed.stop();
      this.active.delete(subscriptionId);
      throw new BinanceApiError(
        BinanceErrorCode.SUBSCRIPTION_INACTIVE,
        'User Data Stream subscription not active.',
      );
    }
    return { subscriptionId };
  }

  /** The subscription's answer went out: the events held until then go out now, and later ones as they come. */
  answered(subscriptionId: number): void {
    const subscription = this.active.get(subscriptionId);
    const waiting = subscription?.waiting;
    if (!subscription || !waiting) return;
    subscription.waiting = undefined;
    for (const event of waiting) this.push(subscriptionId, event);
  }

  /** Ends one subscription, or every one when `subscriptionId` is undefined. */
  unsubscribe(subscriptionId?: number): Record<string, never> {
    if (subscriptionId === undefined) {
      for (const id of [...this.active.keys()]) this.terminate(id);
      return {};
    }
    if (!this.active.has(subscriptionId)) {
      throw new BinanceApiError(
        BinanceErrorCode.SUBSCRIPTION_INACTIVE,
        'User Data Stream subscription not active.',
      );
    }
    this.terminate(subscriptionId);
    return {};
  }

  /** Whether the logon's subscription (`userDataStream.subscribe`) is active. */
  hasLogonSubscription(): boolean {
    return this.logonSubscriptionId() !== undefined;
  }

  /** The logon ended or changed account: its subscription ends (the signed ones stay). */
  endLogonSubscription(): void {
    const subscriptionId = this.logonSubscriptionId();
    if (subscriptionId !== undefined) this.terminate(subscriptionId);
  }

  list(): { subscriptionId: number }[] {
    return [...this.active.keys()].map((subscriptionId) => ({ subscriptionId }));
  }

  /** The connection closed: every subscription ends, and one still starting ends once started. */
  close(): void {
    this.closed = true;
    this.stopAll();
  }

  private logonSubscriptionId(): number | undefined {
    for (const [subscriptionId, s] of this.active) if (s.origin === 'logon') return subscriptionId;
    return undefined;
  }

  /**
   * Ends a subscription by request: its feed stops, and `eventStreamTerminated` is its last event (none for one whose
   * answer has not gone out yet: nothing may come before it).
   */
  private terminate(subscriptionId: number): void {
    const subscription = this.active.get(subscriptionId)!;
    subscription.feed.stop();
    this.active.delete(subscriptionId);
    if (!subscription.waiting) this.push(subscriptionId, { e: 'eventStreamTerminated', E: Date.now() });
  }

  private stopAll(): void {
    for (const subscription of this.active.values()) subscription.feed.stop();
    this.active.clear();
  }
}
