import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import {
  MATCHING_OPS_ERRORS,
  matchingDurableName,
  type MatchingSnapshotReply,
  type MatchingSnapshotRequest,
} from '@exchange/shared-contracts';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MatchingConfig } from '../config/matching.config';
import { ShardLease } from '../leadership/shard-lease';
import { CommandStreamRepository } from '../repositories/command-stream.repository';
import { DeadLetterRepository } from '../repositories/dead-letter.repository';
import { EventStreamRepository } from '../repositories/event-stream.repository';
import { LeaseRepository } from '../repositories/lease.repository';
import {
  type SnapshotRequestListener,
  SnapshotRequestRepository,
} from '../repositories/snapshot-request.repository';
import { SnapshotRepository } from '../repositories/snapshot.repository';
import { MarketNotWritingError } from './errors/market-not-writing.error';
import { MatchingMetrics } from './matching.metrics';
import { MarketWriter, type MarketWriterState } from './market-writer';

/** Durable consumer name of a market's writer on the CMD stream (`matchingDurableName` in the contracts). */
export const durableNameFor = matchingDurableName;

/** What this pod does for its shard: writes it (`leader`), waits for the lease (`standby`), or writes it unelected. */
export type MatchingRole = 'leader' | 'standby' | 'unelected';

/**
 * Runs one `MarketWriter` per market of the shard while this pod leads it: recovery when it starts leading,
 * a snapshot each on shutdown. With leader election on, pods of a shard campaign for its lease and only the
 * holder writes; without, the pod writes at once (one instance per shard, or tests).
 */
