import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import { SUBJECTS } from '@exchange/shared-contracts';
import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

/**
 * Tells every gateway pod that a listen key was deleted (`gateway.evt.listen-key-closed.v1`, core NATS), so that its
 * user-data streams end at once instead of at the next periodic check. The pods look the key up before they act, so
 * the message only hurries a check and cannot end a live key's stream.
 */
@Injectable()
export class ListenKeyEventsRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  closed(listenKey: string): void {
    this.nc.publish(this.names.subject(SUBJECTS.gateway.listenKeyClosed), JSON.stringify({ listenKey }));
  }
}
