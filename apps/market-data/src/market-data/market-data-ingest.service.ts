import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { type MatchingEventBatch, matchingEventBatchSchema } from '@exchange/shared-contracts';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MarketDataConfig } from '../config/market-data.config';
import {
  type EventDelivery,
  EventStreamRepository,
  type EventSubscription,
} from '../repositories/event-stream.repository';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import { MarketPublisherRepository } from '../repositories/market-publisher.repository';
import { type CandleRow, type TradeRow } from '../repositories/market-store.repository';
import { type MarketFormat } from './market-format';
import { type BatchEffect, type MarketState } from './market-state.model';
import { MarketStateService } from './market-state.service';
import {
  toAvgPriceReply,
  toCandleRow,
  toDepthReply,
  toKlineMessage,
  toTickerReply,
  toTradeReply,
  toTradeRow,
} from './market-view.mapper';

const decoder = new TextDecoder();
const RETRY_MS = 1000;

/**
 * Consumes the engine's event batches (`evt.>`), one at a time in stream order, and for each market: applies the
 * events above its stored position, commits trades, candles and the new position in one PostgreSQL transaction,
 * then refreshes Redis and publishes `md.<market>.*`, then acknowledges. A redelivered or duplicate batch is
 * below the position and changes nothing. At start it restores every market from PostgreSQL and rewrites Redis,
 * so a lost Redis, or a crash between commit and publish, is repaired by a restart.
 */
@Injectable()
export class MarketDataIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private states = new Map<string, MarketState>();
  private subscription?: EventSubscription;
  private stopping = false;

  constructor(
    @InjectConfig() private readonly config: MarketDataConfig,
    @InjectLogger() private readonly logger: Logger,
    private readonly stream: EventStreamRepository,
    private readonly cache: MarketCacheRepository,
    private readonly publisher: MarketPublisherRepository,
    private readonly markets: MarketStateService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.stream.ensureStream();
    this.states = await this.markets.loadAll();
    for (const [market, state] of this.states)
      await this.markets.refreshCache(this.markets.formats.get(market)!, state);
    this.subscription = await this.stream.consume(this.config.MARKET_DATA_CONSUMER, (group) =>
      this.handleGroup(group),
    );
    this.subscription.done.then(
      () => this.stopping || this.logger.error('the evt.> consumer ended'),
      (error: unknown) => this.logger.error({ err: error }, 'the evt.> consumer failed'),
    );
    this.logger.info(
      { markets: [...this.states].map(([market, s]) => ({ market, lastSeq: s.lastSeq })) },
      'market-data consuming evt.>',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
  }

  /**
   * Handles the messages the consumer has queued (up to its group size), in stream order: one PostgreSQL
   * transaction per market for the whole group, then Redis and `md.*`, then the acknowledgements.
   */
  private async handleGroup(deliveries: EventDelivery[]): Promise<void> {
    const work: { format: MarketFormat; batch: MatchingEventBatch; delivery: EventDelivery }[] = [];
    for (const delivery of deliveries) {
      let batch: MatchingEventBatch;
      try {
        batch = matchingEventBatchSchema.parse(JSON.parse(decoder.decode(delivery.data)));
      } catch (error) {
        this.logger.error(
          { err: error, streamSeq: delivery.streamSeq },
          'event batch does not match its contract',
        );
        delivery.term();
        continue;
      }
      const format = this.markets.formats.get(batch.market);
      if (!format || delivery.subject !== `evt.${batch.market}`) {
        this.logger.warn(
          { market: batch.market, subject: delivery.subject },
          'event batch of an unconfigured market',
        );
        delivery.ack();
        continue;
      }
      work.push({ format, batch, delivery });
    }
    const byMarket = new Map<MarketFormat, MatchingEventBatch[]>();
    for (const { format, batch } of work) byMarket.set(format, [...(byMarket.get(format) ?? []), batch]);
    for (;;) {
      try {
        for (const [format, batches] of byMarket) await this.apply(format, batches);
        for (const { delivery } of work) delivery.ack();
        return;
      } catch (error) {
        this.logger.error(
          { err: error, firstStreamSeq: deliveries[0]?.streamSeq, messages: deliveries.length },
          'applying event batches failed',
        );
        if (this.stopping) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        // Memory may be ahead of what was stored: start again from the stored state (what was stored is skipped).
        for (const format of byMarket.keys()) {
          try {
            this.states.set(format.market, await this.markets.reload(format));
          } catch (reloadError) {
            this.logger.error({ err: reloadError, market: format.market }, 'reloading the market failed');
          }
        }
      }
    }
  }

  /** Applies one market's batches, stores them in one transaction, then refreshes Redis and publishes. */
  private async apply(format: MarketFormat, batches: MatchingEventBatch[]): Promise<void> {
    const state = this.states.get(format.market)!;
    const effects: BatchEffect[] = [];
    for (const batch of batches) {
      const effect = state.apply(batch);
      if (effect) effects.push(effect);
    }
    if (effects.length === 0) return;
    const trades = effects.flatMap((e) => e.trades.map((t) => toTradeRow(format, t)));
    // A candle touched by several batches is stored and published once, as it stands after the last.
    const candles = new Map<string, CandleRow>();
    for (const effect of effects) {
      for (const { candle, closed } of effect.candles) {
        const row = toCandleRow(format, candle, closed);
        candles.set(`${row.interval}:${row.openTime}`, row);
      }
    }
    const written = await this.markets.commit(format, state, effects[0]!.U, trades, [...candles.values()]);
    if (!written) {
      // Another consumer stored it first: follow what is stored.
      this.states.set(format.market, await this.markets.reload(format));
      return;
    }
    await this.fanOut(format, state, effects, trades, [...candles.values()]);
  }

  private async fanOut(
    format: MarketFormat,
    state: MarketState,
    effects: BatchEffect[],
    trades: TradeRow[],
    candles: CandleRow[],
  ): Promise<void> {
    const E = state.lastTs;
    const topChanged = effects.some((e) => e.depth.bids.length > 0 || e.depth.asks.length > 0);
    const ticker =
      trades.length > 0 || topChanged
        ? toTickerReply(format, state.ticker.stats(state.lastTs), state.book)
        : undefined;
    await this.cache.write(format.market, {
      depth: toDepthReply(format, state.book, state.lastSeq, this.config.MARKET_DATA_DEPTH_LEVELS),
      ticker,
      avgPrice: toAvgPriceReply(format, state.average.stats(state.lastTs)),
      newTrades: trades.map(toTradeReply),
      keepTrades: this.config.MARKET_DATA_RECENT_TRADES,
    });
    // One diff per batch, so that U..u stay exactly the sequences each batch applied.
    for (const effect of effects) {
      this.publisher.depth(format.market, {
        market: format.market,
        symbol: format.symbol,
        E: effect.ts,
        U: effect.U,
        u: effect.u,
        bids: effect.depth.bids.map(([p, q]) => [format.price(p), format.quantity(q)]),
        asks: effect.depth.asks.map(([p, q]) => [format.price(p), format.quantity(q)]),
      });
    }
    for (const t of trades) {
      this.publisher.trade(format.market, {
        market: format.market,
        symbol: format.symbol,
        E,
        t: t.id,
        p: t.price,
        q: t.qty,
        T: t.ts,
        m: t.takerSide === 'SELL',
      });
    }
    for (const c of candles)
      this.publisher.kline(format.market, c.interval as never, toKlineMessage(format, c, E));
    if (ticker) this.publisher.ticker(format.market, { ...ticker, market: format.market, E });
  }
}
