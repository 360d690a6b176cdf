import { Injectable } from '@nestjs/common';
import { type NatsConnection } from 'nats';

import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';

import {
  type DepthDiffMessage,
  type KlineInterval,
  type KlineMessage,
  mdDepthSubject,
  mdKlineSubject,
  mdTickerSubject,
  mdTradesSubject,
  mdTradeSubject,
  type TickerMessage,
  type TradeMessage,
  type TradesMessage,
} from '@exchange/shared-contracts';

const encoder = new TextEncoder();

/** Core NATS fan-out (`md.<market>.*`, run prefix applied) for every gateway pod. */
@Injectable()
export class MarketPublisherRepository {
  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
  ) {}

  depth(market: string, message: DepthDiffMessage): void {
    this.publish(mdDepthSubject(market), message);
  }

  /** v1, one message per trade: only while `MARKET_DATA_TRADE_V1` is set. */
  trade(market: string, message: TradeMessage): void {
    this.publish(mdTradeSubject(market), message);
  }

  trades(market: string, message: TradesMessage): void {
    this.publish(mdTradesSubject(market), message);
  }

  ticker(market: string, message: TickerMessage): void {
    this.publish(mdTickerSubject(market), message);
  }

  kline(market: string, interval: KlineInterval, message: KlineMessage): void {
    this.publish(mdKlineSubject(market, interval), message);
  }

  private publish(subject: string, message: unknown): void {
    this.nc.publish(this.names.subject(subject), encoder.encode(JSON.stringify(message)));
  }
}
