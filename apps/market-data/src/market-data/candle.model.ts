import { KLINE_INTERVALS, type KlineInterval } from '@exchange/shared-contracts';

import { DAY_MS } from './rolling-ticker.model';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** 1970-01-01 was a Thursday: the first Monday, 00:00 UTC, is four days later. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

/** The fixed-length intervals; `1w` is fixed-length too but starts on Mondays, `1M` follows the calendar. */
const FIXED_MS: Readonly<Record<Exclude<KlineInterval, '1w' | '1M'>, number>> = {
  '1m': MINUTE_MS,
  '3m': 3 * MINUTE_MS,
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '30m': 30 * MINUTE_MS,
  '1h': HOUR_MS,
  '2h': 2 * HOUR_MS,
  '4h': 4 * HOUR_MS,
  '6h': 6 * HOUR_MS,
  '8h': 8 * HOUR_MS,
  '12h': 12 * HOUR_MS,
  '1d': DAY_MS,
  // Multiples of three days since the Unix epoch, so every bucket starts at 00:00 UTC.
  '3d': 3 * DAY_MS,
};

/** A candle in integer units: prices in ticks, volumes in lots, quote volumes in quote minor units. */
export interface Candle {
  interval: KlineInterval;
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: bigint;
  quoteVolume: bigint;
  trades: number;
  takerBuyVolume: bigint;
  takerBuyQuoteVolume: bigint;
}

export interface CandleTrade {
  ts: number;
  price: number;
  lots: number;
  quote: bigint;
  takerSide: 'BUY' | 'SELL';
}

/**
 * Start of the UTC bucket holding `ts`: fixed intervals are floored from the epoch (each divides a day or is a
 * whole number of days, so buckets align to midnight UTC), weeks start on Monday 00:00 UTC and months on the
 * first of the calendar month.
 */
export function bucketStart(ts: number, interval: KlineInterval): number {
  if (interval === '1M') {
    const date = new Date(ts);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  if (interval === '1w') {
    const week = 7 * DAY_MS;
    return Math.floor((ts - FIRST_MONDAY_MS) / week) * week + FIRST_MONDAY_MS;
  }
  const ms = FIXED_MS[interval];
  return Math.floor(ts / ms) * ms;
}

/** Start of the bucket after the one that starts at `openTime`. */
export function nextBucketStart(openTime: number, interval: KlineInterval): number {
  if (interval === '1M') {
    const date = new Date(openTime);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return openTime + (interval === '1w' ? 7 * DAY_MS : FIXED_MS[interval]);
}

/** The last millisecond of the candle's bucket (Binance `closeTime`). */
export function closeTime(candle: Pick<Candle, 'openTime' | 'interval'>): number {
  return nextBucketStart(candle.openTime, candle.interval) - 1;
}

/**
 * The open candle of each interval of one market. A trade in a later bucket closes the open candle and
 * opens a new one (buckets without trades have no candle, as on Binance). The engine's timestamps come with
 * the commands; a trade stamped before the open candle (a clock step back) is counted in the open candle.
 */
export class CandleSeries {
  private readonly open = new Map<KlineInterval, Candle>();
  /**
   * Per interval, where the open candle's bucket ends: a trade before it belongs to the open candle (or is stamped
   * before it, and counts in it), so the bucket is computed only when a trade may close the candle.
   */
  private readonly ends = new Map<KlineInterval, number>();

  constructor(candles: Candle[] = []) {
    for (const candle of candles) {
      this.open.set(candle.interval, { ...candle });
      this.ends.set(candle.interval, nextBucketStart(candle.openTime, candle.interval));
    }
  }

  /** Adds a trade; returns the candles it touched: for each interval the one it went into, and any it closed. */
  add(trade: CandleTrade): { updated: Candle[]; closed: Candle[] } {
    const updated: Candle[] = [];
    const closed: Candle[] = [];
    const lots = BigInt(trade.lots);
    for (const interval of KLINE_INTERVALS) {
      let candle = this.open.get(interval);
      if (candle && trade.ts >= this.ends.get(interval)!) {
        closed.push(candle);
        candle = undefined;
      }
      if (!candle) {
        const start = bucketStart(trade.ts, interval);
        candle = {
          interval,
          openTime: start,
          open: trade.price,
          high: trade.price,
          low: trade.price,
          close: trade.price,
          volume: 0n,
          quoteVolume: 0n,
          trades: 0,
          takerBuyVolume: 0n,
          takerBuyQuoteVolume: 0n,
        };
        this.open.set(interval, candle);
        this.ends.set(interval, nextBucketStart(start, interval));
      }
      candle.high = Math.max(candle.high, trade.price);
      candle.low = Math.min(candle.low, trade.price);
      candle.close = trade.price;
      candle.volume += lots;
      candle.quoteVolume += trade.quote;
      candle.trades += 1;
      if (trade.takerSide === 'BUY') {
        candle.takerBuyVolume += lots;
        candle.takerBuyQuoteVolume += trade.quote;
      }
      updated.push(candle);
    }
    return { updated, closed };
  }

  current(interval: KlineInterval): Candle | undefined {
    return this.open.get(interval);
  }

  all(): Candle[] {
    return [...this.open.values()];
  }
}
