import { type Logger } from '@exchange/shared-util-logging';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type MarketFeedRepository } from '../streams/market-feed.repository';
import { UserEventsFeed } from '../streams/user-data-stream';

interface Subscription {
  userId: string;
  feed: UserEventsFeed;
  /** Events that came before the subscription's answer went out (sent right after it, in order). */
  waiting?: object[];
}

/**
 * One WebSocket API connection's user-data subscriptions (`userDataStream.subscribe.signature`): each account's
 * events (`UserEventsFeed`, the same as a listen key's stream) pushed as `{"subscriptionId", "event"}`, ids from 0
 * up on the connection, at most one subscription per account. An event that comes before the subscription's answer
 * is held until `answered` (the answer goes out first, as on Binance).
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

  async subscribe(userId: string): Promise<{ subscriptionId: number }> {
    for (const s of this.active.values()) {
      if (s.userId === userId) {
        throw new BinanceApiError(
          BinanceErrorCode.SUBSCRIPTION_ACTIVE,
          'User Data Stream subscription already active.',
        );
      }
    }
    const subscriptionId = this.next++;
    const subscription: Subscription = {
      userId,
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
      this.stopAll();
      return {};
    }
    const subscription = this.active.get(subscriptionId);
    if (!subscription) {
      throw new BinanceApiError(
        BinanceErrorCode.SUBSCRIPTION_INACTIVE,
        'User Data Stream subscription not active.',
      );
    }
    subscription.feed.stop();
    this.active.delete(subscriptionId);
    return {};
  }

  list(): { subscriptionId: number }[] {
    return [...this.active.keys()].map((subscriptionId) => ({ subscriptionId }));
  }

  /** The connection closed: every subscription ends, and one still starting ends once started. */
  close(): void {
    this.closed = true;
    this.stopAll();
  }

  private stopAll(): void {
    for (const subscription of this.active.values()) subscription.feed.stop();
    this.active.clear();
  }
}
