import {
  balanceUpdateSchema,
  orderUpdatesOf,
  SUBJECTS,
  userBalanceSubject,
  userOrderMessageSchema,
  userOrderSubject,
} from '@exchange/shared-contracts';
import { type Logger } from '@exchange/shared-util-logging';

import { type ListenKeyRepository } from '../user-stream/listen-key.repository';
import { type MarketFeedRepository } from './market-feed.repository';
import { type Emit, type MarketStream } from './market-streams';
import { type UserDataStreamSpec } from './stream-name';
import {
  toAccountPosition,
  toBalanceUpdate,
  toExecutionReport,
  toListenKeyExpired,
} from './user-data-events';

/** What a user-data stream needs: the wallet's `user.<id>.*` facts, the listen keys and how often to check them. */
export interface UserDataSources {
  feeds: MarketFeedRepository;
  listenKeys: ListenKeyRepository;
  checkMs: number;
  logger: Logger;
}

/**
 * `/ws/<listenKey>`: the wallet's `user.<id>.order` and `user.<id>.balance` facts as Binance's `executionReport`,
 * `outboundAccountPosition` and `balanceUpdate`. Every `checkMs`, and at once when a pod says the key was deleted
 * (`gateway.evt.listen-key-closed.v1`), it looks the listen key up; once it is gone (expired or deleted) it sends
 * `listenKeyExpired` and calls `expired`, which closes the stream's connections.
 */
export class UserDataStream implements MarketStream {
  private readonly releases: (() => void)[] = [];
  private timer?: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly spec: UserDataStreamSpec,
    private readonly sources: UserDataSources,
    private readonly emit: Emit,
    private readonly expired: () => void,
  ) {}

  async start(): Promise<void> {
    const { feeds } = this.sources;
    try {
      this.releases.push(
        await feeds.listen(userOrderSubject(this.spec.userId), (m) => this.onOrder(m)),
        await feeds.listen(userBalanceSubject(this.spec.userId), (m) => this.onBalance(m)),
        await feeds.listen(SUBJECTS.gateway.listenKeyClosed, (m) => {
          if ((m as { listenKey?: unknown } | null)?.listenKey === this.spec.listenKey) void this.check();
        }),
      );
    } catch (error) {
      this.stop();
      throw error;
    }
    this.timer = setInterval(() => void this.check(), this.sources.checkMs);
    // A key deleted while the subscriptions above were being set up was announced before this pod listened.
    void this.check();
  }

  stop(): void {
    this.ended = true;
    clearInterval(this.timer);
    for (const release of this.releases.splice(0)) release();
  }

  /** One execution (version 1) or several in order (version 2, one per settlement): one report each, in order. */
  private onOrder(message: unknown): void {
    const parsed = userOrderMessageSchema.safeParse(message);
    if (!parsed.success || parsed.data.userId !== this.spec.userId) return this.refuse(message);
    for (const update of orderUpdatesOf(parsed.data)) this.emit(toExecutionReport(update));
  }

  private onBalance(message: unknown): void {
    const parsed = balanceUpdateSchema.safeParse(message);
    if (!parsed.success || parsed.data.userId !== this.spec.userId) return this.refuse(message);
    const update = parsed.data;
    if (update.movement) this.emit(toBalanceUpdate({ ...update, movement: update.movement }));
    this.emit(toAccountPosition(update));
  }

  private refuse(message: unknown): void {
    this.sources.logger.error({ message }, 'a user event that does not match its contract was dropped');
  }

  private async check(): Promise<void> {
    let record;
    try {
      record = await this.sources.listenKeys.find(this.spec.listenKey);
    } catch (error) {
      // Redis unavailable: the key may well be alive; ask again next time.
      return this.sources.logger.warn({ err: error }, 'listen key check failed');
    }
    if (this.ended || (record && record.userId === this.spec.userId)) return;
    this.ended = true;
    clearInterval(this.timer);
    this.emit(toListenKeyExpired(this.spec.listenKey, Date.now()));
    this.expired();
  }
}
