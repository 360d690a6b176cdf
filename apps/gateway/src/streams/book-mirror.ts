import { type DepthDiffMessage, mdDepthSubject } from '@exchange/shared-contracts';
import { type Logger } from '@exchange/shared-util-logging';

import { type MarketService } from '../market/market.service';
import { BookFreshness } from './book-freshness';
import { L2Book } from './l2-book';
import { type MarketFeedRepository } from './market-feed.repository';
import { type StreamSymbol } from './stream-symbols.service';

/** The deepest REST snapshot market-data serves (`depthQuerySchema`). */
const SNAPSHOT_LIMIT = 5000;
const RETRY_MS = 1000;
/** A cut side (`L2Book`) with fewer known levels than the deepest partial stream: fetch the snapshot again. */
const MIN_VISIBLE_LEVELS = 20;
/** Diffs kept while a sync waits for its snapshot; older ones are below any snapshot that could still come. */
const MAX_BUFFERED = 10_000;
/** A copy not verified for this many check intervals (checks failing) stops answering REST reads. */
const TRUST_CHECKS = 3;

export interface BookMirrorOptions {
  /** Levels per side market-data keeps in its snapshot: a side that long may have been cut (`L2Book.fromSnapshot`). */
  snapshotLevels: number;
  /** How often the copy compares its `lastUpdateId` with market-data's stored one (`BookFreshness`). */
  checkMs: number;
}

/**
 * The gateway's own copy of a market's book for the partial-depth and bookTicker streams and REST depth reads, kept
 * in sync exactly as a Binance client does it: buffer the diffs, fetch the REST snapshot, drop `u <= lastUpdateId`,
 * then apply diffs that follow on without a gap. A gap (a lost core NATS message) starts the sync again, and so does
 * a diff found missing by the periodic freshness check (`BookFreshness`).
 */
export class BookMirror {
  private book?: L2Book;
  private buffered: DepthDiffMessage[] = [];
  private syncing = false;
  private stopped = false;
  private checking = false;
  private release?: () => void;
  private retry?: NodeJS.Timeout;
  private checker?: NodeJS.Timeout;
  private readonly freshness: BookFreshness;
  readonly listeners = new Set<(book: L2Book, diff?: DepthDiffMessage) => void>();

  constructor(
    readonly symbol: StreamSymbol,
    private readonly feeds: MarketFeedRepository,
    private readonly market: MarketService,
    private readonly logger: Logger,
    private readonly options: BookMirrorOptions,
  ) {
    this.freshness = new BookFreshness(TRUST_CHECKS * options.checkMs);
  }

  /** The book once synced. */
  get current(): L2Book | undefined {
    return this.syncing ? undefined : this.book;
  }

  /**
   * A REST depth answer from the copy: only when it is synced, verified recently and not known to be behind
   * market-data, and when its snapshot held every level asked for. Undefined otherwise (ask market-data).
   */
  depth(
    limit: number,
  ): { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] } | undefined {
    const book = this.current;
    if (!book || !this.freshness.canAnswer(Date.now())) return undefined;
    return book.exactTop(Math.min(limit, this.options.snapshotLevels));
  }

  async start(): Promise<void> {
    this.release = await this.feeds.listen(mdDepthSubject(this.symbol.market), (m) =>
      this.onDiff(m as DepthDiffMessage),
    );
    this.checker = setInterval(() => void this.check(), this.options.checkMs);
    void this.sync();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    clearInterval(this.checker);
    this.release?.();
    this.listeners.clear();
  }

  /** Compares the copy with what market-data has stored; syncs again when a diff went missing. */
  private async check(): Promise<void> {
    if (this.checking || this.syncing || !this.book || this.stopped) return;
    this.checking = true;
    try {
      const stored = await this.market.depth({ symbol: this.symbol.symbol, limit: 1 });
      if (this.syncing || !this.book || this.stopped) return;
      const verdict = this.freshness.observe(stored.lastUpdateId, this.book.lastUpdateId, Date.now());
      if (verdict === 'lost') {
        this.logger.warn(
          { symbol: this.symbol.symbol, stored: stored.lastUpdateId, lastUpdateId: this.book.lastUpdateId },
          'depth diffs missing since the last check: syncing the book again',
        );
        void this.sync();
      }
    } catch (error) {
      this.logger.warn({ err: error, symbol: this.symbol.symbol }, 'book freshness check failed');
    } finally {
      this.checking = false;
    }
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
    this.freshness.applied(book.lastUpdateId, Date.now());
    // A cut side whose known levels thinned below the deepest partial stream: levels beyond the cut moved up.
    const thinned =
      (!book.bids.complete && book.bids.exactLevels < MIN_VISIBLE_LEVELS) ||
      (!book.asks.complete && book.asks.exactLevels < MIN_VISIBLE_LEVELS);
    if (thinned) {
      void this.sync();
      return;
    }
    for (const listener of this.listeners) listener(book, diff);
  }

  private async sync(): Promise<void> {
    if (this.syncing || this.stopped) return;
    this.syncing = true;
    this.freshness.reset();
    try {
      const snapshot = await this.market.depth({ symbol: this.symbol.symbol, limit: SNAPSHOT_LIMIT });
      if (this.stopped) return;
      const book = L2Book.fromSnapshot(snapshot, this.options.snapshotLevels);
      const pending = this.buffered.filter((d) => d.u > book.lastUpdateId);
      this.buffered = [];
      if (pending[0] && pending[0].U > book.lastUpdateId + 1) {
        throw new Error(
          `snapshot ${book.lastUpdateId} is older than the first buffered diff ${pending[0].U}`,
        );
      }
      this.book = book;
      this.freshness.synced(Date.now());
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
