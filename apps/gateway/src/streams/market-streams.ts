import {
  type DepthDiffMessage,
  type AvgPriceReply,
  type KlineMessage,
  mdDepthSubject,
  mdKlineSubject,
  mdTickerSubject,
  mdTradesSubject,
  mdTradeSubject,
  type TickerMessage,
  type TickerWindowReply,
  type TradeMessage,
  type TradesMessage,
  tradeMessagesOf,
} from '@exchange/shared-contracts';
import { formatDecimal, parseDecimal } from '@exchange/shared-domain-money';

import { type BookMirror } from './book-mirror';
import { DepthBatch } from './depth-batch';
import { type L2Book } from './l2-book';
import { type MarketFeedRepository } from './market-feed.repository';
import { type MarketStreamSpec, TICKER_WINDOWS, type TickerWindow } from './stream-name';
import { type StreamSymbol } from './stream-symbols.service';
import { UpdateWindow } from './update-window';

/** Binance pushes the ticker streams once a second. */
const TICKER_INTERVAL_MS = 1000;

/** One stream's source: started when its first subscriber comes, stopped when the last one goes. */
export interface MarketStream {
  start(): Promise<void>;
  stop(): void;
}

export type Emit = (data: object) => void;

/**
 * What a stream needs to run: its market's `md.*` subjects, for book streams the shared book copy, for window ticker
 * streams market-data's window statistics (of `symbols`, or every market when undefined), for `@avgPrice` its
 * average price.
 */
export interface StreamSources {
  feeds: MarketFeedRepository;
  acquireBook(symbol: StreamSymbol): Promise<{ mirror: BookMirror; release: () => void }>;
  windowTickers(symbols: string[] | undefined, windowMs: number): Promise<TickerWindowReply[]>;
  avgPrice(symbol: string): Promise<AvgPriceReply>;
}

export function createMarketStream(
  spec: MarketStreamSpec,
  symbol: StreamSymbol | undefined,
  sources: StreamSources,
  emit: Emit,
): MarketStream {
  if (spec.kind === 'allTickers') return new AllTickersStream(sources.feeds, toTickerEvent, emit);
  if (spec.kind === 'allMiniTickers') return new AllTickersStream(sources.feeds, toMiniTickerEvent, emit);
  if (spec.kind === 'allWindowTickers') {
    return windowTickerStream(undefined, spec.window, sources, (tickers, now) =>
      emit(tickers.map((t) => toWindowTickerEvent(spec.window, t, now))),
    );
  }
  const s = symbol!;
  switch (spec.kind) {
    case 'depth':
      return new DepthDiffStream(s, spec.speedMs, sources.feeds, emit);
    case 'partialDepth':
      return new PartialDepthStream(s, spec.levels, spec.speedMs, sources, emit);
    case 'bookTicker':
      return new BookTickerStream(s, sources, emit);
    case 'trade': {
      let release: (() => void) | undefined;
      return {
        async start() {
          release = await listenTrades(sources.feeds, s.market, (m) =>
            emit({ e: 'trade', E: m.E, s: m.symbol, t: m.t, p: m.p, q: m.q, T: m.T, m: m.m, M: true }),
          );
        },
        stop() {
          release?.();
        },
      };
    }
    case 'aggTrade':
      return new AggTradeStream(s, sources.feeds, emit);
    case 'kline':
      return listenStream(sources.feeds, mdKlineSubject(s.market, spec.interval), (m: KlineMessage) =>
        emit({ e: 'kline', E: m.E, s: m.symbol, k: { ...m.k, B: '0' } }),
      );
    case 'ticker':
      return new TickerStream(s, sources.feeds, (m) => emit(toTickerEvent(m)));
    case 'miniTicker':
      return new TickerStream(s, sources.feeds, (m) => emit(toMiniTickerEvent(m)));
    case 'avgPrice':
      return avgPriceStream(s, sources, emit);
    case 'windowTicker':
      return windowTickerStream([s.symbol], spec.window, sources, (tickers, now) => {
        for (const t of tickers) emit(toWindowTickerEvent(spec.window, t, now));
      });
  }
}

function listenStream<M>(
  feeds: MarketFeedRepository,
  subject: string,
  onMessage: (m: M) => void,
): MarketStream {
  let release: (() => void) | undefined;
  return {
    async start() {
      release = await feeds.listen(subject, (m) => onMessage(m as M));
    },
    stop() {
      release?.();
    },
  };
}

