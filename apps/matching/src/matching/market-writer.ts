import { type Logger } from 'pino';

import {
  type EventView,
  type MarketStatus,
  type MatchingCommand,
  type MatchingEvent,
  OrderBook,
  toMatchingEvent,
} from '@exchange/matching-domain';
import { matchingCommandBatchMessageSchema, matchingCommandMessageSchema } from '@exchange/shared-contracts';

import {
  type CommandDelivery,
  type CommandStreamRepository,
  type CommandSubscription,
} from '../repositories/command-stream.repository';
import { type DeadLetterRepository } from '../repositories/dead-letter.repository';
import { EVENT_MESSAGE_OVERHEAD, type EventStreamRepository } from '../repositories/event-stream.repository';
import { type SnapshotRepository } from '../repositories/snapshot.repository';
import { EventStreamFencedError } from './errors/event-stream-fenced.error';
import { MarketNotWritingError } from './errors/market-not-writing.error';
import { ReplayDivergenceError } from './errors/replay-divergence.error';
import { type MatchingMetrics } from './matching.metrics';
import { decodeMarketSnapshot, encodeMarketSnapshot, type MarketSnapshot } from './market-snapshot.codec';

export type MarketWriterState =
  | 'created'
  | 'recovered'
  /** Standing by: the book follows the commands whose events the stream holds; nothing is written. */
  | 'following'
  | 'running'
  | 'stopping'
  | 'stopped'
  /** Another writer appended to the market's event subject: this one writes nothing more. */
  | 'fenced'
  /** An append or the consumer failed (NATS unreachable, a timeout): recovering from the stored stream. */
  | 'recovering'
  /** Replay diverged from the stored events: the market is stopped until someone looks. */
  | 'failed';

export interface MarketWriterOptions {
  market: string;
  /** The durable consumer's name on the CMD stream. */
  durableName: string;
  /** Most commands in one batch (one event message per batch). */
  batchMax: number;
  /** A snapshot after this many commands. */
  snapshotEvery: number;
  /** Largest event message in bytes; the server's max payload when left out. */
  maxMessageBytes?: number;
  /** Wait before recovering from a transient failure (doubles per failed attempt, up to 30 s). */
  retryDelayMs?: number;
  /** While following: how often the stored events' position is read to apply the commands it covers. */
  followPollMs?: number;
}

export interface MarketWriterDeps {
  commands: CommandStreamRepository;
  events: EventStreamRepository;
  snapshots: SnapshotRepository;
  deadLetters: DeadLetterRepository;
  logger: Logger;
  metrics?: MatchingMetrics;
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

/** A snapshot as stored: where it stands in the streams, its hash and size, and its revision in the bucket. */
export interface StoredSnapshotInfo {
  revision: number;
  commandSeq: number;
  eventSeq: number;
  stateHash: string;
  marketStatus: MarketStatus;
  bytes: number;
  /** Wall clock when stored, ms since the epoch. */
  storedAt: number;
}

/** Why a snapshot is taken, in its log line: every N commands, on shutdown, or on an operator's request. */
export type SnapshotTrigger = 'periodic' | 'shutdown' | 'requested';

/** Work for the writer's loop besides batches (an operator's snapshot), run between two batches. */
interface WriterTask {
  run(): Promise<void>;
  refuse(error: Error): void;
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
  private state_: MarketWriterState = 'created';
  /** Events of the batch in progress that the stream does not hold yet. */
  private pending: MatchingEvent[] = [];
  /** After each command of the batch in progress: how many events `pending` held, and its CMD sequence. */
  private boundaries: { end: number; commandSeq: number }[] = [];
  /** Last event sequence stored in the stream. */
  private storedSeq = 0;
  /** The last CMD stream sequence whose events the stream holds completely. */
  private storedCommandSeq = 0;
  private storedHash: string | undefined;
  /** Until replay reaches `storedSeq`, where the book's hash is checked against the stored one. */
  private verified = true;
  /** The subject's last stream sequence: what the next append expects. */
  private expectedSubjectSeq = 0;
  /** CMD stream sequence of the last command applied. */
  private commandSeq = 0;
  /** Commands up to this CMD sequence were handled before the last recovery: unreadable ones are parked already. */
  private handledBeforeRecovery = 0;
  private commandsSinceSnapshot = 0;
  private queue: CommandDelivery[] = [];
  /** Operator work waiting for the loop: taken before the next batch, so it never starves under load. */
  private tasks: WriterTask[] = [];
  private working = false;
  /** A `kick()` waits for the end of this turn of the event loop (see `kickSoon`). */
  private kickScheduled = false;
  private loop: Promise<void> = Promise.resolve();
  private subscription: CommandSubscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retries = 0;
  private retryCancelled = false;
  private following:
    { subscription: CommandSubscription; timer: NodeJS.Timeout; catchingUp: Promise<void> } | undefined;
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
    return this.state_;
  }

