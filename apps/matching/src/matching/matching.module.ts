import { Module } from '@nestjs/common';

import { CommandStreamRepository } from '../repositories/command-stream.repository';
import { DeadLetterRepository } from '../repositories/dead-letter.repository';
import { EventStreamRepository } from '../repositories/event-stream.repository';
import { LeaseRepository } from '../repositories/lease.repository';
import { SnapshotRequestRepository } from '../repositories/snapshot-request.repository';
import { SnapshotRepository } from '../repositories/snapshot.repository';
import { MatchingHealthIndicator } from './matching-health.indicator';
import { MatchingMetrics } from './matching.metrics';
import { MatchingService } from './matching.service';

/** The per-market writers and their JetStream repositories. */
@Module({
  providers: [
    CommandStreamRepository,
    EventStreamRepository,
    SnapshotRepository,
    SnapshotRequestRepository,
    LeaseRepository,
    DeadLetterRepository,
    MatchingService,
    MatchingHealthIndicator,
    MatchingMetrics,
  ],
  exports: [MatchingService, MatchingHealthIndicator],
})
export class MatchingModule {}
