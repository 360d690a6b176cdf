import { Injectable } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';

import { type MarketDataConfig } from '../config/market-data.config';
import {
  type AggTradeReply,
  type AggTradesQuery,
  type AvgPriceQuery,
  type AvgPriceReply,
  type BookTickerReply,
  type HistoricalTradesQuery,
  type SymbolsQuery,
  type TickerPriceReply,
  type DepthQuery,
  type DepthReply,
  type KlineReply,
  type KlinesQuery,
  MarketDataErrorCode,
  type Ticker24hrQuery,
  type Ticker24hrReply,
  type TickerWindowQuery,
  type TickerWindowReply,
  type TradeReply,
  type TradesQuery,
} from '@exchange/shared-contracts';
import { MarketFormat } from '../market-data/market-format';
import {
  normaliseTradeRow,
  toKlineReply,
  toTradeReply,
  toWindowTickerReply,
} from '../market-data/market-view.mapper';
import { AVG_PRICE_MINS, DAY_MS } from '../market-data/rolling-ticker.model';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import { MarketStoreRepository, type TradeRow } from '../repositories/market-store.repository';
import { MarketDataQueryError } from './market-data-query.error';

const MINUTE_MS = 60_000;

/**
 * Answers the gateway's public reads: depth, recent trades, tickers and the average price from Redis;
 * historical trades, aggTrades and klines from PostgreSQL.
 */
@Injectable()
export class MarketDataQueryService {
  private readonly formats = new Map<string, MarketFormat>();

  constructor(
    @InjectConfig() config: MarketDataConfig,
    private readonly cache: MarketCacheRepository,
    private readonly store: MarketStoreRepository,
  ) {
    for (const market of config.MARKET_DATA_MARKETS) {
      const format = MarketFormat.create(market);
      this.formats.set(format.symbol, format);
    }
  }

  async depth(query: DepthQuery): Promise<DepthReply> {
    const format = this.format(query.symbol);
    const depth = (await this.cache.depth(format.market)) ?? { lastUpdateId: 0, bids: [], asks: [] };
    return {
      lastUpdateId: depth.lastUpdateId,
      bids: depth.bids.slice(0, query.limit),
      asks: depth.asks.slice(0, query.limit),
    };
  }

  async trades(query: TradesQuery): Promise<TradeReply[]> {
    return this.cache.recentTrades(this.format(query.symbol).market, query.limit);
  }

  /** Trades from id `fromId` up, oldest first; without `fromId` the most recent `limit`. */
  async historicalTrades(query: HistoricalTradesQuery): Promise<TradeReply[]> {
    const format = this.format(query.symbol);
    const rows = await this.store.trades(format.market, { fromId: query.fromId }, query.limit);
    return rows.map((r) => toTradeReply(normaliseTradeRow(format, r)));
  }

  /** Consecutive trades of one taker order at one price make one aggregate trade (`a` = its first trade id). */
  async aggTrades(query: AggTradesQuery): Promise<AggTradeReply[]> {
    const format = this.format(query.symbol);
    const raw = await this.store.trades(
      format.market,
      { fromId: query.fromId, startTime: query.startTime, endTime: query.endTime },
      Math.min(query.limit * 10, 10_000),
    );
    const groups: TradeRow[][] = [];
    for (const row of raw.map((r) => normaliseTradeRow(format, r))) {
      const last = groups[groups.length - 1]?.[0];
      if (last && last.takerOrderId === row.takerOrderId && last.price === row.price && last.ts === row.ts) {
        groups[groups.length - 1]!.push(row);
      } else groups.push([row]);
    }
    const unbounded = query.fromId === undefined && query.startTime === undefined;
    const chosen = unbounded ? groups.slice(-query.limit) : groups.slice(0, query.limit);
    return chosen.map((g) => {
      const first = g[0]!;
      const lots = g.reduce((sum, t) => sum + BigInt(format.lots(t.qty)), 0n);
      return {
        a: first.id,
        p: first.price,
        q: format.quantity(lots),
        f: first.id,
        l: g[g.length - 1]!.id,
        T: first.ts,
        m: first.takerSide === 'SELL',
        M: true,
      };
    });
  }