  private get status(): MarketWriterState {
    return this.state_;
  }

  private set status(state: MarketWriterState) {
    this.state_ = state;
    this.deps.metrics?.setState(this.market, state);
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
    this.position(last);
    this.handledBeforeRecovery = this.storedCommandSeq;
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
        this.kickSoon();
      },
    });
    const subscription = this.subscription;
    // A consumer that ends while the writer runs (deleted, connection closed) is a transient failure.
    void subscription.closed.then(async () => {
      if (this.subscription !== subscription || this.status !== 'running') return;
      await this.loop;
      if (this.subscription === subscription && this.status === 'running')
        await this.halt(new Error('the command consumer ended'));
    });
    this.log.info({ from: this.commandSeq + 1, durable: this.options.durableName }, 'market writer running');
    // The backlog gauge exists from the start, not only once a batch has been handled.
    const metrics = this.deps.metrics;
    if (metrics)
      await this.deps.commands.pending(this.options.durableName).then(
        (pending) => metrics.consumerPending.set({ market: this.market }, pending),
        () => undefined,
      );
  }

  /**
   * Standby after `recover()`: reads the market's commands without taking them, and applies those whose events
   * the stream already holds (never more, so the book is never ahead of what the leader stored). `promote()`
   * then starts writing from there instead of from the last snapshot.
   */
  async follow(): Promise<void> {
    if (this.status !== 'recovered')
      throw new Error(`${this.market}: follow() after recover(), not in ${this.status}`);
    this.status = 'following';
    const subscription = await this.deps.commands.follow({
      market: this.market,
      startSeq: this.commandSeq + 1,
      maxMessages: this.options.batchMax,
      onMessage: (delivery) => this.queue.push(delivery),
    });
    const timer = setInterval(() => {
      if (!this.following) return;
      this.following.catchingUp = this.following.catchingUp.then(() => this.catchUp());
    }, this.options.followPollMs ?? 200);
    this.following = { subscription, timer, catchingUp: Promise.resolve() };
    this.log.info({ from: this.commandSeq + 1 }, 'market followed: standing by with a warm book');
  }

  /**
   * From following to ready to write: applies what the stream holds up to now and re-reads its position. The
   * warm book is kept when it lines up with the stored events (same hash where one is stamped); otherwise the
   * market recovers cold, from its snapshots.
   */
  async promote(): Promise<RecoveryReport | null> {
    if (this.status !== 'following')
      throw new Error(`${this.market}: promote() while following, not in ${this.status}`);
    await this.unfollow();
    await this.catchUp();
    const last = await this.deps.events.lastPosition(this.market);
    this.position(last);
    const ahead = this.book.sequence > this.storedSeq;
    const diverged =
      this.book.sequence === this.storedSeq &&
      this.storedHash !== undefined &&
      this.book.stateHash() !== this.storedHash;
    this.queue = [];
    if (ahead || diverged) {
      this.log.warn(
        { eventSeq: this.book.sequence, storedEventSeq: this.storedSeq, ahead, diverged },
        'warm book unusable: recovering from the snapshots',
      );
      this.status = 'recovered';
      return this.recover();
    }
    this.verified = this.book.sequence >= this.storedSeq;
    this.handledBeforeRecovery = this.storedCommandSeq;
    this.commandsSinceSnapshot = 0;
    this.log.info(
      { commandSeq: this.commandSeq, eventSeq: this.book.sequence, storedEventSeq: this.storedSeq },
      'standby promoted with its warm book',
    );
    this.status = 'recovered';
    return null;
  }

  /** Applies the followed commands that the stored events cover; their events are the stream's already. */
  private async catchUp(): Promise<void> {
    try {
      const last = await this.deps.events.lastPosition(this.market);
      this.position(last);
      const covered = this.storedCommandSeq;
      while (this.queue.length > 0 && this.queue[0]!.streamSeq <= covered) {
        const delivery = this.queue.shift()!;
        if (delivery.streamSeq <= this.commandSeq) continue;
        const commands = this.parse(delivery);
        if (typeof commands !== 'string') for (const command of commands) this.book.apply(command);
        this.commandSeq = delivery.streamSeq;
      }
      this.pending = [];
    } catch (error) {
      this.log.warn({ err: error }, 'standby could not follow the stored events; retrying');
    }
  }

  private async unfollow(): Promise<void> {
    const following = this.following;
    this.following = undefined;
    if (!following) return;
    clearInterval(following.timer);
    await following.catchingUp;
    await following.subscription.stop();
  }

  /** Where the event stream stands: what the next append expects and what recovery checks against. */
  private position(last: Awaited<ReturnType<EventStreamRepository['lastPosition']>>): void {
    this.storedSeq = last?.lastSeq ?? 0;
    this.storedCommandSeq = last?.commandSeq ?? 0;
    this.storedHash = last?.stateHash;
    this.expectedSubjectSeq = last?.streamSeq ?? 0;
  }

  /**
   * Stops consuming, lets the batch in progress finish, and (when `snapshot`, and something changed since
   * the last one) stores a snapshot. What was delivered and not applied is delivered again on the next start.
   */
  async stop(options: { snapshot?: boolean } = {}): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryCancelled = true;
    if (this.status === 'following') {
      await this.unfollow();
      this.status = 'stopped';
    }
    if (this.status === 'recovering') this.status = 'stopped';
    const wasRunning = this.status === 'running';
    if (wasRunning) this.status = 'stopping';
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.loop;
    if (wasRunning && this.status === 'stopping') {
      if ((options.snapshot ?? true) && this.commandsSinceSnapshot > 0)
        await this.snapshot(undefined, 'shutdown');
      this.status = 'stopped';
    }
    this.queue = [];
  }

  /**
   * Stores a snapshot of the book as it stands (every event it reflects is stored already). A bucket that
   * refuses it is logged; the previous snapshot stays usable. Runs inside the writer's loop (or once it is
   * stopped), never beside a batch.
   */
  async snapshot(stateHash?: string, trigger: SnapshotTrigger = 'periodic'): Promise<void> {
    try {
      await this.storeSnapshot(stateHash, trigger);
    } catch {
      // logged by storeSnapshot
    }
  }

  /**
   * An operator's snapshot, now: queued to the writer's loop so that it is taken between two batches, at the
   * last command whose events are stored (no race with matching, and it goes before the next batch, so a busy
   * market does not starve it). Rejects with `MarketNotWritingError` unless the writer is running, and with
   * the bucket's error when the snapshot could not be stored.
   */
  snapshotNow(): Promise<StoredSnapshotInfo> {
    if (this.status !== 'running') return Promise.reject(new MarketNotWritingError(this.market, this.status));
    return new Promise<StoredSnapshotInfo>((resolve, reject) => {
      this.tasks.push({
        run: () => this.storeSnapshot(undefined, 'requested').then(resolve, reject),
        refuse: reject,
      });
      this.kick();
    });
  }

  private async storeSnapshot(
    stateHash: string | undefined,
    trigger: SnapshotTrigger,
  ): Promise<StoredSnapshotInfo> {
    const snapshot: MarketSnapshot = {
      format: 'matching-market-snapshot/1',
      market: this.market,
      commandSeq: this.commandSeq,
      eventSeq: this.book.sequence,
      stateHash: stateHash ?? this.book.stateHash(),
      book: this.book.snapshot(),
    };
    this.commandsSinceSnapshot = 0;
    const data = encodeMarketSnapshot(snapshot);
    try {
      const revision = await this.deps.snapshots.save(this.market, data);
      const storedAt = Date.now();
      this.deps.metrics?.snapshotBytes.set({ market: this.market }, data.length);
      this.deps.metrics?.snapshotTimestamp.set({ market: this.market }, storedAt / 1000);
      this.log.info(
        {
          revision,
          commandSeq: snapshot.commandSeq,
          eventSeq: snapshot.eventSeq,
          bytes: data.length,
          trigger,
        },
        'snapshot stored',
      );
      return {
        revision,
        commandSeq: snapshot.commandSeq,
        eventSeq: snapshot.eventSeq,
        stateHash: snapshot.stateHash,
        marketStatus: this.book.marketStatus,
        bytes: data.length,
        storedAt,
      };
    } catch (error) {
      this.log.error(
        { err: error, bytes: data.length, trigger },
        'snapshot not stored; the previous one stays usable',
      );
      throw error;
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

  /**
   * Starts the loop once the messages that arrived with this one are queued too (the rest of the socket reads
   * of this turn of the event loop): a burst of single-command messages then goes out as one event append,
   * instead of its first message alone and the others behind that append's acknowledgement.
   */
  private kickSoon(): void {
    if (this.kickScheduled || this.working) return;
    this.kickScheduled = true;
    setImmediate(() => {
      this.kickScheduled = false;
      this.kick();
    });
  }

  private kick(): void {
    if (this.working) return;
    if (this.status !== 'running') {
      this.refuseTasks();
      return;
    }
    this.working = true;
    this.loop = this.drain().finally(() => {
      this.working = false;
      if (this.queue.length > 0 || this.tasks.length > 0) this.kick();
    });
  }

  /** Batches in order, with any operator task taken before the next batch. */
  private async drain(): Promise<void> {
    while (this.status === 'running') {
      const task = this.tasks.shift();
      if (task) {
        await task.run();
        continue;
      }
      if (this.queue.length === 0) return;
      const batch = this.queue.splice(0, this.options.batchMax);
      await this.process(batch);
    }
  }

  /** The writer stopped running: operator tasks still waiting get its state as the answer. */
  private refuseTasks(): void {
    const tasks = this.tasks;
    this.tasks = [];
    for (const task of tasks) task.refuse(new MarketNotWritingError(this.market, this.status));
  }

  private async process(batch: CommandDelivery[]): Promise<void> {
    this.pending = [];
    this.boundaries = [];
    const commandSeqBefore = this.commandSeq;
    const unreadable: { delivery: CommandDelivery; reason: string }[] = [];
    let applied = 0;
    let hash: string | undefined;
    try {
      for (const delivery of batch) {
        if (delivery.streamSeq <= this.commandSeq) continue; // delivered again: applied already
        const commands = this.parse(delivery);
        if (typeof commands === 'string') {
          if (delivery.streamSeq > this.handledBeforeRecovery)
            unreadable.push({ delivery, reason: commands });
        } else {
          // A batch message is one unit: its commands' events end on one boundary, under its stream sequence.
          const before = this.book.sequence;
          for (const command of commands) this.book.apply(command);
          if (!this.verified) this.verifyReplay(before, delivery.streamSeq);
          applied += commands.length;
        }
        this.commandSeq = delivery.streamSeq;
        this.boundaries.push({ end: this.pending.length, commandSeq: this.commandSeq });
      }
      for (const { delivery, reason } of unreadable) {
        await this.deps.deadLetters.park(this.market, delivery, reason);
        this.deps.metrics?.deadLetters.inc({ market: this.market });
      }
      if (this.pending.length > 0) {
        // The hash walks the whole state: it is stamped on the batch a snapshot follows, at that cadence.
        if (this.commandsSinceSnapshot + applied >= this.options.snapshotEvery) hash = this.book.stateHash();
        await this.publishPending(commandSeqBefore, hash);
      }
    } catch (error) {
      await this.halt(error);
      return;
    }
    batch[batch.length - 1]?.ack();
    this.observe(batch, applied);
    this.deps.metrics?.batchCommands.observe({ market: this.market }, applied);
    this.commandsSinceSnapshot += applied;
    if (this.commandsSinceSnapshot >= this.options.snapshotEvery) await this.snapshot(hash, 'periodic');
  }

  private observe(batch: readonly CommandDelivery[], applied: number): void {
    const metrics = this.deps.metrics;
    if (!metrics) return;
    const labels = { market: this.market };
    const now = Date.now();
    for (const delivery of batch)
      metrics.commandToEventSeconds.observe(labels, (now - delivery.storedAtMs) / 1_000);
    metrics.consumerPending.set(labels, batch[batch.length - 1]?.pending ?? 0);
    metrics.commands.inc(labels, applied);
  }

  /**
   * Appends the batch's events as one message, or several when they would not fit in the server's max
   * payload: split after a command where possible, so that each message's `commandSeq` is complete; a single
   * command whose events do not fit is split inside it (its first parts carry the previous command's sequence).
   */
  private async publishPending(commandSeqBefore: number, hash: string | undefined): Promise<void> {
    const events = this.pending;
    const boundaries = this.boundaries;
    this.pending = [];
    this.boundaries = [];
    const texts = events.map((e) => JSON.stringify(e));
    const budget = (this.options.maxMessageBytes ?? this.deps.events.maxPayload()) - EVENT_MESSAGE_OVERHEAD;
    let start = 0;
    while (start < events.length) {
      let end = start;
      let bytes = 0;
      while (end < events.length) {
        const size = Buffer.byteLength(texts[end]!) + 1;
        if (end > start && bytes + size > budget) break;
        bytes += size;
        end++;
      }
      let commandSeq = commandSeqBefore;
      let cut = -1;
      for (const b of boundaries) {
        if (b.end > end) break;
        commandSeq = b.commandSeq;
        if (b.end > start) cut = b.end;
      }
      if (end < events.length && cut > start) end = cut;
      if (end === events.length) commandSeq = this.commandSeq;
      const bounds = {
        market: this.market,
        firstSeq: events[start]!.seq,
        lastSeq: events[end - 1]!.seq,
        commandSeq,
      };
      const appendStarted = process.hrtime.bigint();
      this.expectedSubjectSeq = await this.deps.events.append(
        bounds,
        end === start ? [] : texts.slice(start, end),
        this.expectedSubjectSeq,
        end === events.length ? hash : undefined,
      );
      this.deps.metrics?.appendSeconds.observe(
        { market: this.market },
        Number(process.hrtime.bigint() - appendStarted) / 1e9,
      );
      this.deps.metrics?.events.inc({ market: this.market }, end - start);
      this.storedSeq = bounds.lastSeq;
      this.storedCommandSeq = commandSeq;
      start = end;
    }
  }

  /** Replay reached or passed the last stored event: the stored batch must end on this command, same hash. */
  private verifyReplay(before: number, commandSeq: number): void {
    const now = this.book.sequence;
    if (now < this.storedSeq) return;
    this.verified = true;
    // The stream may end inside this command only where a message was split inside it (too many events for
    // one message): that message does not claim the command as complete.
    if (before < this.storedSeq && now > this.storedSeq && this.storedCommandSeq >= commandSeq)
      throw new ReplayDivergenceError(
        this.market,
        `command ${commandSeq} gives events ${before + 1}..${now}, but the stream ends mid-command at ${this.storedSeq}`,
      );
    const hash = this.book.stateHash();
    if (now === this.storedSeq && this.storedHash !== undefined && hash !== this.storedHash)
      throw new ReplayDivergenceError(
        this.market,
        `state hash ${hash} at event ${now}, stored ${this.storedHash}`,
      );
    this.log.info({ eventSeq: now, commandSeq, stateHash: hash }, 'replay caught up with the stored events');
  }

  /**
   * The message's commands (one, or a batch's in order), or why it cannot be read (it is then parked whole, and
   * the market goes on).
   */
  private parse(delivery: CommandDelivery): MatchingCommand[] | string {
    let json: unknown;
    try {
      json = JSON.parse(decoder.decode(delivery.data));
    } catch {
      this.log.warn(
        { streamSeq: delivery.streamSeq, bytes: delivery.data.length },
        'command rejected: not JSON',
      );
      return 'not JSON';
    }
    const isBatch = typeof json === 'object' && json !== null && 'commands' in json;
    const parsed = isBatch
      ? matchingCommandBatchMessageSchema.safeParse(json)
      : matchingCommandMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.log.warn(
        { streamSeq: delivery.streamSeq, batch: isBatch, issues: parsed.error.issues.slice(0, 5) },
        'command rejected: does not match the contract',
      );
      const issue = parsed.error.issues[0];
      return `does not match the contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim();
    }
    if (parsed.data.market !== this.market) {
      this.log.warn(
        { streamSeq: delivery.streamSeq, commandMarket: parsed.data.market },
        'command rejected: market differs from its subject',
      );
      return `market ${parsed.data.market} differs from its subject's ${this.market}`;
    }
    return ('commands' in parsed.data ? parsed.data.commands : [parsed.data.command]) as MatchingCommand[];
  }

  private async halt(error: unknown): Promise<void> {
    this.pending = [];
    if (error instanceof EventStreamFencedError) {
      this.status = 'fenced';
      this.log.fatal(
        { err: error, expectedLastSubjectSeq: this.expectedSubjectSeq },
        'FENCED: another writer has appended to this market; this writer stops writing it',
      );
    } else if (error instanceof ReplayDivergenceError) {
      this.status = 'failed';
      this.log.fatal({ err: error }, 'market writer stopped: nothing more is written or acknowledged for it');
    } else {
      this.status = 'recovering';
      const delayMs = Math.min(30_000, (this.options.retryDelayMs ?? 1_000) * 2 ** this.retries);
      this.log.error(
        { err: error, delayMs },
        'market writer interrupted: recovering from the stored event stream',
      );
      this.retryCancelled = false;
      this.retryTimer = setTimeout(() => void this.retry(), delayMs);
    }
    this.queue = [];
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  /** After a transient failure: re-reads the stream's position (the failed append may have landed) and resumes. */
  private async retry(): Promise<void> {
    if (this.status !== 'recovering') return;
    this.retries++;
    try {
      await this.recover();
      if (this.retryCancelled) {
        this.status = 'stopped';
        return;
      }
      await this.start();
      this.retries = 0;
    } catch (error) {
      if (this.retryCancelled) {
        this.status = 'stopped';
        return;
      }
      await this.halt(error);
    }
  }
}
