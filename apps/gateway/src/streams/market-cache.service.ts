import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import {
  type BookTickerReply,
  type DepthReply,
  mdTickerSubject,
  type Ticker24hrReply,
  ticker24hrReplySchema,
  type TickerPriceReply,
} from '@exchange/shared-contracts';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type GatewayConfig } from '../config/gateway.config';
import { MarketService } from '../market/market.service';
import { type BookMirror } from './book-mirror';
import { MarketFeedRepository } from './market-feed.repository';
import { StreamHubService } from './stream-hub.service';
import { StreamSymbolsService } from './stream-symbols.service';
import { StreamsMetrics } from './streams.metrics';
import { TickerBoard } from './ticker-board';

/** Snapshots older than this many check intervals are not trusted (the ticker feed or market-data is down). */
const TRUST_CHECKS = 3;

type SymbolQuery = { symbol?: string; symbols?: string[] };

interface BookLease {
  mirror?: BookMirror;
  release?: () => void;
  lastRead: number;
  stopped: boolean;
}

/**
 * Public REST market reads (`depth`, `ticker/24hr`, `ticker/price`, `ticker/bookTicker`) answered from the pod's own
 * copies, kept live from market-data's NATS feeds: the streams' book copies (`BookMirror`, shared with the WebSocket
 * streams) and a ticker board (`TickerBoard`). A copy is made on a market's first read and dropped after
 * `MARKET_CACHE_IDLE_MS` without one; while a copy is not warm, not in step (a gap, a missed diff) or not recently
 * verified, the read goes to market-data over NATS as before, so an answer is never silently stale
 * (docs/gateway.md, "REST market reads from memory"). An answer from memory is returned as it is, not in a promise,
 * so that the lean read path writes it in the turn the request came in; one from market-data is a promise.
 */