  async klines(query: KlinesQuery): Promise<KlineReply[]> {
    const format = this.format(query.symbol);
    const rows = await this.store.candles(
      format.market,
      query.interval,
      { startTime: query.startTime, endTime: query.endTime },
      query.limit,
    );
    return rows.map(toKlineReply);
  }

  async ticker24hr(query: Ticker24hrQuery): Promise<Ticker24hrReply | Ticker24hrReply[]> {
    if (query.symbol !== undefined) {
      const [ticker] = await this.cache.tickers([this.format(query.symbol).market]);
      return ticker ?? this.emptyTicker(this.format(query.symbol));
    }
    const formats = query.symbols ? query.symbols.map((s) => this.format(s)) : [...this.formats.values()];
    const tickers = await this.cache.tickers(formats.map((f) => f.market));
    return tickers.map((t, i) => t ?? this.emptyTicker(formats[i]!));
  }

  async tickerPrice(query: SymbolsQuery): Promise<TickerPriceReply | TickerPriceReply[]> {
    const toPrice = (t: Ticker24hrReply): TickerPriceReply => ({ symbol: t.symbol, price: t.lastPrice });
    const tickers = await this.ticker24hr(query);
    return Array.isArray(tickers) ? tickers.map(toPrice) : toPrice(tickers);
  }

  async bookTicker(query: SymbolsQuery): Promise<BookTickerReply | BookTickerReply[]> {
    const toBook = (t: Ticker24hrReply): BookTickerReply => ({
      symbol: t.symbol,
      bidPrice: t.bidPrice,
      bidQty: t.bidQty,
      askPrice: t.askPrice,
      askQty: t.askQty,
    });
    const tickers = await this.ticker24hr(query);
    return Array.isArray(tickers) ? tickers.map(toBook) : toBook(tickers);
  }

  async avgPrice(query: AvgPriceQuery): Promise<AvgPriceReply> {
    const format = this.format(query.symbol);
    return (
      (await this.cache.avgPrice(format.market)) ?? {
        mins: AVG_PRICE_MINS,
        price: format.price(0),
        closeTime: 0,
      }
    );
  }

  /**
   * `/api/v3/ticker` and `/api/v3/ticker/tradingDay`: the window ends at this service's clock, as Binance's ends at
   * the request's time (the 24-hour ticker follows the market's last event instead). A rolling window opens on the
   * minute at or before now - ms; a trading day runs from the zone's midnight to the millisecond before the next.
   */
  async tickerWindow(query: TickerWindowQuery, now = Date.now()): Promise<TickerWindowReply[]> {
    const formats = query.symbols.map((s) => this.format(s));
    const { window } = query;
    let openTime: number;
    let closeTime: number;
    if (window.kind === 'rolling') {
      openTime = Math.floor((now - window.ms) / MINUTE_MS) * MINUTE_MS;
      closeTime = now;
    } else {
      const offset = window.offsetMinutes * MINUTE_MS;
      openTime = Math.floor((now + offset) / DAY_MS) * DAY_MS - offset;
      closeTime = openTime + DAY_MS - 1;
    }
    return Promise.all(
      formats.map(async (format) =>
        toWindowTickerReply(format, await this.store.windowSums(format.market, openTime, now), {
          openTime,
          closeTime,
        }),
      ),
    );
  }

  private format(symbol: string): MarketFormat {
    const format = this.formats.get(symbol.replace('-', ''));
    if (!format)
      throw new MarketDataQueryError(MarketDataErrorCode.UNKNOWN_SYMBOL, `Invalid symbol ${symbol}`);
    return format;
  }

  private emptyTicker(format: MarketFormat): Ticker24hrReply {
    const zero = '0.00000000';
    return {
      symbol: format.symbol,
      priceChange: zero,
      priceChangePercent: '0.000',
      weightedAvgPrice: zero,
      prevClosePrice: zero,
      lastPrice: zero,
      lastQty: zero,
      bidPrice: zero,
      bidQty: zero,
      askPrice: zero,
      askQty: zero,
      openPrice: zero,
      highPrice: zero,
      lowPrice: zero,
      volume: zero,
      quoteVolume: zero,
      openTime: 0,
      closeTime: 0,
      firstId: -1,
      lastId: -1,
      count: 0,
    };
  }
}
