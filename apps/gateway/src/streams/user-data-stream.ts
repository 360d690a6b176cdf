import {
  balanceUpdateSchema,
  isReportedExecution,
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
 * One user's account events as Binance writes them: the wallet's `user.<id>.order` and `user.<id>.balance` facts as
 * `executionReport`, `outboundAccountPosition` and `balanceUpdate`, in the order they come. Shared by the listen
 * key's stream (`/ws/<listenKey>`) and the WebSocket API's `userDataStream.subscribe.signature`.
 */
export class UserEventsFeed {
  private readonly releases: (() => void)[] = [];

  constructor(
    private readonly userId: string,
    private readonly feeds: MarketFeedRepository,
    private readonly logger: Logger,
    private readonly emit: Emit,
  ) {}

  async start(): Promise<void> {
    try {
      this.releases.push(
        await this.feeds.listen(userOrderSubject(this.userId), (m) => this.onOrder(m)),
        await this.feeds.listen(userBalanceSubject(this.userId), (m) => this.onBalance(m)),
      );
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  stop(): void {
    for (const release of this.releases.splice(0)) release();
  }

  /** One execution (version 1) or several in order (version 2, one per settlement): one report each, in order. */
  private onOrder(message: unknown): void {
    const parsed = userOrderMessageSchema.safeParse(message);
    if (!parsed.success || parsed.data.userId !== this.userId) return this.refuse(message);
    for (const update of orderUpdatesOf(parsed.data)) {
      if (isReportedExecution(update)) this.emit(toExecutionReport(update));
    }
  }

  private onBalance(message: unknown): void {
    const parsed = balanceUpdateSchema.safeParse(message);
    if (!parsed.success || parsed.data.userId !== this.userId) return this.refuse(message);
    const update = parsed.data;
    if (update.movement) this.emit(toBalanceUpdate({ ...update, movement: update.movement }));
    this.emit(toAccountPosition(update));
  }

  private refuse(message: unknown): void {
    this.logger.error({ message }, 'a user event that does not match its contract was dropped');
  }
}

/**
 * `/ws/<listenKey>`: the user's account events (`UserEventsFeed`). Every `checkMs`, and at once when a pod says the
 * key was deleted (`gateway.evt.listen-key-closed.v1`), it looks the listen key up; once it is gone (expired or
 * deleted) it sends `listenKeyExpired` and calls `expired`, which closes the stream's connections.
 */
export class UserDataStream implements MarketStream {
  private readonly events: UserEventsFeed;
  private release?: () => void;
  private timer?: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly spec: UserDataStreamSpec,
    private readonly sources: UserDataSources,
    private readonly emit: Emit,
    private readonly expired: () => void,
  ) {
    this.events = new UserEventsFeed(spec.userId, sources.feeds, sources.logger, emit);
  }

  async start(): Promise<void> {
    await this.events.start();
    try {
      this.release = await this.sources.feeds.listen(SUBJECTS.gateway.listenKeyClosed, (m) => {
        if ((m as { listenKey?: unknown } | null)?.listenKey === this.spec.listenKey) void this.check();
      });
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
    this.events.stop();
    this.release?.();
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
