import { KLINE_INTERVALS, type KlineInterval } from '@exchange/shared-contracts';

export const INTERVAL_MS: Readonly<Record<KlineInterval, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
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

/** Start of the UTC bucket holding `ts` (intervals are whole divisors of a day, so buckets align to midnight UTC). */
export function bucketStart(ts: number, interval: KlineInterval): number {
  const ms = INTERVAL_MS[interval];
  return Math.floor(ts / ms) * ms;
}

export function closeTime(candle: Pick<Candle, 'openTime' | 'interval'>): number {
  return candle.openTime + INTERVAL_MS[candle.interval] - 1;
}

/**
 * The open candle of each interval of one market. A trade in a later bucket closes the open candle and
 * opens a new one (buckets without trades have no candle, as on Binance). The engine's timestamps come with
 * the commands; a trade stamped before the open candle (a clock step back) is counted in the open candle.
 */
export class CandleSeries {
  private readonly open = new Map<KlineInterval, Candle>();

  constructor(candles: Candle[] = []) {
    for (const candle of candles) this.open.set(candle.interval, { ...candle });
  }

  /** Adds a trade; returns the candles it touched: for each interval the one it went into, and any it closed. */
  add(trade: CandleTrade): { updated: Candle[]; closed: Candle[] } {
    const updated: Candle[] = [];
    const closed: Candle[] = [];
    for (const interval of KLINE_INTERVALS) {
      const start = bucketStart(trade.ts, interval);
      let candle = this.open.get(interval);
      if (candle && start > candle.openTime) {
        closed.push(candle);
        candle = undefined;
      }
      if (!candle) {
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
      }
      candle.high = Math.max(candle.high, trade.price);
      candle.low = Math.min(candle.low, trade.price);
      candle.close = trade.price;
      candle.volume += BigInt(trade.lots);
      candle.quoteVolume += trade.quote;
      candle.trades += 1;
      if (trade.takerSide === 'BUY') {
        candle.takerBuyVolume += BigInt(trade.lots);
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