@Injectable()
export class MarketCacheService implements OnModuleDestroy {
  private readonly enabled: boolean;
  private readonly books = new Map<string, BookLease>();
  private readonly board: TickerBoard;
  private boardRelease?: () => void;
  private boardStarting = false;
  private boardLastRead = 0;
  private boardMark?: number;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly market: MarketService,
    private readonly hub: StreamHubService,
    private readonly symbols: StreamSymbolsService,
    private readonly feeds: MarketFeedRepository,
    private readonly metrics: StreamsMetrics,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.enabled = config.MARKET_CACHE_CHECK_MS > 0;
    this.board = new TickerBoard(TRUST_CHECKS * config.MARKET_CACHE_CHECK_MS);
    if (!this.enabled) return;
    this.timers.push(
      setInterval(() => void this.refreshTickers(), config.MARKET_CACHE_CHECK_MS),
      setInterval(() => this.dropIdle(), Math.min(config.MARKET_CACHE_IDLE_MS, 10_000)),
    );
    for (const timer of this.timers) timer.unref();
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const lease of this.books.values()) this.stopLease(lease);
    this.books.clear();
    this.boardRelease?.();
    this.boardRelease = undefined;
  }

  depth(query: { symbol: string; limit?: number }): DepthReply | Promise<DepthReply> {
    const answer = this.enabled ? this.book(query.symbol)?.depth(query.limit ?? 100) : undefined;
    this.metrics.restReads.inc({ endpoint: 'depth', source: answer ? 'memory' : 'market-data' });
    return answer ?? this.market.depth(query);
  }

  ticker24hr(
    query: SymbolQuery,
  ): Ticker24hrReply | Ticker24hrReply[] | Promise<Ticker24hrReply | Ticker24hrReply[]> {
    const tickers = this.tickers(query, 'ticker/24hr');
    if (!tickers) return this.market.ticker24hr(query);
    return query.symbol === undefined ? tickers : tickers[0]!;
  }

  tickerPrice(
    query: SymbolQuery,
  ): TickerPriceReply | TickerPriceReply[] | Promise<TickerPriceReply | TickerPriceReply[]> {
    const tickers = this.tickers(query, 'ticker/price');
    if (!tickers) return this.market.tickerPrice(query);
    // As market-data answers it: the ticker's last price.
    const prices = tickers.map((t) => ({ symbol: t.symbol, price: t.lastPrice }));
    return query.symbol === undefined ? prices : prices[0]!;
  }

  bookTicker(
    query: SymbolQuery,
  ): BookTickerReply | BookTickerReply[] | Promise<BookTickerReply | BookTickerReply[]> {
    const tickers = this.tickers(query, 'ticker/bookTicker');
    if (!tickers) return this.market.bookTicker(query);
    // As market-data answers it: the best levels its ticker carries.
    const books = tickers.map((t) => ({
      symbol: t.symbol,
      bidPrice: t.bidPrice,
      bidQty: t.bidQty,
      askPrice: t.askPrice,
      askQty: t.askQty,
    }));
    return query.symbol === undefined ? books : books[0]!;
  }

  private tickers(query: SymbolQuery, endpoint: string): Ticker24hrReply[] | undefined {
    let tickers: Ticker24hrReply[] | undefined;
    if (this.enabled) {
      this.boardLastRead = Date.now();
      if (!this.boardRelease) void this.startBoard();
      const symbols = query.symbol === undefined ? query.symbols : [query.symbol];
      tickers = this.board.get(Date.now(), symbols);
    }
    this.metrics.restReads.inc({ endpoint, source: tickers ? 'memory' : 'market-data' });
    return tickers;
  }

  /** The market's book copy when it runs; the first read of a market starts one (that read asks market-data). */
  private book(symbol: string): BookMirror | undefined {
    const now = Date.now();
    let lease = this.books.get(symbol);
    if (!lease) {
      lease = { lastRead: now, stopped: false };
      this.books.set(symbol, lease);
      void this.startLease(symbol, lease);
    }
    lease.lastRead = now;
    return lease.mirror;
  }

  private async startLease(symbol: string, lease: BookLease): Promise<void> {
    try {
      const resolved = await this.symbols.resolve(symbol.toLowerCase());
      // An unknown symbol: market-data refuses it (-1121); try again on a later read.
      if (!resolved || lease.stopped) return void this.forget(symbol, lease);
      const { mirror, release } = await this.hub.acquireBook(resolved);
      if (lease.stopped) return release();
      lease.mirror = mirror;
      lease.release = release;
    } catch (error) {
      this.logger.warn({ err: error, symbol }, 'starting a book copy for REST reads failed');
      this.forget(symbol, lease);
    }
  }

  private forget(symbol: string, lease: BookLease): void {
    if (this.books.get(symbol) === lease) this.books.delete(symbol);
  }

  private stopLease(lease: BookLease): void {
    lease.stopped = true;
    lease.release?.();
  }

  private dropIdle(): void {
    const idleSince = Date.now() - this.config.MARKET_CACHE_IDLE_MS;
    for (const [symbol, lease] of this.books) {
      if (lease.lastRead >= idleSince) continue;
      this.books.delete(symbol);
      this.stopLease(lease);
    }
    if (this.boardRelease && this.boardLastRead < idleSince) {
      this.boardRelease();
      this.boardRelease = undefined;
      this.board.reset();
    }
  }

  private async startBoard(): Promise<void> {
    if (this.boardStarting) return;
    this.boardStarting = true;
    try {
      const release = await this.feeds.listen(mdTickerSubject('*'), (message) => {
        // The message is the 24 h ticker plus `market` and `E`, which the schema strips.
        const parsed = ticker24hrReplySchema.safeParse(message);
        if (parsed.success && !Array.isArray(parsed.data)) this.board.onMessage(parsed.data);
        else
          this.logger.warn({ subject: mdTickerSubject('*') }, 'ticker message does not match its contract');
      });
      this.boardRelease = release;
      await this.refreshTickers();
    } catch (error) {
      this.logger.warn({ err: error }, 'starting the ticker copy for REST reads failed');
    } finally {
      this.boardStarting = false;
    }
  }

  /** A snapshot of every ticker (one at a time), taken for the markets without a newer message. */
  private async refreshTickers(): Promise<void> {
    const feed = this.boardRelease;
    if (!feed || this.boardMark !== undefined) return;
    const mark = this.board.mark();
    this.boardMark = mark;
    try {
      const all = await this.market.ticker24hr({});
      // Not when the feed stopped (idle) meanwhile: without it the board would not stay in step.
      if (this.boardRelease === feed)
        this.board.onSnapshot(mark, Array.isArray(all) ? all : [all], Date.now());
    } catch (error) {
      this.logger.warn({ err: error }, 'ticker snapshot failed');
    } finally {
      this.boardMark = undefined;
    }
  }
}
