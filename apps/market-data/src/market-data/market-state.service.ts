import { Injectable } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';

import { type MarketDataConfig } from '../config/market-data.config';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import { MarketStoreRepository, type TradeRow } from '../repositories/market-store.repository';
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

/**
 * Loads each configured market's state from PostgreSQL (the stored snapshot plus the last 24 hours of trades)
 * and rewrites its Redis keys from it: shared by the live ingest and the rebuild command.
 */
@Injectable()
export class MarketStateService {
  readonly formats: ReadonlyMap<string, MarketFormat>;

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
      states.set(
        market,
        row ? await this.restore(format, row.state as MarketStateSnapshot) : this.empty(format),
      );
    }
    return states;
  }

  async reload(format: MarketFormat): Promise<MarketState> {
    const row = (await this.store.loadStates()).find((s) => s.market === format.market);
    return row ? this.restore(format, row.state as MarketStateSnapshot) : this.empty(format);
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

  private async restore(format: MarketFormat, snapshot: MarketStateSnapshot): Promise<MarketState> {
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
