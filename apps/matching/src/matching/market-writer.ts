import { type Logger } from 'pino';

import {
  type EventView,
  type MatchingCommand,
  type MatchingEvent,
  OrderBook,
  toMatchingEvent,
} from '@exchange/matching-domain';
import { matchingCommandMessageSchema, type MatchingEventBatch } from '@exchange/shared-contracts';

import {
  type CommandDelivery,
  type CommandStreamRepository,
  type CommandSubscription,
} from '../repositories/command-stream.repository';
import { type EventStreamRepository } from '../repositories/event-stream.repository';
import { type SnapshotRepository } from '../repositories/snapshot.repository';
import { EventStreamFencedError } from './errors/event-stream-fenced.error';
import { ReplayDivergenceError } from './errors/replay-divergence.error';
import { decodeMarketSnapshot, encodeMarketSnapshot, type MarketSnapshot } from './market-snapshot.codec';

export type MarketWriterState =
  | 'created'
  | 'recovered'
  | 'running'
  | 'stopping'
  | 'stopped'
  /** Another writer appended to the market's event subject: this one writes nothing more. */
  | 'fenced'
  /** Replay diverged from the stored events, or an append failed: the market is stopped. */
  | 'failed';

export interface MarketWriterOptions {
  market: string;
  /** The durable consumer's name on the CMD stream. */
  durableName: string;
  /** Most commands in one batch (one event message per batch). */
  batchMax: number;
  /** A snapshot after this many commands. */
  snapshotEvery: number;
}

export interface MarketWriterDeps {
  commands: CommandStreamRepository;
  events: EventStreamRepository;
  snapshots: SnapshotRepository;
  logger: Logger;
}

/** Where recovery found the market. */
export interface RecoveryReport {
  /** The snapshot restored (revision in the bucket), or null for a full replay. */
  snapshot: { revision: number; commandSeq: number; eventSeq: number } | null;
  /** The last event sequence and command sequence the event stream holds. */
  storedEventSeq: number;
  storedCommandSeq: number;
  /** First CMD stream sequence the writer consumes. */
  replayFrom: number;
}

const decoder = new TextDecoder();

/**
 * The single writer of one market: consumes `cmd.<market>` in stream order, applies each command to the
 * book, appends one event batch per consumed batch to `evt.<market>` (fenced by the subject's last
 * sequence), and acknowledges the commands once the batch is stored. After a restart it resumes from the
 * newest usable snapshot, re-applies later commands, and does not publish events the stream already holds.
 */
export class MarketWriter {
  private book: OrderBook = new OrderBook();
  private readonly log: Logger;
  private status: MarketWriterState = 'created';
  /** Events of the batch in progress that the stream does not hold yet. */
  private pending: MatchingEvent[] = [];
  /** Last event sequence stored in the stream. */
  private storedSeq = 0;
  private storedHash: string | undefined;
  /** Until replay reaches `storedSeq`, where the book's hash is checked against the stored one. */
  private verified = true;
  /** The subject's last stream sequence: what the next append expects. */
  private expectedSubjectSeq = 0;
  /** CMD stream sequence of the last command applied. */
  private commandSeq = 0;
  private commandsSinceSnapshot = 0;
  private queue: CommandDelivery[] = [];
  private working = false;
  private loop: Promise<void> = Promise.resolve();
  private subscription: CommandSubscription | undefined;
  private readonly sink = (event: EventView): void => {
    if (event.seq > this.storedSeq) this.pending.push(toMatchingEvent(event));
  };

  constructor(
    readonly options: MarketWriterOptions,
    private readonly deps: MarketWriterDeps,
  ) {
    this.log = deps.logger.child({ market: options.market });
  }

  get market(): string {
    return this.options.market;
  }

  get state(): MarketWriterState {
    return this.status;
  }

  /** The book's last event sequence. */
  get eventSeq(): number {
    return this.book.sequence;
  }

  /** CMD stream sequence of the last command applied. */
  get lastCommandSeq(): number {
    return this.commandSeq;
  }

  stateHash(): string {
    return this.book.stateHash();
  }

