import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import {
  type DepthDiffMessage,
  KLINE_INTERVALS,
  type KlineInterval,
  type KlineMessage,
  mdDepthSubject,
  mdKlineSubject,
  mdTickerSubject,
  type TickerMessage,
  type TickerWindowReply,
  type TradeMessage,
} from '@exchange/shared-contracts';
import {
  type AggTrade,
  type Candle,
  type GetAggTradesRequest__Output,
  type GetAvgPriceRequest__Output,
  type GetAvgPriceResponse,
  type GetAggTradesResponse,
  type GetCandlesRequest__Output,
  type GetCandlesResponse,
  type GetExchangeInfoRequest__Output,
  type GetExchangeInfoResponse,
  type GetOrderBookRequest__Output,
  type GetOrderBookResponse,
  type GetTickersRequest__Output,
  type GetTickersResponse,
  type GetTradesRequest__Output,
  type GetTradesResponse,
  type MarketDataServiceHandlers,
  type OrderType,
  type PublicTrade,
  type StreamBookDiffsResponse,
  type StreamCandlesRequest__Output,
  type StreamCandlesResponse,
  type StreamTickersResponse,
  type StreamTradesResponse,
  type SymbolInfo,
  type Ticker,
} from '@exchange/shared-contracts-grpc';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ExchangeInfoService } from '../market/exchange-info.service';
import { MarketQueryParser } from '../market/market-query.parser';
import { aggTradesQuery, historicalTradesQuery, klinesQuery, tradesQuery } from '../market/market-queries';
import { MarketService } from '../market/market.service';
import { dayTickerWeight, depthWeight, windowTickerWeight } from '../market/market-weights';
import { MarketFeedRepository } from '../streams/market-feed.repository';
import { listenTrades } from '../streams/market-streams';
import { MarketCatalogRepository } from '../trading/market-catalog.repository';
import { type CallContext, GrpcCalls, PUBLIC, type StreamSink } from './grpc-calls';
import { given } from './proto-fields';

/** `follow`'s source for the trade streams: both trade subjects, each trade once. */
const TRADES = Symbol('trades');

type ExchangeSymbol = Awaited<ReturnType<ExchangeInfoService['exchangeInfo']>>['symbols'][number];
type Filter = Record<string, unknown> & { filterType: string };

const level = ([price, qty]: readonly [string, string] | string[]) => ({ price: price!, qty: qty! });

function toSymbolInfo(s: ExchangeSymbol): SymbolInfo {
  const filter = (type: string) => (s.filters as Filter[]).find((f) => f.filterType === type) ?? {};
  const price = filter('PRICE_FILTER') as Record<string, string>;
  const lot = filter('LOT_SIZE') as Record<string, string>;
  const notional = filter('NOTIONAL') as Record<string, string>;
  return {
    symbol: s.symbol,
    status: `SYMBOL_STATUS_${s.status}`,
    baseAsset: s.baseAsset,
    baseAssetPrecision: s.baseAssetPrecision,
    quoteAsset: s.quoteAsset,
    quoteAssetPrecision: s.quoteAssetPrecision,
    orderTypes: s.orderTypes.map((t) => `ORDER_TYPE_${t}` as OrderType),
    tickSize: price['tickSize'] ?? '',
    minPrice: price['minPrice'] ?? '',
    maxPrice: price['maxPrice'] ?? '',
    stepSize: lot['stepSize'] ?? '',
    minQty: lot['minQty'] ?? '',
    maxQty: lot['maxQty'] ?? '',
    minNotional: notional['minNotional'] ?? '',
  };
}

/** As `GET /api/v3/depth` weighs a snapshot of `limit` levels. */
const orderBookWeight = (r: GetOrderBookRequest__Output) => depthWeight(r.limit || 100);

/** REST's weights: the 24-hour ticker's, or a window's. */
const tickersWeight = (r: GetTickersRequest__Output) =>
  r.windowSize === '' && r.tradingDayTimeZone === ''
    ? dayTickerWeight(r.symbols.length)
    : windowTickerWeight(r.symbols.length);