/**
 * A market's trades, one at a time and in id order, from both the batched `md.<market>.trade.v2` (what market-data
 * publishes) and the older one-per-message `md.<market>.trade`, so that a rolling deploy loses nothing whichever
 * version runs; a trade that came on both (market-data's `MARKET_DATA_TRADE_V1`) is passed on once: trade ids are
 * engine sequences, increasing per market, so anything at or below the last id passed on is a repeat.
 */
export async function listenTrades(
  feeds: MarketFeedRepository,
  market: string,
  onTrade: (trade: TradeMessage) => void,
): Promise<() => void> {
  let last = -1;
  const pass = (trade: TradeMessage) => {
    if (trade.t <= last) return;
    last = trade.t;
    onTrade(trade);
  };
  const stopV2 = await feeds.listen(mdTradesSubject(market), (m) => {
    for (const trade of tradeMessagesOf(m as TradesMessage)) pass(trade);
  });
  let stopV1: () => void;
  try {
    stopV1 = await feeds.listen(mdTradeSubject(market), (m) => pass(m as TradeMessage));
  } catch (error) {
    stopV2();
    throw error;
  }
  return () => {
    stopV2();
    stopV1();
  };
}

/** `<symbol>@depth[@100ms]`: market-data's diffs, merged over the update speed without ever hiding a gap. */
class DepthDiffStream implements MarketStream {
  private batch?: DepthBatch;
  private readonly window: UpdateWindow;
  private release?: () => void;

  constructor(
    private readonly symbol: StreamSymbol,
    speedMs: number,
    private readonly feeds: MarketFeedRepository,
    private readonly emit: Emit,
  ) {
    this.window = new UpdateWindow(speedMs, () => this.flush());
  }

  async start(): Promise<void> {
    this.release = await this.feeds.listen(mdDepthSubject(this.symbol.market), (m) =>
      this.onDiff(m as DepthDiffMessage),
    );
  }

  stop(): void {
    this.window.stop();
    this.release?.();
  }

  private onDiff(diff: DepthDiffMessage): void {
    if (this.batch && !this.batch.add(diff)) {
      // Not contiguous: send what came before on its own, so the client sees the gap and syncs again.
      this.flush();
      this.batch = new DepthBatch(diff);
    }
    this.batch ??= new DepthBatch(diff);
    this.window.touch();
  }

  private flush(): void {
    if (!this.batch) return;
    this.emit(this.batch.toEvent(this.symbol.symbol));
    this.batch = undefined;
  }
}

/** `<symbol>@depth<5|10|20>[@100ms]`: the top levels of the gateway's book copy, pushed every interval. */
class PartialDepthStream implements MarketStream {
  private timer?: NodeJS.Timeout;
  private release?: () => void;

  constructor(
    private readonly symbol: StreamSymbol,
    private readonly levels: number,
    private readonly speedMs: number,
    private readonly sources: StreamSources,
    private readonly emit: Emit,
  ) {}

  async start(): Promise<void> {
    const { mirror, release } = await this.sources.acquireBook(this.symbol);
    this.release = release;
    this.timer = setInterval(() => {
      const book = mirror.current;
      if (book) this.emit(book.top(this.levels));
    }, this.speedMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.release?.();
  }
}

/** `<symbol>@bookTicker`: the best bid and ask whenever a diff touches them, in real time. */
class BookTickerStream implements MarketStream {
  private release?: () => void;
  private last = '';

  constructor(
    private readonly symbol: StreamSymbol,
    private readonly sources: StreamSources,
    private readonly emit: Emit,
  ) {}

  async start(): Promise<void> {
    const { mirror, release } = await this.sources.acquireBook(this.symbol);
    const listener = (book: L2Book) => this.onBook(book);
    mirror.listeners.add(listener);
    this.release = () => {
      mirror.listeners.delete(listener);
      release();
    };
    if (mirror.current) this.onBook(mirror.current);
  }

  stop(): void {
    this.release?.();
  }

  private onBook(book: L2Book): void {
    const [bid] = book.bids.top(1);
    const [ask] = book.asks.top(1);
    const top = JSON.stringify([bid, ask]);
    if (top === this.last) return;
    this.last = top;
    this.emit({
      u: book.lastUpdateId,
      s: this.symbol.symbol,
      b: bid?.[0] ?? '0',
      B: bid?.[1] ?? '0',
      a: ask?.[0] ?? '0',
      A: ask?.[1] ?? '0',
    });
  }
}

/**
 * `<symbol>@aggTrade`: trades of one taker at one price and time, as REST /api/v3/aggTrades groups them. The
 * trade messages do not name the taker order, so consecutive trades of one engine batch (same `E`, `T`, price
 * and taker side) stand in for it; market-data publishes a commit's trades together (one `trade.v2` message, or
 * v1 messages in a row), so a group is complete at the end of the current I/O turn.
 */
class AggTradeStream implements MarketStream {
  private group: TradeMessage[] = [];
  private flushing?: NodeJS.Immediate;
  private release?: () => void;

