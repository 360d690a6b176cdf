import { Injectable } from '@nestjs/common';

import { type TickerWindowReply } from '@exchange/shared-contracts';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type GatewayConfig } from '../config/gateway.config';
import { MarketService } from '../market/market.service';
import { ListenKeyRepository } from '../user-stream/listen-key.repository';
import { BookMirror, type BookMirrorOptions } from './book-mirror';
import { EventFrame, envelopeOf } from './event-frame';
import { MarketFeedRepository } from './market-feed.repository';
import { createMarketStream, type MarketStream, type StreamSources } from './market-streams';
import { type StreamSpec } from './stream-name';
import { type StreamSymbol, StreamSymbolsService } from './stream-symbols.service';
import { StreamsMetrics } from './streams.metrics';
import { type UserDataSources, UserDataStream } from './user-data-stream';

/** The most symbols market-data's window query takes at once. */
const MAX_QUERY_SYMBOLS = 100;

/** A connection's end of a stream: receives each event serialised once for every subscriber. */
export interface StreamSubscriber {
  /** Sends the event; false when the connection is closed or was just dropped as a slow consumer. */
  deliver(frame: EventFrame): boolean;
  /** The stream has ended for good (a user-data stream whose listen key is gone): Binance closes the connection. */
  end(name: string): void;
}

interface StreamEntry {
  stream: MarketStream;
  subscribers: Set<StreamSubscriber>;
  started: Promise<void>;
}

interface BookEntry {
  mirror: BookMirror;
  users: number;
  started: Promise<void>;
}

/**
 * The pod's market streams: one source per stream name however many connections subscribe, started on the first
 * subscriber and stopped after the last; partial-depth and bookTicker streams of a symbol share one book copy.
 */
@Injectable()
export class StreamHubService {
  private readonly streams = new Map<string, StreamEntry>();
  private readonly books = new Map<string, BookEntry>();
  private readonly sources: StreamSources;
  private readonly userSources: UserDataSources;
  private readonly bookOptions: BookMirrorOptions;

  constructor(
    feeds: MarketFeedRepository,
    private readonly market: MarketService,
    listenKeys: ListenKeyRepository,
    private readonly metrics: StreamsMetrics,
    private readonly symbols: StreamSymbolsService,
    @InjectConfig() config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.sources = {
      feeds,
      acquireBook: (symbol) => this.acquireBook(symbol),
      windowTickers: (symbols, windowMs) => this.windowTickers(symbols, windowMs),
      avgPrice: (symbol) => this.market.avgPrice({ symbol }),
    };
    this.userSources = { feeds, listenKeys, checkMs: config.USER_STREAM_CHECK_MS, logger };
    this.bookOptions = {
      snapshotLevels: config.MARKET_DATA_DEPTH_LEVELS,
      // Checks also keep the streams' copies honest; with the REST cache off they still run, once a second.
      checkMs: config.MARKET_CACHE_CHECK_MS || 1_000,
    };
  }

  /** Resolves once the stream's source runs, so that every event after the reply reaches the subscriber. */
  async subscribe(
    name: string,
    spec: StreamSpec,
    symbol: StreamSymbol | undefined,
    subscriber: StreamSubscriber,
  ): Promise<void> {
    let entry = this.streams.get(name);
    if (!entry) {
      const subscribers = new Set<StreamSubscriber>();
      const envelope = envelopeOf(name);
      const emit = (data: object) => {
        const frame = new EventFrame(JSON.stringify(data), envelope);
        let sent = 0;
        for (const s of subscribers) if (s.deliver(frame)) sent++;
        if (sent) this.metrics.messagesSent.inc(sent);
      };
      const stream =
        spec.kind === 'userData'
          ? new UserDataStream(spec, this.userSources, emit, () => {
              for (const s of [...subscribers]) s.end(name);
            })
          : createMarketStream(spec, symbol, this.sources, emit);
      entry = { stream, subscribers, started: stream.start() };
      this.streams.set(name, entry);
    }
    const current = entry;
    current.subscribers.add(subscriber);
    try {
      await current.started;
    } catch (error) {
      current.subscribers.delete(subscriber);
      if (this.streams.get(name) === current) this.streams.delete(name);
      throw error;
    }
  }

  unsubscribe(name: string, subscriber: StreamSubscriber): void {
    const entry = this.streams.get(name);
    if (!entry || !entry.subscribers.delete(subscriber) || entry.subscribers.size > 0) return;
    this.streams.delete(name);
    entry.started.then(
      () => entry.stream.stop(),
      () => undefined,
    );
  }

  /** Rolling window statistics of `symbols` (every market when undefined), asked 100 symbols at a time. */
  private async windowTickers(symbols: string[] | undefined, ms: number): Promise<TickerWindowReply[]> {
    const all = symbols ?? (await this.symbols.all());
    const tickers: TickerWindowReply[] = [];
    for (let i = 0; i < all.length; i += MAX_QUERY_SYMBOLS) {
      const window = { kind: 'rolling' as const, ms };
      tickers.push(
        ...(await this.market.tickerWindows({ symbols: all.slice(i, i + MAX_QUERY_SYMBOLS), window })),
      );
    }
    return tickers;
  }

  /**
   * The pod's book copy of a market, shared by its partial-depth and bookTicker streams and REST depth reads; started
   * by the first user, stopped after `release` by the last.
   */
  async acquireBook(symbol: StreamSymbol): Promise<{ mirror: BookMirror; release: () => void }> {
    let entry = this.books.get(symbol.market);
    if (!entry) {
      const mirror = new BookMirror(symbol, this.sources.feeds, this.market, this.logger, this.bookOptions);
      entry = { mirror, users: 0, started: mirror.start() };
      this.books.set(symbol.market, entry);
    }
    const current = entry;
    current.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      if (--current.users > 0) return;
      if (this.books.get(symbol.market) === current) this.books.delete(symbol.market);
      current.started.then(
        () => current.mirror.stop(),
        () => undefined,
      );
    };
    try {
      await current.started;
    } catch (error) {
      release();
      throw error;
    }
    return { mirror: current.mirror, release };
  }
}
