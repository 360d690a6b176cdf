import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import { type OrderUpdate, userOrderSubject } from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/** Publishes `user.<id>.order` facts on core NATS (with the run prefix). */
@Injectable()
export class OrderEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  publish(update: OrderUpdate): void {
    this.nc.publish(this.names.subject(userOrderSubject(update.userId)), JSON.stringify(update));
  }
}
