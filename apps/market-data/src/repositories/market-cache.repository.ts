import { Injectable } from '@nestjs/common';

import { InjectRedis, type Redis } from '@exchange/shared-data-access-redis';

import {
  type AvgPriceReply,
  type DepthReply,
  type Ticker24hrReply,
  type TradeReply,
} from '@exchange/shared-contracts';

/**
 * Redis: what the gateway reads without PostgreSQL. Keys (under the client's prefix):
 * `md:depth:<market>` (JSON: lastUpdateId and the top levels), `md:ticker:<market>` (JSON 24h ticker),
 * `md:trades:<market>` (list of JSON trades, newest first, capped), `md:avg-price:<market>` (JSON 5-minute
 * average price).
 */
@Injectable()
export class MarketCacheRepository {
  constructor(@InjectRedis() private readonly redis: Redis) {}

  /** Writes one batch's results in one round trip (MULTI). */
  async write(
    market: string,
    update: {
      depth: DepthReply;
      ticker?: Ticker24hrReply;
      avgPrice: AvgPriceReply;
      newTrades: TradeReply[];
      keepTrades: number;
    },
  ): Promise<void> {
    const tx = this.redis.multi();
    tx.set(depthKey(market), JSON.stringify(update.depth));
    tx.set(avgPriceKey(market), JSON.stringify(update.avgPrice));
    if (update.ticker) tx.set(tickerKey(market), JSON.stringify(update.ticker));
    if (update.newTrades.length > 0) {
      tx.lpush(tradesKey(market), ...update.newTrades.map((t) => JSON.stringify(t)));
      tx.ltrim(tradesKey(market), 0, update.keepTrades - 1);
    }
    await tx.exec();
  }

  /** Replaces the recent-trades list (oldest first in `trades`). */
  async replaceTrades(market: string, trades: TradeReply[]): Promise<void> {
    const tx = this.redis.multi().del(tradesKey(market));
    if (trades.length > 0) tx.lpush(tradesKey(market), ...trades.map((t) => JSON.stringify(t)));
    await tx.exec();
  }

  async depth(market: string): Promise<DepthReply | undefined> {
    const text = await this.redis.get(depthKey(market));
    return text ? (JSON.parse(text) as DepthReply) : undefined;
  }

  async tickers(markets: string[]): Promise<(Ticker24hrReply | undefined)[]> {
    if (markets.length === 0) return [];
    const texts = await this.redis.mget(...markets.map(tickerKey));
    return texts.map((t) => (t ? (JSON.parse(t) as Ticker24hrReply) : undefined));
  }

  async avgPrice(market: string): Promise<AvgPriceReply | undefined> {
    const text = await this.redis.get(avgPriceKey(market));
    return text ? (JSON.parse(text) as AvgPriceReply) : undefined;
  }

  /** Deletes every key of `market` (a rebuild starts from nothing). */
  async clear(market: string): Promise<void> {
    await this.redis.del(depthKey(market), tickerKey(market), tradesKey(market), avgPriceKey(market));
  }

  /** The newest `limit` trades, oldest first. */
  async recentTrades(market: string, limit: number): Promise<TradeReply[]> {
    const texts = await this.redis.lrange(tradesKey(market), 0, limit - 1);
    return texts.map((t) => JSON.parse(t) as TradeReply).reverse();
  }
}

const depthKey = (market: string) => `md:depth:${market}`;
const tickerKey = (market: string) => `md:ticker:${market}`;
const tradesKey = (market: string) => `md:trades:${market}`;
const avgPriceKey = (market: string) => `md:avg-price:${market}`;
