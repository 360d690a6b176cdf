import { type DepthDiffMessage, mdDepthSubject } from '@exchange/shared-contracts';
import { type Logger } from '@exchange/shared-util-logging';

import { type MarketService } from '../market/market.service';
import { L2Book } from './l2-book';
import { type MarketFeedRepository } from './market-feed.repository';
import { type StreamSymbol } from './stream-symbols.service';

/** The deepest REST snapshot market-data serves (`depthQuerySchema`). */
const SNAPSHOT_LIMIT = 5000;
const RETRY_MS = 1000;
/** A side thinner than the deepest partial stream may have had levels beyond the snapshot: fetch it again. */
const MIN_VISIBLE_LEVELS = 20;
/** Diffs kept while a sync waits for its snapshot; older ones are below any snapshot that could still come. */
const MAX_BUFFERED = 10_000;

/**
 * The gateway's own copy of a market's book for the partial-depth and bookTicker streams, kept in sync exactly
 * as a Binance client does it: buffer the diffs, fetch the REST snapshot, drop `u <= lastUpdateId`, then apply
 * diffs that follow on without a gap. A gap (a lost core NATS message) starts the sync again.
 */
export class BookMirror {
  private book?: L2Book;
  private buffered: DepthDiffMessage[] = [];
  private syncing = false;
  private stopped = false;
  private release?: () => void;
  private retry?: NodeJS.Timeout;
  private snapshotSides = { bids: 0, asks: 0 };
  readonly listeners = new Set<(book: L2Book, diff?: DepthDiffMessage) => void>();

  constructor(
    readonly symbol: StreamSymbol,
    private readonly feeds: MarketFeedRepository,
    private readonly market: MarketService,
    private readonly logger: Logger,
  ) {}

  /** The book once synced. */
  get current(): L2Book | undefined {
    return this.syncing ? undefined : this.book;
  }

  async start(): Promise<void> {
    this.release = await this.feeds.listen(mdDepthSubject(this.symbol.market), (m) =>
      this.onDiff(m as DepthDiffMessage),
    );
    void this.sync();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.release?.();
    this.listeners.clear();
  }

  private onDiff(diff: DepthDiffMessage): void {
    if (this.syncing || !this.book) {
      this.buffered.push(diff);
      if (this.buffered.length > MAX_BUFFERED) this.buffered.shift();
      return;
    }
    if (diff.u <= this.book.lastUpdateId) return;
    if (diff.U !== this.book.lastUpdateId + 1) {
      this.logger.warn(
        { symbol: this.symbol.symbol, U: diff.U, lastUpdateId: this.book.lastUpdateId },
        'gap in the depth diffs: syncing the book again',
      );
      this.buffered.push(diff);
      void this.sync();
      return;
    }
    this.apply(diff);
  }

  private apply(diff: DepthDiffMessage): void {
    const book = this.book!;
    book.apply(diff.u, diff.bids, diff.asks);
    const thinned =
      (this.snapshotSides.bids >= MIN_VISIBLE_LEVELS && book.bids.size < MIN_VISIBLE_LEVELS) ||
      (this.snapshotSides.asks >= MIN_VISIBLE_LEVELS && book.asks.size < MIN_VISIBLE_LEVELS);
    if (thinned) {
      void this.sync();
      return;
    }
    for (const listener of this.listeners) listener(book, diff);
  }

  private async sync(): Promise<void> {
    if (this.syncing || this.stopped) return;
    this.syncing = true;
    try {
      const snapshot = await this.market.depth({ symbol: this.symbol.symbol, limit: SNAPSHOT_LIMIT });
      if (this.stopped) return;
      const book = L2Book.fromSnapshot(snapshot);
      const pending = this.buffered.filter((d) => d.u > book.lastUpdateId);
      this.buffered = [];
      if (pending[0] && pending[0].U > book.lastUpdateId + 1) {
        throw new Error(
          `snapshot ${book.lastUpdateId} is older than the first buffered diff ${pending[0].U}`,
        );
      }
      this.book = book;
      this.snapshotSides = { bids: snapshot.bids.length, asks: snapshot.asks.length };
      this.syncing = false;
      for (const listener of this.listeners) listener(book);
      for (const diff of pending) this.onDiff(diff);
    } catch (error) {
      this.syncing = false;
      this.book = undefined;
      if (this.stopped) return;
      this.logger.error({ err: error, symbol: this.symbol.symbol }, 'syncing the book failed; retrying');
      this.retry = setTimeout(() => void this.sync(), RETRY_MS);
    }
  }
}
