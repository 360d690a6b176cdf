import { Controller, Get, Query, UseGuards } from '@nestjs/common';

import {
  type Ticker24hrReply,
  type TickerWindowQuery,
  type TickerWindowReply,
} from '@exchange/shared-contracts';

import { RateLimitGuard, Weight } from '../rate-limit/rate-limit.guard';
import { MarketCacheService } from '../streams/market-cache.service';
import { MarketQueryParser } from './market-query.parser';
import { aggTradesQuery, historicalTradesQuery, klinesQuery, tradesQuery } from './market-queries';
import { ExchangeInfoService } from './exchange-info.service';
import { MarketService } from './market.service';
import { type MiniTicker, miniTicker } from './mini-ticker';
import { dayTickerWeight, depthWeight, windowTickerWeight } from './market-weights';

type QueryParams = Record<string, unknown>;

const depthQueryWeight = (query: QueryParams) => depthWeight(Number(query['limit'] ?? 100));

/** How many symbols `symbols=["A","B"]` names (0 when absent). */
function symbolCount(query: QueryParams): number {
  return typeof query['symbols'] === 'string' ? query['symbols'].split(',').length : 0;
}

/** The markets a ticker request names: one `symbol`, the `symbols` list, or 0 for every market. */
const marketsOf = (query: QueryParams): number => (query['symbol'] ? 1 : symbolCount(query));

const tickerWeight = (query: QueryParams) => dayTickerWeight(marketsOf(query));

/** `ticker` (rolling window) and `ticker/tradingDay`. */
const windowWeight = (query: QueryParams) => windowTickerWeight(marketsOf(query));

/** `ticker/price` and `ticker/bookTicker`: 2 for one symbol, 4 for a list or every symbol. */
function priceTickerWeight(query: QueryParams): number {
  return query['symbol'] ? 2 : 4;
}

/**
 * Public market data: `/api/v3/exchangeInfo`, `depth`, `trades`, `historicalTrades`, `aggTrades`, `klines`,
 * `ticker/24hr`, `ticker` (a rolling window), `ticker/tradingDay`, `ticker/price`, `ticker/bookTicker`, `avgPrice`, with
 * Binance's request weights.
 */
@Controller('api/v3')
@UseGuards(RateLimitGuard)
export class MarketController {
  constructor(
    private readonly market: MarketService,
    private readonly exchange: ExchangeInfoService,
    /** Depth and tickers from the pod's live copies when they are in step, else from market-data. */
    private readonly cache: MarketCacheService,
  ) {}

  @Get('exchangeInfo')
  @Weight(20)
  exchangeInfo(@Query() query: QueryParams) {
    const { symbol, symbols } = new MarketQueryParser(query).symbolOrSymbols();
    return this.exchange.exchangeInfo(symbol === undefined ? symbols : [symbol]);
  }

  @Get('depth')
  @Weight(depthQueryWeight)
  depth(@Query() query: QueryParams) {
    const q = new MarketQueryParser(query);
    return this.cache.depth({ symbol: q.symbol(), limit: q.integer('limit', { min: 1, max: 5000 }) });
  }

  @Get('trades')
  @Weight(25)
  trades(@Query() query: QueryParams) {
    return this.market.trades(tradesQuery(new MarketQueryParser(query)));
  }

  @Get('aggTrades')
  @Weight(4)
  aggTrades(@Query() query: QueryParams) {
    return this.market.aggTrades(aggTradesQuery(new MarketQueryParser(query)));
  }

  /** `uiKlines`: Binance's candles "for presentation"; here the same candles as `klines`. */
  @Get(['klines', 'uiKlines'])
  @Weight(2)
  klines(@Query() query: QueryParams) {
    return this.market.klines(klinesQuery(new MarketQueryParser(query)));
  }

  @Get('historicalTrades')
  @Weight(25)
  historicalTrades(@Query() query: QueryParams) {
    return this.market.historicalTrades(historicalTradesQuery(new MarketQueryParser(query)));
  }

  @Get('ticker/24hr')
  @Weight(tickerWeight)
  ticker24hr(@Query() query: QueryParams) {
    const q = new MarketQueryParser(query);
    const symbols = q.symbolOrSymbols();
    if (q.tickerType() === 'FULL') return this.cache.ticker24hr(symbols);
    // MINI: the same ticker's window fields, without the change, the previous close and the book.
    const mini = (answer: Ticker24hrReply | Ticker24hrReply[]) =>
      Array.isArray(answer) ? answer.map(miniTicker) : miniTicker(answer);
    const answer = this.cache.ticker24hr(symbols);
    return answer instanceof Promise ? answer.then(mini) : mini(answer);
  }

  /** Binance's rolling window ticker: `windowSize` 1m–59m, 1h–23h, 1d–7d, opened on a minute, closed now. */
  @Get('ticker')
  @Weight(windowWeight)
  tickerWindow(@Query() query: QueryParams) {
    const q = new MarketQueryParser(query);
    const { symbols, one } = q.someSymbols();
    const window = { kind: 'rolling' as const, ms: q.windowSize() };
    return this.windowTickers({ symbols, window }, one, q.tickerType());
  }

  /** The current trading day's statistics in a time zone (`timeZone`, default UTC). */
  @Get('ticker/tradingDay')
  @Weight(windowWeight)
  tickerTradingDay(@Query() query: QueryParams) {
    const q = new MarketQueryParser(query);
    const { symbols, one } = q.someSymbols();
    const window = { kind: 'tradingDay' as const, offsetMinutes: q.timeZoneMinutes() };
    return this.windowTickers({ symbols, window }, one, q.tickerType());
  }

  /** One object when asked for one `symbol`, an array for `symbols`; MINI without the change and the average. */
  private async windowTickers(query: TickerWindowQuery, one: boolean, type: 'FULL' | 'MINI') {
    const full = await this.market.tickerWindows(query);
    const tickers: (TickerWindowReply | MiniTicker)[] = type === 'FULL' ? full : full.map(miniTicker);
    return one ? tickers[0] : tickers;
  }

  @Get('ticker/price')
  @Weight(priceTickerWeight)
  tickerPrice(@Query() query: QueryParams) {
    return this.cache.tickerPrice(new MarketQueryParser(query).symbolOrSymbols());
  }

  @Get('ticker/bookTicker')
  @Weight(priceTickerWeight)
  bookTicker(@Query() query: QueryParams) {
    return this.cache.bookTicker(new MarketQueryParser(query).symbolOrSymbols());
  }

  @Get('avgPrice')
  @Weight(2)
  avgPrice(@Query() query: QueryParams) {
    return this.market.avgPrice({ symbol: new MarketQueryParser(query).symbol() });
  }
}
