import { Catch, Controller, type ExceptionFilter, type Type, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import { type z } from 'zod';

import {
  aggTradesQuerySchema,
  avgPriceQuerySchema,
  depthQuerySchema,
  historicalTradesQuerySchema,
  klinesQuerySchema,
  MARKET_DATA_QUERIES,
  MarketDataErrorCode,
  symbolsQuerySchema,
  ticker24hrQuerySchema,
  tickerWindowQuerySchema,
  tradesQuerySchema,
} from '@exchange/shared-contracts';
import { NatsNames } from '@exchange/shared-data-access-nats';

import { MarketDataQueryError } from './market-data-query.error';
import { MarketDataQueryService } from './market-data-query.service';

/** Maps query errors to `RpcException({ code, message })` on the NATS edge. */
@Catch(MarketDataQueryError)
class MarketDataQueryErrorFilter implements ExceptionFilter {
  catch(error: MarketDataQueryError): Observable<never> {
    return throwError(() => new RpcException({ code: error.code, message: error.message }).getError());
  }
}

function parse<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const result = schema.safeParse(payload ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new MarketDataQueryError(
      MarketDataErrorCode.INVALID_REQUEST,
      `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

/**
 * Request/reply queries of the gateway (queue group `market-data`): parse, then delegate. Built per run prefix
 * (`NATS_STREAM_PREFIX`; none in production) so that each handler listens on `names.subject(<query>)` and
 * parallel runs on one NATS server never answer each other.
 */
export function marketDataController(streamPrefix: string): Type {
  const names = new NatsNames(streamPrefix);
  const on = (subject: string) => MessagePattern(names.subject(subject));

  @Controller()
  @UseFilters(MarketDataQueryErrorFilter)
  class MarketDataController {
    constructor(private readonly queries: MarketDataQueryService) {}

    @on(MARKET_DATA_QUERIES.depth)
    depth(@Payload() payload: unknown) {
      return this.queries.depth(parse(depthQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.trades)
    trades(@Payload() payload: unknown) {
      return this.queries.trades(parse(tradesQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.aggTrades)
    aggTrades(@Payload() payload: unknown) {
      return this.queries.aggTrades(parse(aggTradesQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.klines)
    klines(@Payload() payload: unknown) {
      return this.queries.klines(parse(klinesQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.ticker24hr)
    ticker24hr(@Payload() payload: unknown) {
      return this.queries.ticker24hr(parse(ticker24hrQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.historicalTrades)
    historicalTrades(@Payload() payload: unknown) {
      return this.queries.historicalTrades(parse(historicalTradesQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.tickerPrice)
    tickerPrice(@Payload() payload: unknown) {
      return this.queries.tickerPrice(parse(symbolsQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.bookTicker)
    bookTicker(@Payload() payload: unknown) {
      return this.queries.bookTicker(parse(symbolsQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.avgPrice)
    avgPrice(@Payload() payload: unknown) {
      return this.queries.avgPrice(parse(avgPriceQuerySchema, payload));
    }

    @on(MARKET_DATA_QUERIES.tickerWindow)
    tickerWindow(@Payload() payload: unknown) {
      return this.queries.tickerWindow(parse(tickerWindowQuerySchema, payload));
    }
  }
  return MarketDataController;
}
