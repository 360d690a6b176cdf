import { Injectable } from '@nestjs/common';

import { type BalanceMovement } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { ClockRepository } from '../common/clock.repository';
import { LedgerQueryService } from '../reconciliation/ledger-query.service';
import { BalanceEventsRepository } from './balance-events.repository';

/** After a commit, tells each user whose balances moved what they are now (`user.<id>.balance`). */
@Injectable()
export class BalanceNotifierService {
  constructor(
    private readonly queries: LedgerQueryService,
    private readonly events: BalanceEventsRepository,
    private readonly clock: ClockRepository,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Fire and forget: a failure is logged and never fails the request that caused it. */
  notify(userIds: Iterable<string>): void {
    for (const userId of new Set(userIds)) this.publish(userId, undefined);
  }

  /** The same for one user's deposit or withdrawal, which the update names (Binance's `balanceUpdate`). */
  notifyMovement(userId: string, movement: BalanceMovement): void {
    this.publish(userId, movement);
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