/** A 24-hour or window ticker (the first has more fields, which the message leaves out). */
function toTicker(t: TickerWindowReply): Ticker {
  return {
    symbol: t.symbol,
    priceChange: t.priceChange,
    priceChangePercent: t.priceChangePercent,
    weightedAvgPrice: t.weightedAvgPrice,
    openPrice: t.openPrice,
    highPrice: t.highPrice,
    lowPrice: t.lowPrice,
    lastPrice: t.lastPrice,
    volume: t.volume,
    quoteVolume: t.quoteVolume,
    openTimeMs: String(t.openTime),
    closeTimeMs: String(t.closeTime),
    firstTradeId: String(t.firstId),
    lastTradeId: String(t.lastId),
    tradeCount: String(t.count),
  };
}

type TradeRow = Awaited<ReturnType<MarketService['trades']>>[number];
type AggTradeRow = Awaited<ReturnType<MarketService['aggTrades']>>[number];
type KlineRow = Awaited<ReturnType<MarketService['klines']>>[number];

const toPublicTrade = (t: TradeRow): PublicTrade => ({
  tradeId: String(t.id),
  price: t.price,
  qty: t.qty,
  quoteQty: t.quoteQty,
  tradeTimeMs: String(t.time),
  isBuyerMaker: t.isBuyerMaker,
});

const toAggTrade = (t: AggTradeRow): AggTrade => ({
  aggTradeId: String(t.a),
  price: t.p,
  qty: t.q,
  firstTradeId: String(t.f),
  lastTradeId: String(t.l),
  tradeTimeMs: String(t.T),
  isBuyerMaker: t.m,
});

const toCandle = ([
  open,
  o,
  h,
  l,
  c,
  v,
  close,
  quoteVolume,
  count,
  takerBase,
  takerQuote,
]: KlineRow): Candle => ({
  openTimeMs: String(open),
  closeTimeMs: String(close),
  open: o,
  high: h,
  low: l,
  close: c,
  volume: v,
  quoteVolume,
  tradeCount: String(count),
  takerBuyVolume: takerBase,
  takerBuyQuoteVolume: takerQuote,
});

/**
 * `exchange.marketdata.v1.MarketDataService`: reference data and snapshots as `/api/v3` reads them, and streams
 * from market-data's `md.*` subjects through the same reference-counted NATS listeners as the WebSocket streams.
 */
@Injectable()
export class MarketDataGrpcService {
  private feeds?: MarketFeedRepository;

