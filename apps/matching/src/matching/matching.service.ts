import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MatchingConfig } from '../config/matching.config';
import { CommandStreamRepository } from '../repositories/command-stream.repository';
import { EventStreamRepository } from '../repositories/event-stream.repository';
import { SnapshotRepository } from '../repositories/snapshot.repository';
import { MatchingMetrics } from './matching.metrics';
import { MarketWriter, type MarketWriterState } from './market-writer';

/** Durable consumer name of a market's writer on the CMD stream. */
export const durableNameFor = (market: string): string => `matching-${market}`;

/** Runs one `MarketWriter` per configured market: recovery at start-up, a snapshot each on shutdown. */
@Injectable()
export class MatchingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly writers = new Map<string, MarketWriter>();

  constructor(
    @InjectConfig() private readonly config: MatchingConfig,
    @InjectLogger() private readonly logger: Logger,
    private readonly commands: CommandStreamRepository,
    private readonly events: EventStreamRepository,
    private readonly snapshots: SnapshotRepository,
    private readonly metrics: MatchingMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.commands.ensureStream();
    await this.events.ensureStream();
    await this.snapshots.open(this.config.MATCHING_SNAPSHOT_HISTORY);
    for (const market of this.config.MATCHING_MARKETS) {
      const writer = new MarketWriter(
        {
          market,
          durableName: durableNameFor(market),
          batchMax: this.config.MATCHING_BATCH_MAX,
          snapshotEvery: this.config.MATCHING_SNAPSHOT_EVERY,
        },
        {
          commands: this.commands,
          events: this.events,
          snapshots: this.snapshots,
          logger: this.logger,
          metrics: this.metrics,
        },
      );
      this.writers.set(market, writer);
      await writer.recover();
      await writer.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.writers.values()].map((writer) => writer.stop({ snapshot: true })));
  }

  /** Each market's writer state. */
  states(): Record<string, MarketWriterState> {
    return Object.fromEntries([...this.writers].map(([market, writer]) => [market, writer.state]));
  }
}
