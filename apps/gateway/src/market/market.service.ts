import { Injectable } from '@nestjs/common';
import { type z } from 'zod';

import {
  aggTradesReplySchema,
  avgPriceReplySchema,
  bookTickerReplySchema,
  depthReplySchema,
  klinesReplySchema,
  MARKET_DATA_QUERIES,
  MarketDataErrorCode,
  ticker24hrReplySchema,
  tickerPriceReplySchema,
  type TickerWindowQuery,
  type TickerWindowReply,
  tickerWindowReplySchema,
  tradesReplySchema,
} from '@exchange/shared-contracts';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';

/** Public market data, asked of the market-data service and answered in Binance's shapes. */
@Injectable()
export class MarketService {
  constructor(private readonly services: ServiceClientRepository) {}

  depth(query: { symbol: string; limit?: number }) {
    return this.ask(MARKET_DATA_QUERIES.depth, query, depthReplySchema);
  }

  trades(query: { symbol: string; limit?: number }) {
    return this.ask(MARKET_DATA_QUERIES.trades, query, tradesReplySchema);
  }

  aggTrades(query: {
    symbol: string;
    fromId?: number;
    startTime?: number;
    endTime?: number;
    limit?: number;
  }) {
    return this.ask(MARKET_DATA_QUERIES.aggTrades, query, aggTradesReplySchema);
  }

  klines(query: { symbol: string; interval: string; startTime?: number; endTime?: number; limit?: number }) {
    return this.ask(MARKET_DATA_QUERIES.klines, query, klinesReplySchema);
  }

  ticker24hr(query: { symbol?: string; symbols?: string[] }) {
    return this.ask(MARKET_DATA_QUERIES.ticker24hr, query, ticker24hrReplySchema);
  }

  historicalTrades(query: { symbol: string; fromId?: number; limit?: number }) {
    return this.ask(MARKET_DATA_QUERIES.historicalTrades, query, tradesReplySchema);
  }

  tickerPrice(query: { symbol?: string; symbols?: string[] }) {
    return this.ask(MARKET_DATA_QUERIES.tickerPrice, query, tickerPriceReplySchema);
  }

  bookTicker(query: { symbol?: string; symbols?: string[] }) {
    return this.ask(MARKET_DATA_QUERIES.bookTicker, query, bookTickerReplySchema);
  }

  avgPrice(query: { symbol: string }) {
    return this.ask(MARKET_DATA_QUERIES.avgPrice, query, avgPriceReplySchema);
  }

  /** Window statistics per symbol, in the order asked (`/api/v3/ticker`, `ticker/tradingDay`, `@ticker_<window>`). */
  tickerWindows(query: TickerWindowQuery): Promise<TickerWindowReply[]> {
    return this.ask(MARKET_DATA_QUERIES.tickerWindow, query, tickerWindowReplySchema);
  }

  private async ask<Schema extends z.ZodType>(
    subject: string,
    query: object,
    schema: Schema,
  ): Promise<z.infer<Schema>> {
    // Left-out parameters are not sent, so that the service's own defaults apply.
    const payload = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
    try {
      return await this.services.request(subject, payload, schema);
    } catch (error) {
      if (!(error instanceof ServiceRequestError)) throw error;
      if (error.serviceError.code === MarketDataErrorCode.UNKNOWN_SYMBOL) {
        throw new BinanceApiError(BinanceErrorCode.BAD_SYMBOL, 'Invalid symbol.');
      }
      if (error.serviceError.code === MarketDataErrorCode.INVALID_REQUEST) {
        throw new BinanceApiError(
          BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
          error.serviceError.message,
        );
      }
      throw error;
    }
  }
}