  constructor(
    private readonly symbol: StreamSymbol,
    private readonly feeds: MarketFeedRepository,
    private readonly emit: Emit,
  ) {}

  async start(): Promise<void> {
    this.release = await listenTrades(this.feeds, this.symbol.market, (m) => this.onTrade(m));
  }

  stop(): void {
    clearImmediate(this.flushing);
    this.release?.();
  }

  private onTrade(trade: TradeMessage): void {
    const last = this.group[this.group.length - 1];
    const joins =
      last && last.E === trade.E && last.T === trade.T && last.p === trade.p && last.m === trade.m;
    if (last && !joins) this.flush();
    this.group.push(trade);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    clearImmediate(this.flushing);
    this.flushing = undefined;
    const [first, ...rest] = this.group;
    if (!first) return;
    const last = rest[rest.length - 1] ?? first;
    this.group = [];
    this.emit({
      e: 'aggTrade',
      E: last.E,
      s: first.symbol,
      a: first.t,
      p: first.p,
      q: sumDecimals([first, ...rest].map((t) => t.q)),
      f: first.t,
      l: last.t,
      T: first.T,
      m: first.m,
      M: true,
    });
  }
}

/** Sums decimal quantity strings exactly, at the largest scale among them. */
function sumDecimals(values: string[]): string {
  if (values.length === 1) return values[0]!;
  const scale = Math.max(...values.map((v) => v.split('.')[1]?.length ?? 0));
  const total = values.reduce((sum, v) => {
    const units = parseDecimal(v, scale);
    if (!units.ok) throw new Error(`bad trade quantity ${JSON.stringify(v)}`);
    return sum + units.value;
  }, 0n);
  return formatDecimal(total, scale, { trailingZeros: 'pad' });
}

/** `<symbol>@ticker` / `@miniTicker`: the latest 24 h statistics, at most once a second. */
class TickerStream implements MarketStream {
  private latest?: TickerMessage;
  private readonly window = new UpdateWindow(TICKER_INTERVAL_MS, () => this.latest && this.push(this.latest));
  private release?: () => void;

  constructor(
    private readonly symbol: StreamSymbol,
    private readonly feeds: MarketFeedRepository,
    private readonly push: (m: TickerMessage) => void,
  ) {}

  async start(): Promise<void> {
    this.release = await this.feeds.listen(mdTickerSubject(this.symbol.market), (m) => {
      this.latest = m as TickerMessage;
      this.window.touch();
    });
  }

  stop(): void {
    this.window.stop();
    this.release?.();
  }
}

/**
 * `!ticker@arr` / `!miniTicker@arr`: every market's ticker that changed, as one array at most once a second, each
 * in the event `toEvent` makes of it (`24hrTicker` / `24hrMiniTicker`).
 */
class AllTickersStream implements MarketStream {
  private changed = new Map<string, TickerMessage>();
  private readonly window = new UpdateWindow(TICKER_INTERVAL_MS, () => this.flush());
  private release?: () => void;

  constructor(
    private readonly feeds: MarketFeedRepository,
    private readonly toEvent: (m: TickerMessage) => object,
    private readonly emit: Emit,
  ) {}

  async start(): Promise<void> {
    this.release = await this.feeds.listen(mdTickerSubject('*'), (m) => {
      const ticker = m as TickerMessage;
      this.changed.set(ticker.symbol, ticker);
      this.window.touch();
    });
  }

  stop(): void {
    this.window.stop();
    this.release?.();
  }

  private flush(): void {
    if (this.changed.size === 0) return;
    const tickers = [...this.changed.values()].map(this.toEvent);
    this.changed = new Map();
    this.emit(tickers);
  }
}

/**
 * A stream with no market-data message behind it (`<symbol>@ticker_<window>`, `!ticker_<window>@arr`,
 * `<symbol>@avgPrice`): asked of market-data once a second per stream (not per client) and pushed for what changed
 * since the last push, by each item's `[key, version]`. The first answer is pushed as it is.
 */
class PolledStream<T> implements MarketStream {
  private first?: NodeJS.Immediate;
  private timer?: NodeJS.Timeout;
  private polling = false;
  private stopped = false;
  /** The version last pushed per key. */
  private readonly pushed = new Map<string, string>();

