import { type MatchingEventBatch } from '@exchange/shared-contracts';

import { KLINE_INTERVALS } from '@exchange/shared-contracts';
import { type Candle, CandleSeries } from './candle.model';
import { type L2BookState, L2Book, type L2Changes } from './l2-book.model';
import { AVG_PRICE_MINS, RollingTicker, type WindowTrade } from './rolling-ticker.model';

const AVG_PRICE_WINDOW_MS = AVG_PRICE_MINS * 60_000;
const NO_CANDLES: readonly Candle[] = Object.freeze([]);

/** One trade in integer units; `id` is the engine sequence of its `trade` event. */
export interface TradeRecord {
  id: number;
  ts: number;
  price: number;
  lots: number;
  quote: bigint;
  takerSide: 'BUY' | 'SELL';
  makerOrderId: string;
  takerOrderId: string;
}

/** What applying one event batch changed. */
export interface BatchEffect {
  /** First and last update id (engine sequence) newly applied. */
  U: number;
  u: number;
  /** Event time: the `ts` of the last event applied. */
  ts: number;
  depth: L2Changes;
  trades: TradeRecord[];
  /**
   * The candles its trades closed, as they closed. The open candles it touched (every interval's, when it traded) are
   * not copied here: they are read from the state when stored (`MarketState.candles.all()`), which is then the state
   * after the last batch stored with this one; copying all fifteen for every batch was garbage.
   */
  closedCandles: readonly Candle[];
}

/** What is stored with the data (PostgreSQL `md_market_state.state`): enough to resume after the last applied sequence. */
export interface MarketStateSnapshot {
  lastSeq: number;
  lastTs: number;
  book: L2BookState;
  candles: (Omit<Candle, 'volume' | 'quoteVolume' | 'takerBuyVolume' | 'takerBuyQuoteVolume'> & {
    volume: string;
    quoteVolume: string;
    takerBuyVolume: string;
    takerBuyQuoteVolume: string;
  })[];
}

/**
 * One market's derived state: the L2 book, candles and the 24h window, with the last engine sequence applied.
 * Events at or below that sequence are skipped, so replays and duplicates change nothing.
 */
export class MarketState {
  private constructor(
    readonly market: string,
    private lastSeqApplied: number,
    private lastTsSeen: number,
    readonly book: L2Book,
    readonly candles: CandleSeries,
    readonly ticker: RollingTicker,
    /** The last 5 minutes of trades: Binance's current average price. */
    readonly average: RollingTicker,
    private readonly quoteUnits: (ticks: number, lots: number) => bigint,
  ) {}

  static empty(market: string, quoteUnits: (ticks: number, lots: number) => bigint): MarketState {
    return new MarketState(
      market,
      0,
      0,
      new L2Book(),
      new CandleSeries(),
      new RollingTicker(),
      new RollingTicker(0, undefined, AVG_PRICE_WINDOW_MS),
      quoteUnits,
    );
  }

  /**
   * Restores from the stored snapshot, the trades of the last 24 hours (oldest first) and the last trade before
   * them (the last price when nothing traded in the window).
   */
  static restore(
    market: string,
    snapshot: MarketStateSnapshot,
    window: { prevClose: number; before?: WindowTrade; trades: WindowTrade[] },
    quoteUnits: (ticks: number, lots: number) => bigint,
  ): MarketState {
    const candles = new CandleSeries(
      snapshot.candles.map((c) => ({
        ...c,
        volume: BigInt(c.volume),
        quoteVolume: BigInt(c.quoteVolume),
        takerBuyVolume: BigInt(c.takerBuyVolume),
        takerBuyQuoteVolume: BigInt(c.takerBuyQuoteVolume),
      })),
    );
    const ticker = new RollingTicker(window.prevClose, window.before);
    const average = new RollingTicker(window.prevClose, window.before, AVG_PRICE_WINDOW_MS);
    for (const trade of window.trades) {
      ticker.add(trade);
      average.add(trade);
    }
    return new MarketState(
      market,
      snapshot.lastSeq,
      snapshot.lastTs,
      L2Book.restore(snapshot.book),
      candles,
      ticker,
      average,
      quoteUnits,
    );
  }

  get lastSeq(): number {
    return this.lastSeqApplied;
  }

  get lastTs(): number {
    return this.lastTsSeen;
  }

  /**
   * False when the batch's first event above the last applied sequence does not follow it: events in between have
   * not arrived yet (a redelivery queued behind newer messages), so the batch cannot be applied now.
   */
  follows(batch: MatchingEventBatch): boolean {
    if (this.lastSeqApplied === 0 || batch.lastSeq <= this.lastSeqApplied) return true;
    const next = batch.events.find((e) => e.seq > this.lastSeqApplied);
    return next === undefined || next.seq === this.lastSeqApplied + 1;
  }

  /** Applies the events above the last applied sequence; undefined when the batch held none. */
  apply(batch: MatchingEventBatch): BatchEffect | undefined {
    if (batch.lastSeq <= this.lastSeqApplied) return undefined;
    const trades: TradeRecord[] = [];
    let closedCandles: Candle[] | undefined;
    let first = 0;
    for (const event of batch.events) {
      if (event.seq <= this.lastSeqApplied) continue;
      if (event.seq !== this.lastSeqApplied + 1 && this.lastSeqApplied !== 0) {
        throw new Error(
          `${this.market}: event ${event.seq} after ${this.lastSeqApplied}: a gap in the stream`,
        );
      }
      first ||= event.seq;
      this.book.apply(event);
      if (event.ts !== undefined && event.ts > this.lastTsSeen) this.lastTsSeen = event.ts;
      this.lastSeqApplied = event.seq;
      if (event.type !== 'trade') continue;
      const trade: TradeRecord = {
        id: event.seq,
        ts: event.ts,
        price: event.price,
        lots: event.quantity,
        quote: this.quoteUnits(event.price, event.quantity),
        takerSide: event.takerSide,
        makerOrderId: event.makerOrderId,
        takerOrderId: event.takerOrderId,
      };
      trades.push(trade);
      const windowTrade = {
        id: trade.id,
        ts: trade.ts,
        price: trade.price,
        lots: trade.lots,
        quote: trade.quote,
      };
      this.ticker.add(windowTrade);
      this.average.add(windowTrade);
      // Each trade updates the open candle of every interval: the batch touched the candles it closed (copies, as
      // they closed) and every open candle.
      const closed = this.candles.add(trade);
      if (closed.length > 0) (closedCandles ??= []).push(...closed);
    }
    return {
      U: first,
      u: this.lastSeqApplied,
      ts: this.lastTsSeen,
      depth: this.book.takeChanges(),
      trades,
      closedCandles: closedCandles ?? NO_CANDLES,
    };
  }

  /** The state to store; without the book's tracked orders when `withOrders` is false. */
  snapshot(withOrders = true): MarketStateSnapshot {
    return {
      lastSeq: this.lastSeqApplied,
      lastTs: this.lastTsSeen,
      book: this.book.snapshot(withOrders),
      candles: KLINE_INTERVALS.flatMap((i) => {
        const c = this.candles.current(i);
        return c
          ? [
              {
                ...c,
                volume: c.volume.toString(),
                quoteVolume: c.quoteVolume.toString(),
                takerBuyVolume: c.takerBuyVolume.toString(),
                takerBuyQuoteVolume: c.takerBuyQuoteVolume.toString(),
              },
            ]
          : [];
      }),
    };
  }
}
