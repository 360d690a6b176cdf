import { Injectable } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';

import { type MarketDataConfig } from '../config/market-data.config';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import {
  type CandleRow,
  MarketStoreRepository,
  type TradeRow,
} from '../repositories/market-store.repository';
import {
  applyBookOrderDiff,
  type BookOrderDiff,
  diffBookOrders,
  diffTouchedOrders,
  ordersOfRows,
  type StoredBookOrders,
} from './book-order-diff';
import { MarketFormat } from './market-format';
import { MarketState, type MarketStateSnapshot } from './market-state.model';
import {
  normaliseTradeRow,
  toAvgPriceReply,
  toDepthReply,
  toTickerReply,
  toTradeReply,
} from './market-view.mapper';
import { DAY_MS } from './rolling-ticker.model';

/** One market's commit, taken from its state at one moment. */
export interface PreparedCommit {
  market: string;
  fromSeq: number;
  position: { lastSeq: number; lastTs: number; state: unknown };
  trades: TradeRow[];
  candles: CandleRow[];
  book: BookOrderDiff;
}

/**
 * Loads each configured market's state from PostgreSQL (the stored snapshot, the book's tracked orders and the last
 * 24 hours of trades), stores it, and rewrites its Redis keys from it: shared by the live ingest and the rebuild
 * command. The book's orders are stored one row each and only as they change (`md_book_order`), so a commit costs
 * what the batches changed, not the size of the book.
 */
@Injectable()
export class MarketStateService {
  readonly formats: ReadonlyMap<string, MarketFormat>;
  /** Per market, the tracked orders as stored after the last commit. */
  private readonly storedOrders = new Map<string, StoredBookOrders>();
  /** Markets restored with orders inline in their stored state (before md_book_order). */
  private readonly inline = new Set<string>();

  constructor(
    @InjectConfig() private readonly config: MarketDataConfig,
    private readonly store: MarketStoreRepository,
    private readonly cache: MarketCacheRepository,
  ) {
    this.formats = new Map(config.MARKET_DATA_MARKETS.map((m) => [m.market, MarketFormat.create(m)]));
  }

  empty(format: MarketFormat): MarketState {
    return MarketState.empty(format.market, (t, l) => format.quoteUnits(t, l));
  }

  /** Every configured market as stored (empty when never stored). */
  async loadAll(): Promise<Map<string, MarketState>> {
    const stored = new Map((await this.store.loadStates()).map((s) => [s.market, s]));
    const states = new Map<string, MarketState>();
    for (const [market, format] of this.formats) {
      const row = stored.get(market);
      if (row) states.set(market, await this.restore(format, row.state as MarketStateSnapshot));
      else {
        this.storedOrders.delete(market);
        this.inline.delete(market);
        states.set(market, this.empty(format));
      }
    }
    return states;
  }

  /**
   * Stores `state` after batches from engine sequence `fromSeq` on, with their trades and candles and the orders
   * that changed, unless another writer stored them first (false).
   */
  async commit(
    format: MarketFormat,
    state: MarketState,
    fromSeq: number,
    trades: TradeRow[],
    candles: CandleRow[],
  ): Promise<boolean> {
    return this.write(this.prepare(format, state, fromSeq, trades, candles));
  }

  /**
   * What a commit of `state` as it is now writes: taken synchronously, so that the state may move on (the next
   * batches applied in memory) while `write` runs.
   */
  prepare(
    format: MarketFormat,
    state: MarketState,
    fromSeq: number,
    trades: TradeRow[],
    candles: CandleRow[],
  ): PreparedCommit {
    const stored = this.stored(format.market);
    const touched = state.book.takeTouchedOrders();
    // Orders restored from a state that kept them inline are not rows yet: compare the whole book once.
    const book = this.inline.delete(format.market)
      ? diffBookOrders(stored, state.snapshot().book.orders)
      : diffTouchedOrders(stored, touched, (id) => state.book.order(id));
    return {
      market: format.market,
      fromSeq,
      position: { lastSeq: state.lastSeq, lastTs: state.lastTs, state: state.snapshot(false) },
      trades,
      candles,
      book,
    };
  }

  /** Writes a prepared commit (commits of one market in the order they were prepared): false when refused. */
  async write(prepared: PreparedCommit): Promise<boolean> {
    const written = await this.store.commit(
      prepared.market,
      prepared.fromSeq,
      prepared.position,
      prepared.trades,
      prepared.candles,
      prepared.book,
    );
    if (written) applyBookOrderDiff(this.stored(prepared.market), prepared.book);
    return written;
  }

  /** After the tables were emptied: nothing is stored. */
  forgetStored(): void {
    this.storedOrders.clear();
    this.inline.clear();
  }

  async reload(format: MarketFormat): Promise<MarketState> {
    const row = (await this.store.loadStates()).find((s) => s.market === format.market);
    if (row) return this.restore(format, row.state as MarketStateSnapshot);
    this.storedOrders.delete(format.market);
    this.inline.delete(format.market);
    return this.empty(format);
  }

  /** Rewrites the market's Redis keys from the state and the stored trades. */
  async refreshCache(format: MarketFormat, state: MarketState): Promise<void> {
    const recent = await this.store.latestTrades(format.market, this.config.MARKET_DATA_RECENT_TRADES);
    await this.cache.replaceTrades(
      format.market,
      recent.map((r) => toTradeReply(normaliseTradeRow(format, r))),
    );
    await this.cache.write(format.market, {
      depth: toDepthReply(format, state.book, state.lastSeq, this.config.MARKET_DATA_DEPTH_LEVELS),
      ticker: toTickerReply(format, state.ticker.stats(state.lastTs), state.book),
      avgPrice: toAvgPriceReply(format, state.average.stats(state.lastTs)),
      newTrades: [],
      keepTrades: this.config.MARKET_DATA_RECENT_TRADES,
    });
  }

  private stored(market: string): StoredBookOrders {
    let stored = this.storedOrders.get(market);
    if (!stored) {
      stored = new Map();
      this.storedOrders.set(market, stored);
    }
    return stored;
  }

  private async restore(format: MarketFormat, stored: MarketStateSnapshot): Promise<MarketState> {
    // States written before md_book_order carry their orders inline; the next commit moves them to rows.
    const rows = await this.store.bookOrders(format.market);
    this.storedOrders.set(format.market, new Map(rows));
    if (stored.book.orders.length > 0) this.inline.add(format.market);
    else this.inline.delete(format.market);
    const snapshot: MarketStateSnapshot = {
      ...stored,
      book: { ...stored.book, orders: [...stored.book.orders, ...ordersOfRows(rows)] },
    };
    const window = await this.store.window(format.market, snapshot.lastTs - DAY_MS);
    const toWindowTrade = (t: TradeRow) => ({
      id: t.id,
      ts: t.ts,
      price: format.ticks(t.price),
      lots: format.lots(t.qty),
      quote: format.quoteFromText(t.quoteQty),
    });
    return MarketState.restore(
      format.market,
      snapshot,
      {
        prevClose: window.before ? format.ticks(window.before.price) : 0,
        before: window.before ? toWindowTrade(window.before) : undefined,
        trades: window.trades.map(toWindowTrade),
      },
      (t, l) => format.quoteUnits(t, l),
    );
  }
}