  constructor(
    private readonly ask: () => Promise<readonly T[]>,
    private readonly versionOf: (item: T) => [key: string, version: string],
    private readonly push: (changed: T[], now: number) => void,
  ) {}

  /** The first ask comes after the subscriber's reply has gone out (on the next turn), then once a second. */
  start(): Promise<void> {
    this.first = setImmediate(() => void this.poll());
    this.timer = setInterval(() => void this.poll(), TICKER_INTERVAL_MS);
    return Promise.resolve();
  }

  stop(): void {
    this.stopped = true;
    clearImmediate(this.first);
    clearInterval(this.timer);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const items = await this.ask();
      if (this.stopped) return;
      const changed = items.filter((item) => {
        const [key, version] = this.versionOf(item);
        if (this.pushed.get(key) === version) return false;
        this.pushed.set(key, version);
        return true;
      });
      if (changed.length > 0) this.push(changed, Date.now());
    } catch {
      // market-data did not answer: the next second asks again (the subscriber keeps its stream).
    } finally {
      this.polling = false;
    }
  }
}

/**
 * `<symbol>@ticker_<window>` / `!ticker_<window>@arr`: Binance's rolling window statistics (1h, 4h, 1d), pushed for
 * the markets whose window changed: a trade came in, or one left the window.
 */
function windowTickerStream(
  symbols: string[] | undefined,
  window: TickerWindow,
  sources: StreamSources,
  push: (changed: TickerWindowReply[], now: number) => void,
): MarketStream {
  return new PolledStream(
    () => sources.windowTickers(symbols, TICKER_WINDOWS[window]),
    (t) => [t.symbol, `${t.firstId}:${t.lastId}:${t.count}:${t.lastPrice}`],
    push,
  );
}

/**
 * `<symbol>@avgPrice`: Binance's average price over the last `avgPriceMins` (5) minutes, as `GET /api/v3/avgPrice`
 * answers it, pushed when it changed (a trade came in, or one left the window): `{e: "avgPrice", E, s, i: "5m", w,
 * T}` with `T` the last trade's time.
 */
function avgPriceStream(symbol: StreamSymbol, sources: StreamSources, emit: Emit): MarketStream {
  return new PolledStream(
    async () => [await sources.avgPrice(symbol.symbol)],
    (a) => ['', `${a.price}:${a.closeTime}`],
    ([a], now) =>
      emit({ e: 'avgPrice', E: now, s: symbol.symbol, i: `${a!.mins}m`, w: a!.price, T: a!.closeTime }),
  );
}

function toWindowTickerEvent(window: TickerWindow, t: TickerWindowReply, now: number) {
  return {
    e: `${window}Ticker`,
    E: now,
    s: t.symbol,
    p: t.priceChange,
    P: t.priceChangePercent,
    o: t.openPrice,
    h: t.highPrice,
    l: t.lowPrice,
    c: t.lastPrice,
    w: t.weightedAvgPrice,
    v: t.volume,
    q: t.quoteVolume,
    O: t.openTime,
    C: t.closeTime,
    F: t.firstId,
    L: t.lastId,
    n: t.count,
  };
}

function toTickerEvent(m: TickerMessage) {
  return {
    e: '24hrTicker',
    E: m.E,
    s: m.symbol,
    p: m.priceChange,
    P: m.priceChangePercent,
    w: m.weightedAvgPrice,
    x: m.prevClosePrice,
    c: m.lastPrice,
    Q: m.lastQty,
    b: m.bidPrice,
    B: m.bidQty,
    a: m.askPrice,
    A: m.askQty,
    o: m.openPrice,
    h: m.highPrice,
    l: m.lowPrice,
    v: m.volume,
    q: m.quoteVolume,
    O: m.openTime,
    C: m.closeTime,
    F: m.firstId,
    L: m.lastId,
    n: m.count,
  };
}

function toMiniTickerEvent(m: TickerMessage) {
  return {
    e: '24hrMiniTicker',
    E: m.E,
    s: m.symbol,
    c: m.lastPrice,
    o: m.openPrice,
    h: m.highPrice,
    l: m.lowPrice,
    v: m.volume,
    q: m.quoteVolume,
  };
}
