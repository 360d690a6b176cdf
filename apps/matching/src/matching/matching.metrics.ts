import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

import { type MarketWriterState } from './market-writer';

const STATES: MarketWriterState[] = [
  'created',
  'recovered',
  'following',
  'running',
  'stopping',
  'stopped',
  'recovering',
  'fenced',
  'failed',
];

/** The matching service's Prometheus metrics, per market; a writer without one records nothing. */
@Injectable()
export class MatchingMetrics {
  readonly commands: Counter<'market'>;
  readonly events: Counter<'market'>;
  readonly appendSeconds: Histogram<'market'>;
  readonly batchCommands: Histogram<'market'>;
  readonly snapshotBytes: Gauge<'market'>;
  readonly snapshotTimestamp: Gauge<'market'>;
  readonly writerState: Gauge<'market' | 'state'>;
  readonly leader: Gauge<'shard'>;
  readonly commandToEventSeconds: Histogram<'market'>;
  readonly consumerPending: Gauge<'market'>;
  readonly deadLetters: Counter<'market'>;

  constructor(@Optional() @Inject(METRICS_REGISTRY) registry?: Registry) {
    const registers = registry ? [registry] : [];
    this.commands = new Counter({
      name: 'matching_commands_total',
      help: 'Commands consumed from cmd.<market> and applied (malformed ones included).',
      labelNames: ['market'],
      registers,
    });
    this.events = new Counter({
      name: 'matching_events_total',
      help: 'Engine events appended to evt.<market>.',
      labelNames: ['market'],
      registers,
    });
    this.appendSeconds = new Histogram({
      name: 'matching_event_append_seconds',
      help: 'Time to store one event message (fenced JetStream publish, acknowledged).',
      labelNames: ['market'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.batchCommands = new Histogram({
      name: 'matching_batch_commands',
      help: 'Commands per consumed batch (one event message per batch).',
      labelNames: ['market'],
      buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 2000, 5000],
      registers,
    });
    this.snapshotBytes = new Gauge({
      name: 'matching_snapshot_bytes',
      help: 'Size of the last stored snapshot (gzipped).',
      labelNames: ['market'],
      registers,
    });
    this.snapshotTimestamp = new Gauge({
      name: 'matching_snapshot_timestamp_seconds',
      help: 'When the last snapshot was stored (Unix seconds); its age is time() minus this.',
      labelNames: ['market'],
      registers,
    });
    this.writerState = new Gauge({
      name: 'matching_writer_state',
      help: '1 for the state each market writer is in (running, recovering, fenced, failed, ...).',
      labelNames: ['market', 'state'],
      registers,
    });
    this.commandToEventSeconds = new Histogram({
      name: 'matching_command_to_event_seconds',
      help: 'From a command stored in the CMD stream to its events stored in the EVT stream.',
      labelNames: ['market'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    });
    this.consumerPending = new Gauge({
      name: 'matching_consumer_pending_commands',
      help: "Commands of the market stored in CMD and not yet delivered to its writer (the consumer's lag).",
      labelNames: ['market'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'matching_dead_letters_total',
      help: 'Commands the writer could not read, parked on dlq.cmd.<market> with the reason.',
      labelNames: ['market'],
      registers,
    });
    this.leader = new Gauge({
      name: 'matching_shard_leader',
      help: "1 while this pod holds its shard's lease and writes its markets, 0 while it stands by.",
      labelNames: ['shard'],
      registers,
    });
  }

  setState(market: string, state: MarketWriterState): void {
    for (const s of STATES) this.writerState.set({ market, state: s }, s === state ? 1 : 0);
  }
}
