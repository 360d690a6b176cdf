export const DAY_MS = 86_400_000;
/** Binance's average price (`/api/v3/avgPrice`) is taken over the last 5 minutes. */
export const AVG_PRICE_MINS = 5;

export interface WindowTrade {
  id: number;
  ts: number;
  price: number;
  lots: number;
  quote: bigint;
}

/** The 24-hour statistics in integer units (ticks, lots, quote minor units). */
export interface TickerStats {
  openTime: number;
  closeTime: number;
  open: number;
  high: number;
  low: number;
  last: number;
  lastLots: number;
  /** Time of the last trade ever (0 when none). */
  lastTradeTime: number;
  prevClose: number;
  volume: bigint;
  quoteVolume: bigint;
  count: number;
  firstId: number;
  lastId: number;
}

/**
 * The rolling window (24 hours unless told) of one market's trades, ending at the market's latest event time
 * (the engine's clock, so that replays give the same numbers). Trades arrive in id order; the oldest leave as
 * time moves on.
 */
export class RollingTicker {
  private trades: WindowTrade[] = [];
  private head = 0;
  private volume = 0n;
  private quoteVolume = 0n;
  /** Monotonic queues of the window's trades (prices falling / rising from the front): high and low in O(1). */
  private readonly highs = new TradeQueue((kept, added) => kept.price > added.price);
  private readonly lows = new TradeQueue((kept, added) => kept.price < added.price);

  /** `prevClose`: the price of the last trade before the window (0 when none); `last`: the last trade ever. */
  constructor(
    private prevClose = 0,
    private last?: WindowTrade,
    private readonly windowMs = DAY_MS,
  ) {}

  add(trade: WindowTrade): void {
    this.trades.push(trade);
    this.volume += BigInt(trade.lots);
    this.quoteVolume += trade.quote;
    this.last = trade;
    this.highs.push(trade);
    this.lows.push(trade);
  }

  /** Drops trades at or before `now - window`. */
  advance(now: number): void {
    const from = now - this.windowMs;
    while (this.head < this.trades.length && this.trades[this.head]!.ts <= from) {
      const old = this.trades[this.head++]!;
      this.volume -= BigInt(old.lots);
      this.quoteVolume -= old.quote;
      this.prevClose = old.price;
    }
    if (this.head > 1024 && this.head * 2 > this.trades.length) {
      this.trades = this.trades.slice(this.head);
      this.head = 0;
    }
    const firstId = this.head < this.trades.length ? this.trades[this.head]!.id : Infinity;
    this.highs.dropBefore(firstId);
    this.lows.dropBefore(firstId);
  }

  stats(now: number): TickerStats {
    this.advance(now);
    const first = this.trades[this.head];
    const lastPrice = this.last?.price ?? 0;
    const high = first ? this.highs.front()!.price : lastPrice;
    const low = first ? this.lows.front()!.price : lastPrice;
    const inWindow = this.trades.length - this.head;
    return {
      // A market that never saw an event has now = 0: its window starts at the epoch, not before it.
      openTime: Math.max(0, now - this.windowMs),
      closeTime: now,
      open: first ? first.price : lastPrice,
      high,
      low,
      last: lastPrice,
      lastLots: this.last?.lots ?? 0,
      lastTradeTime: this.last?.ts ?? 0,
      prevClose: this.prevClose,
      volume: this.volume,
      quoteVolume: this.quoteVolume,
      count: inWindow,
      firstId: first ? first.id : -1,
      lastId: inWindow > 0 ? this.trades[this.trades.length - 1]!.id : -1,
    };
  }
}

/**
 * The trades of a window that can still be its extreme: each kept trade beats every later one (`beats`), so the
 * front is the extreme of the window. Trades join at the back in id order and leave at the front.
 */
class TradeQueue {
  private items: WindowTrade[] = [];
  private head = 0;

  constructor(private readonly beats: (kept: WindowTrade, added: WindowTrade) => boolean) {}

  push(trade: WindowTrade): void {
    while (this.items.length > this.head && !this.beats(this.items[this.items.length - 1]!, trade))
      this.items.pop();
    this.items.push(trade);
  }

  /** Drops the trades with ids below `id` (the window's first trade). */
  dropBefore(id: number): void {
    while (this.head < this.items.length && this.items[this.head]!.id < id) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  front(): WindowTrade | undefined {
    return this.items[this.head];
  }
}