  /** Reads the last stored event batch and the newest usable snapshot; builds the book from it. */
  async recover(): Promise<RecoveryReport> {
    const last = await this.deps.events.lastPosition(this.market);
    this.storedSeq = last?.lastSeq ?? 0;
    this.storedHash = last?.stateHash;
    this.expectedSubjectSeq = last?.streamSeq ?? 0;
    const restored = await this.loadSnapshot();
    this.book = restored?.book ?? new OrderBook({ sink: this.sink });
    this.commandSeq = restored?.snapshot.commandSeq ?? 0;
    this.commandsSinceSnapshot = 0;
    this.verified = this.book.sequence >= this.storedSeq;
    this.pending = [];
    this.queue = [];
    const report: RecoveryReport = {
      snapshot: restored
        ? {
            revision: restored.revision,
            commandSeq: restored.snapshot.commandSeq,
            eventSeq: restored.snapshot.eventSeq,
          }
        : null,
      storedEventSeq: this.storedSeq,
      storedCommandSeq: last?.commandSeq ?? 0,
      replayFrom: this.commandSeq + 1,
    };
    this.log.info(report, 'market recovered');
    this.status = 'recovered';
    return report;
  }

  /** Starts consuming after `recover()`. */
  async start(): Promise<void> {
    if (this.status !== 'recovered')
      throw new Error(`${this.market}: start() after recover(), not in ${this.status}`);
    this.status = 'running';
    this.subscription = await this.deps.commands.subscribe({
      market: this.market,
      durableName: this.options.durableName,
      startSeq: this.commandSeq + 1,
      maxMessages: this.options.batchMax,
      onMessage: (delivery) => {
        this.queue.push(delivery);
        this.kick();
      },
    });
    this.log.info({ from: this.commandSeq + 1, durable: this.options.durableName }, 'market writer running');
  }

  /**
   * Stops consuming, lets the batch in progress finish, and (when `snapshot`, and something changed since
   * the last one) stores a snapshot. What was delivered and not applied is delivered again on the next start.
   */
  async stop(options: { snapshot?: boolean } = {}): Promise<void> {
    const wasRunning = this.status === 'running';
    if (wasRunning) this.status = 'stopping';
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.loop;
    if (wasRunning && this.status === 'stopping') {
      if ((options.snapshot ?? true) && this.commandsSinceSnapshot > 0) await this.snapshot();
      this.status = 'stopped';
    }
    this.queue = [];
  }

  /** Stores a snapshot of the book as it stands (every event it reflects is stored already). */
  async snapshot(): Promise<void> {
    const snapshot: MarketSnapshot = {
      format: 'matching-market-snapshot/1',
      market: this.market,
      commandSeq: this.commandSeq,
      eventSeq: this.book.sequence,
      stateHash: this.book.stateHash(),
      book: this.book.snapshot(),
    };
    this.commandsSinceSnapshot = 0;
    const data = encodeMarketSnapshot(snapshot);
    try {
      const revision = await this.deps.snapshots.save(this.market, data);
      this.log.info(
        { revision, commandSeq: snapshot.commandSeq, eventSeq: snapshot.eventSeq, bytes: data.length },
        'snapshot stored',
      );
    } catch (error) {
      this.log.error(
        { err: error, bytes: data.length },
        'snapshot not stored; the previous one stays usable',
      );
    }
  }

  /** The newest snapshot that decodes, restores to its own hash and is not ahead of the event stream. */
  private async loadSnapshot(): Promise<{
    book: OrderBook;
    snapshot: MarketSnapshot;
    revision: number;
  } | null> {
    let stored;
    try {
      stored = await this.deps.snapshots.list(this.market);
    } catch (error) {
      this.log.error(
        { err: error },
        'snapshots unreadable: replaying the market from the start of the command stream',
      );
      return null;
    }
    for (const candidate of stored) {
      try {
        const snapshot = decodeMarketSnapshot(candidate.data);
        if (snapshot.market !== this.market) throw new Error(`it is ${snapshot.market}'s`);
        if (snapshot.eventSeq > this.storedSeq)
          throw new Error(
            `it is ahead of the event stream (event ${snapshot.eventSeq} > stored ${this.storedSeq})`,
          );
        const book = OrderBook.fromSnapshot(snapshot.book, { sink: this.sink });
        if (book.sequence !== snapshot.eventSeq)
          throw new Error(`book sequence ${book.sequence} ≠ recorded event sequence ${snapshot.eventSeq}`);
        const hash = book.stateHash();
        if (hash !== snapshot.stateHash)
          throw new Error(`restored state hash ${hash} ≠ recorded ${snapshot.stateHash}`);
        if (snapshot.eventSeq === this.storedSeq && this.storedHash !== undefined && hash !== this.storedHash)
          throw new Error(
            `state hash ${hash} ≠ the event stream's ${this.storedHash} at event ${this.storedSeq}`,
          );
        return { book, snapshot, revision: candidate.revision };
      } catch (error) {
        this.log.warn(
          { revision: candidate.revision, reason: (error as Error).message },
          'snapshot unusable: trying an older one',
        );
      }
    }
    if (stored.length > 0)
      this.log.warn(
        { tried: stored.length },
        'no usable snapshot: replaying the market from the start of the command stream',
      );
    else this.log.info('no snapshot: replaying the market from the start of the command stream');
    return null;
  }