  constructor(
    private readonly calls: GrpcCalls,
    private readonly exchangeInfo: ExchangeInfoService,
    private readonly market: MarketService,
    private readonly catalog: MarketCatalogRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The WebSocket streams' listener registry (one NATS subscription per subject for the whole pod). */
  private feed(): MarketFeedRepository {
    this.feeds ??= this.moduleRef.get(MarketFeedRepository, { strict: false });
    return this.feeds;
  }

  handlers(): MarketDataServiceHandlers {
    return {
      GetExchangeInfo: this.calls.unary(
        PUBLIC,
        20,
        async (r: GetExchangeInfoRequest__Output): Promise<GetExchangeInfoResponse> => {
          const info = await this.exchangeInfo.exchangeInfo(r.symbols.length > 0 ? r.symbols : undefined);
          return { serverTimeMs: String(info.serverTime), symbols: info.symbols.map(toSymbolInfo) };
        },
      ),
      GetOrderBook: this.calls.unary(
        PUBLIC,
        orderBookWeight,
        async (r: GetOrderBookRequest__Output): Promise<GetOrderBookResponse> => {
          if (r.limit > 5000) {
            throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'limit must be at most 5000.');
          }
          // The symbol as REST's depth reads it (`BTCUSDT`): a market id or anything else is -1102.
          const symbol = new MarketQueryParser({ symbol: r.symbol }).symbol();
          const book = await this.market.depth({ symbol, ...(r.limit > 0 && { limit: r.limit }) });
          return {
            lastUpdateId: String(book.lastUpdateId),
            bids: book.bids.map(level),
            asks: book.asks.map(level),
          };
        },
      ),
      GetTickers: this.calls.unary(
        PUBLIC,
        tickersWeight,
        async (r: GetTickersRequest__Output): Promise<GetTickersResponse> => {
          if (r.symbols.length > 100) {
            throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'At most 100 symbols.');
          }
          if (r.windowSize !== '' && r.tradingDayTimeZone !== '') {
            throw new BinanceApiError(
              BinanceErrorCode.COMBINATION_INVALID,
              'Set window_size or trading_day_time_zone, not both.',
            );
          }
          // Each field read as REST reads its parameter: the same checks and codes.
          const symbols = r.symbols.map((symbol) => new MarketQueryParser({ symbol }).symbol());
          if (r.windowSize === '' && r.tradingDayTimeZone === '') {
            const day = await this.market.ticker24hr(symbols.length > 0 ? { symbols } : {});
            return { tickers: (Array.isArray(day) ? day : [day]).map(toTicker) };
          }
          if (symbols.length === 0) {
            throw new BinanceApiError(
              BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
              'A window or trading day needs the symbols.',
            );
          }
          const window =
            r.windowSize !== ''
              ? {
                  kind: 'rolling' as const,
                  ms: new MarketQueryParser({ windowSize: r.windowSize }).windowSize(),
                }
              : {
                  kind: 'tradingDay' as const,
                  offsetMinutes: new MarketQueryParser({ timeZone: r.tradingDayTimeZone }).timeZoneMinutes(),
                };
          return { tickers: (await this.market.tickerWindows({ symbols, window })).map(toTicker) };
        },
      ),
      // The history reads check their fields as REST checks its parameters (`market-queries.ts`), at REST's weights.
      GetTrades: this.calls.unary(
        PUBLIC,
        25,
        async (r: GetTradesRequest__Output): Promise<GetTradesResponse> => {
          const q = new MarketQueryParser({
            symbol: r.symbol,
            fromId: given(r.fromId),
            limit: given(r.limit),
          });
          const trades =
            r.fromId === '0'
              ? await this.market.trades(tradesQuery(q))
              : await this.market.historicalTrades(historicalTradesQuery(q));
          return { trades: trades.map(toPublicTrade) };
        },
      ),
      GetAvgPrice: this.calls.unary(
        PUBLIC,
        2,
        async (r: GetAvgPriceRequest__Output): Promise<GetAvgPriceResponse> => {
          const symbol = new MarketQueryParser({ symbol: r.symbol }).symbol();
          const { mins, price, closeTime } = await this.market.avgPrice({ symbol });
          return { mins, price, lastTradeTimeMs: closeTime };
        },
      ),
      GetAggTrades: this.calls.unary(
        PUBLIC,
        4,
        async (r: GetAggTradesRequest__Output): Promise<GetAggTradesResponse> => {
          const q = new MarketQueryParser({
            symbol: r.symbol,
            fromId: given(r.fromId),
            startTime: given(r.startTimeMs),
            endTime: given(r.endTimeMs),
            limit: given(r.limit),
          });
          return { trades: (await this.market.aggTrades(aggTradesQuery(q))).map(toAggTrade) };
        },
      ),
      GetCandles: this.calls.unary(
        PUBLIC,
        2,
        async (r: GetCandlesRequest__Output): Promise<GetCandlesResponse> => {
          const query = klinesQuery(
            new MarketQueryParser({
              symbol: r.symbol,
              interval: r.interval,
              startTime: given(r.startTimeMs),
              endTime: given(r.endTimeMs),
              limit: given(r.limit),
            }),
          );
          const candles = await this.market.klines(query);
          return { symbol: query.symbol, interval: query.interval, candles: candles.map(toCandle) };
        },
      ),
      StreamBookDiffs: this.calls.serverStream<{ symbol: string }, StreamBookDiffsResponse>(
        PUBLIC,
        2,
        (r, c, sink) =>
          this.follow(r.symbol, c, sink, mdDepthSubject, (m: DepthDiffMessage) => ({
            symbol: m.symbol,
            eventTimeMs: String(m.E),
            firstUpdateId: String(m.U),
            finalUpdateId: String(m.u),
            bids: m.bids.map(level),
            asks: m.asks.map(level),
          })),
      ),
      StreamTrades: this.calls.serverStream<{ symbol: string }, StreamTradesResponse>(
        PUBLIC,
        2,
        (r, c, sink) =>
          this.follow(r.symbol, c, sink, TRADES, (m: TradeMessage) => ({
            symbol: m.symbol,
            tradeId: String(m.t),
            price: m.p,
            qty: m.q,
            tradeTimeMs: String(m.T),
            isBuyerMaker: m.m,
            eventTimeMs: String(m.E),
          })),
      ),
      StreamTickers: this.calls.serverStream<{ symbol: string }, StreamTickersResponse>(
        PUBLIC,
        2,
        (r, c, sink) =>
          this.follow(r.symbol, c, sink, mdTickerSubject, (m: TickerMessage) => ({
            symbol: m.symbol,
            priceChange: m.priceChange,
            priceChangePercent: m.priceChangePercent,
            weightedAvgPrice: m.weightedAvgPrice,
            lastPrice: m.lastPrice,
            lastQty: m.lastQty,
            bidPrice: m.bidPrice,
            bidQty: m.bidQty,
            askPrice: m.askPrice,
            askQty: m.askQty,
            openPrice: m.openPrice,
            highPrice: m.highPrice,
            lowPrice: m.lowPrice,
            volume: m.volume,
            quoteVolume: m.quoteVolume,
            openTimeMs: String(m.openTime),
            closeTimeMs: String(m.closeTime),
            tradeCount: String(m.count),
            eventTimeMs: String(m.E),
          })),
      ),
      StreamCandles: this.calls.serverStream<StreamCandlesRequest__Output, StreamCandlesResponse>(
        PUBLIC,
        2,
        (r, c, sink) => {
          if (!(KLINE_INTERVALS as readonly string[]).includes(r.interval)) {
            throw new BinanceApiError(BinanceErrorCode.BAD_INTERVAL, 'Invalid interval.');
          }
          const interval = r.interval as KlineInterval;
          return this.follow(
            r.symbol,
            c,
            sink,
            (market) => mdKlineSubject(market, interval),
            (m: KlineMessage) => ({
              symbol: m.symbol,
              interval: m.k.i,
              openTimeMs: String(m.k.t),
              closeTimeMs: String(m.k.T),
              open: m.k.o,
              high: m.k.h,
              low: m.k.l,
              close: m.k.c,
              volume: m.k.v,
              quoteVolume: m.k.q,
              tradeCount: String(m.k.n),
              isClosed: m.k.x,
              eventTimeMs: String(m.E),
            }),
          );
        },
      ),
    };
  }

  /**
   * Forwards one `md.<market>.*` subject of the symbol's market into the stream until it ends; `TRADES`: the
   * market's trades one by one, from both trade subjects (`listenTrades`, as the WebSocket trade streams).
   */
  private async follow<M, R>(
    symbol: string,
    _context: CallContext,
    sink: StreamSink<R>,
    subjectOf: ((market: string) => string) | typeof TRADES,
    map: (message: M) => R,
  ): Promise<void> {
    const market = (await this.catalog.bySymbolOrThrow(symbol)).market.symbol;
    const push = (message: unknown) => sink.push(map(message as M));
    const stop =
      subjectOf === TRADES
        ? await listenTrades(this.feed(), market, push)
        : await this.feed().listen(subjectOf(market), push);
    sink.onEnd(stop);
  }
}
