import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import { type BalanceUpdate, userBalanceSubject } from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/** Publishes `user.<id>.balance` facts on core NATS (with the run prefix). */
@Injectable()
export class BalanceEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  publish(update: BalanceUpdate): void {
    this.nc.publish(this.names.subject(userBalanceSubject(update.userId)), JSON.stringify(update));
  }
}