  private kick(): void {
    if (this.working || this.status !== 'running') return;
    this.working = true;
    this.loop = this.drain().finally(() => {
      this.working = false;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && this.status === 'running') {
      const batch = this.queue.splice(0, this.options.batchMax);
      await this.process(batch);
    }
  }

  private async process(batch: CommandDelivery[]): Promise<void> {
    this.pending = [];
    let applied = 0;
    try {
      for (const delivery of batch) {
        if (delivery.streamSeq <= this.commandSeq) continue; // delivered again: applied already
        const command = this.parse(delivery);
        if (command) {
          const before = this.book.sequence;
          this.book.apply(command);
          if (!this.verified) this.verifyReplay(before);
        }
        this.commandSeq = delivery.streamSeq;
        applied++;
      }
      if (this.pending.length > 0) {
        const events = this.pending;
        this.pending = [];
        const message: MatchingEventBatch = {
          v: 1,
          market: this.market,
          firstSeq: events[0]!.seq,
          lastSeq: events[events.length - 1]!.seq,
          commandSeq: this.commandSeq,
          events: events as MatchingEventBatch['events'],
        };
        this.expectedSubjectSeq = await this.deps.events.append(
          message,
          this.expectedSubjectSeq,
          this.book.stateHash(),
        );
        this.storedSeq = message.lastSeq;
      }
    } catch (error) {
      await this.halt(error);
      return;
    }
    batch[batch.length - 1]?.ack();
    this.commandsSinceSnapshot += applied;
    if (this.commandsSinceSnapshot >= this.options.snapshotEvery) await this.snapshot();
  }

  /** Replay reached or passed the last stored event: the stored batch must end on this command, same hash. */
  private verifyReplay(before: number): void {
    const now = this.book.sequence;
    if (now < this.storedSeq) return;
    this.verified = true;
    if (before < this.storedSeq && now > this.storedSeq)
      throw new ReplayDivergenceError(
        this.market,
        `command ${this.commandSeq + 1} gives events ${before + 1}..${now}, but the stream ends mid-command at ${this.storedSeq}`,
      );
    const hash = this.book.stateHash();
    if (now === this.storedSeq && this.storedHash !== undefined && hash !== this.storedHash)
      throw new ReplayDivergenceError(
        this.market,
        `state hash ${hash} at event ${now}, stored ${this.storedHash}`,
      );
    this.log.info(
      { eventSeq: now, commandSeq: this.commandSeq + 1, stateHash: hash },
      'replay caught up with the stored events',
    );
  }

  private parse(delivery: CommandDelivery): MatchingCommand | null {
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(delivery.data));
    } catch {
      this.log.warn(
        { streamSeq: delivery.streamSeq, bytes: delivery.data.length },
        'command rejected: not JSON',
      );
      return null;
    }
    const parsed = matchingCommandMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.log.warn(
        { streamSeq: delivery.streamSeq, issues: parsed.error.issues.slice(0, 5) },
        'command rejected: does not match the contract',
      );
      return null;
    }
    if (parsed.data.market !== this.market) {
      this.log.warn(
        { streamSeq: delivery.streamSeq, commandMarket: parsed.data.market },
        'command rejected: market differs from its subject',
      );
      return null;
    }
    return parsed.data.command as MatchingCommand;
  }

  private async halt(error: unknown): Promise<void> {
    this.pending = [];
    if (error instanceof EventStreamFencedError) {
      this.status = 'fenced';
      this.log.fatal(
        { err: error, expectedLastSubjectSeq: this.expectedSubjectSeq },
        'FENCED: another writer has appended to this market; this writer stops writing it',
      );
    } else {
      this.status = 'failed';
      this.log.fatal({ err: error }, 'market writer stopped: nothing more is written or acknowledged for it');
    }
    this.queue = [];
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }
}