@Injectable()
export class MatchingService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly writers = new Map<string, MarketWriter>();
  private lease: ShardLease | undefined;
  /** Operators' snapshot requests for the shard: open only while this pod writes it. */
  private snapshotRequests: SnapshotRequestListener | undefined;
  /** Writers being started or stopped: each transition waits for the one before. */
  private transition: Promise<void> = Promise.resolve();

  constructor(
    @InjectConfig() private readonly config: MatchingConfig,
    @InjectLogger() private readonly logger: Logger,
    private readonly commands: CommandStreamRepository,
    private readonly events: EventStreamRepository,
    private readonly snapshots: SnapshotRepository,
    private readonly deadLetters: DeadLetterRepository,
    private readonly leases: LeaseRepository,
    private readonly metrics: MatchingMetrics,
    private readonly requests: SnapshotRequestRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.commands.ensureStream();
    await this.events.ensureStream();
    await this.deadLetters.ensureStream();
    await this.snapshots.open(this.config.MATCHING_SNAPSHOT_HISTORY);
    if (!this.config.MATCHING_LEADER_ELECTION) {
      await this.startWriters();
      return;
    }
    await this.leases.open(this.config.MATCHING_LEASE_TTL_MS);
    this.metrics.leader.set({ shard: this.config.MATCHING_SHARD }, 0);
    this.lease = new ShardLease(
      {
        shard: this.config.MATCHING_SHARD,
        holder: this.config.MATCHING_INSTANCE_ID,
        ttlMs: this.config.MATCHING_LEASE_TTL_MS,
      },
      this.leases,
      {
        onElected: () => this.lead(),
        onDeposed: () => this.standDown(),
      },
      this.logger,
    );
    await this.lease.start();
    await this.transition; // elected at once: the writers run before the service reports itself up
    if (this.lease.role === 'candidate') {
      this.transition = this.transition.then(() => this.followMarkets());
      await this.transition;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    // Stop writing (with a snapshot each) before the lease is released, so that the next leader starts
    // from the newest snapshot and never overlaps with this pod.
    this.transition = this.transition.then(() => this.stopWriters({ snapshot: true }));
    await this.transition;
    await lease?.stop();
  }

  get role(): MatchingRole {
    if (!this.config.MATCHING_LEADER_ELECTION) return 'unelected';
    return this.lease?.role === 'leader' ? 'leader' : 'standby';
  }

  /** Each market's writer state (none while standing by). */
  states(): Record<string, MarketWriterState> {
    return Object.fromEntries([...this.writers].map(([market, writer]) => [market, writer.state]));
  }

  /**
   * An operator's `matching.cmd.snapshot.v1.<shard>` request: the market's writer takes a snapshot between two
   * batches and stores it like the periodic ones. Only the pod writing the shard listens, so this runs on the
   * leader (or the unelected pod); a market the shard does not write, or whose writer is not running, gets an
   * error reply that says so.
   */
  async requestSnapshot(request: MatchingSnapshotRequest): Promise<MatchingSnapshotReply> {
    const { market, requestId } = request;
    const shard = this.config.MATCHING_SHARD;
    const log = this.logger.child({ market, requestId, shard });
    const refuse = (
      code: number,
      msg: string,
      extra: { markets?: string[]; state?: string } = {},
    ): MatchingSnapshotReply => {
      log.warn({ code, ...extra }, `snapshot request refused: ${msg}`);
      return { v: 1, ok: false, requestId, code, msg, shard, ...extra };
    };
    if (!this.config.MATCHING_MARKETS.includes(market))
      return refuse(
        MATCHING_OPS_ERRORS.UNKNOWN_MARKET,
        `shard ${shard} does not write ${market} (it writes ${this.config.MATCHING_MARKETS.join(', ')})`,
        { markets: [...this.config.MATCHING_MARKETS] },
      );
    const writer = this.writers.get(market);
    if (!writer || this.role === 'standby')
      return refuse(MATCHING_OPS_ERRORS.MARKET_NOT_WRITING, `${market} has no writer on this pod now`, {
        state: writer?.state ?? 'none',
      });
    log.info('snapshot requested');
    try {
      const stored = await writer.snapshotNow();
      return {
        v: 1,
        ok: true,
        requestId,
        snapshot: {
          market,
          shard,
          holder: this.config.MATCHING_INSTANCE_ID,
          ...stored,
          bucket: this.snapshots.bucketName(),
          key: market,
        },
      };
    } catch (error) {
      if (error instanceof MarketNotWritingError)
        return refuse(MATCHING_OPS_ERRORS.MARKET_NOT_WRITING, error.message, { state: error.state });
      return refuse(
        MATCHING_OPS_ERRORS.SNAPSHOT_NOT_STORED,
        `${market}: the snapshot was not stored: ${(error as Error).message}`,
      );
    }
  }

  private lead(): Promise<void> {
    this.transition = this.transition.then(async () => {
      if (this.lease?.role !== 'leader') return;
      this.metrics.leader.set({ shard: this.config.MATCHING_SHARD }, 1);
      await this.startWriters();
    });
    return this.transition;
  }

  private standDown(): Promise<void> {
    this.metrics.leader.set({ shard: this.config.MATCHING_SHARD }, 0);
    // No snapshot: another pod may be writing already; its events are what the next recovery replays.
    this.transition = this.transition.then(async () => {
      await this.stopWriters({ snapshot: false });
      if (this.lease?.role === 'candidate') await this.followMarkets();
    });
    return this.transition;
  }

  /** Standing by: each market's book follows what the leader stores, so that taking over needs no replay. */
  private async followMarkets(): Promise<void> {
    for (const market of this.config.MATCHING_MARKETS) {
      const writer = this.createWriter(market);
      this.writers.set(market, writer);
      await writer.recover();
      await writer.follow();
    }
  }

  /** Writes every market: a warm (following) writer is promoted, any other starts from recovery. */
  private async startWriters(): Promise<void> {
    await this.startMarkets();
    this.snapshotRequests ??= await this.requests.listen(this.config.MATCHING_SHARD, (request) =>
      this.requestSnapshot(request),
    );
    this.logger.info(
      { shard: this.config.MATCHING_SHARD, subject: this.snapshotRequests.subject },
      'answering snapshot requests',
    );
  }

  private async startMarkets(): Promise<void> {
    for (const market of this.config.MATCHING_MARKETS) {
      const warm = this.writers.get(market);
      if (warm?.state === 'following') {
        await warm.promote();
        await warm.start();
        continue;
      }
      await warm?.stop({ snapshot: false });
      const writer = this.createWriter(market);
      this.writers.set(market, writer);
      await writer.recover();
      await writer.start();
    }
  }

  private createWriter(market: string): MarketWriter {
    return new MarketWriter(
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
        deadLetters: this.deadLetters,
        logger: this.logger,
        metrics: this.metrics,
      },
    );
  }

  private async stopWriters(options: { snapshot: boolean }): Promise<void> {
    const requests = this.snapshotRequests;
    this.snapshotRequests = undefined;
    await requests?.stop();
    const writers = [...this.writers.values()];
    this.writers.clear();
    await Promise.all(writers.map((writer) => writer.stop(options)));
  }
}
