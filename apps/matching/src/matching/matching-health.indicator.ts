import { Injectable } from '@nestjs/common';

import { type HealthIndicator } from '@exchange/shared-feature-runtime';

import { MatchingService } from './matching.service';

/**
 * Ready while every market's writer runs, or follows while the pod stands by for its shard's lease (a
 * standby is healthy: it is what takes over); a fenced or failed market makes the service unready.
 */
@Injectable()
export class MatchingHealthIndicator implements HealthIndicator {
  readonly name = 'matching';

  constructor(private readonly matching: MatchingService) {}

  async check(): Promise<void> {
    const down = Object.entries(this.matching.states()).filter(
      ([, state]) => state !== 'running' && state !== 'following',
    );
    if (down.length > 0) throw new Error(down.map(([market, state]) => `${market} ${state}`).join(', '));
  }
}
