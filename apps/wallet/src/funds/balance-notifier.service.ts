import { Injectable } from '@nestjs/common';

import { type BalanceMovement } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { ClockRepository } from '../common/clock.repository';
import { LedgerQueryService } from '../reconciliation/ledger-query.service';
import { BalanceEventsRepository } from './balance-events.repository';

/** After a commit, tells each user whose balances moved what they are now (`user.<id>.balance`). */
@Injectable()
export class BalanceNotifierService {
  /** Users for `notifyLatest`'s next read, and whether one runs. */
  private readonly waiting = new Set<string>();
  private reading = false;

  constructor(
    private readonly queries: LedgerQueryService,
    private readonly events: BalanceEventsRepository,
    private readonly clock: ClockRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /**
   * Fire and forget: a failure is logged and never fails the request that caused it. Several users are read with ONE
   * statement, not one per user.
   */
  notify(userIds: Iterable<string>): void {
    const users = [...new Set(userIds)];
    if (users.length === 1) this.publish(users[0]!, undefined);
    else if (users.length > 1) void this.publishAll(users);
  }

  /**
   * The same for the busy paths (order intake's groups, settlement's chunks), at most one read at a time: the users
   * named while a read runs are read together by the next one, which starts after it. Each user still hears, after
   * every commit that moved their balances, balances at least as new as that commit (the read that covers it starts
   * after it); under load a user whose balances moved several times meanwhile hears the latest state once instead
   * of each step, and those notices keep their order. Fire and forget, like `notify`.
   */
  notifyLatest(userIds: Iterable<string>): void {
    for (const userId of userIds) this.waiting.add(userId);
    if (!this.reading && this.waiting.size > 0) void this.readWaiting();
  }

  /** The same for one user's deposit or withdrawal, which the update names (Binance's `balanceUpdate`). */
  notifyMovement(userId: string, movement: BalanceMovement): void {
    this.publish(userId, movement);
  }

  private async readWaiting(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.size > 0) {
        const users = [...this.waiting];
        this.waiting.clear();
        await this.publishAll(users);
      }
    } finally {
      this.reading = false;
    }
  }

  /** One read for all these users, a notice each; a failure is logged, never thrown. */
  private async publishAll(users: readonly string[]): Promise<void> {
    try {
      const replies = await this.queries.balancesOf(users);
      const ts = this.clock.now();
      for (const reply of replies) this.events.publish({ v: 1, ...reply, ts });
    } catch (error) {
      this.logger.warn({ err: error, users: users.length }, 'balance updates not published');
    }
  }

  private publish(userId: string, movement: BalanceMovement | undefined): void {
    void this.queries
      .balances(userId)
      .then((reply) =>
        this.events.publish({ v: 1, ...reply, ...(movement && { movement }), ts: this.clock.now() }),
      )
      .catch((error) => this.logger.warn({ err: error, userId }, 'balance update not published'));
  }
}
