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
import { MarketStoreRepository } from '../repositories/market-store.repository';
import { MarketFormat } from './market-format';
import { type BatchEffect, MarketState, type MarketStateSnapshot } from './market-state.model';
import {
  normaliseTradeRow,
  toCandleRow,
  toDepthReply,
  toKlineMessage,
  toTickerReply,
  toTradeReply,
  toTradeRow,
} from './market-view.mapper';
import { DAY_MS } from './rolling-ticker.model';

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
  private readonly formats = new Map<string, MarketFormat>();
  private readonly states = new Map<string, MarketState>();
  private subscription?: EventSubscription;
  private stopping = false;

  constructor(
    @InjectConfig() private readonly config: MarketDataConfig,
    @InjectLogger() private readonly logger: Logger,
    private readonly stream: EventStreamRepository,
    private readonly store: MarketStoreRepository,
    private readonly cache: MarketCacheRepository,
    private readonly publisher: MarketPublisherRepository,
  ) {
    for (const market of config.MARKET_DATA_MARKETS)
      this.formats.set(market.market, MarketFormat.create(market));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.stream.ensureStream();
    const stored = new Map((await this.store.loadStates()).map((s) => [s.market, s]));
    for (const [market, format] of this.formats) {
      const row = stored.get(market);
      const state = row
        ? await this.restore(format, row.state as MarketStateSnapshot)
        : MarketState.empty(market, (t, l) => format.quoteUnits(t, l));
      this.states.set(market, state);
      await this.refreshCache(format, state);
    }
    this.subscription = await this.stream.consume(this.config.MARKET_DATA_CONSUMER, (d) => this.handle(d));
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

  private async handle(delivery: EventDelivery): Promise<void> {
    let batch: MatchingEventBatch;
    try {
      batch = matchingEventBatchSchema.parse(JSON.parse(decoder.decode(delivery.data)));
    } catch (error) {
      this.logger.error(
        { err: error, streamSeq: delivery.streamSeq },
        'event batch does not match its contract',
      );
      delivery.term();
      return;
    }
    const format = this.formats.get(batch.market);
    if (!format || delivery.subject !== `evt.${batch.market}`) {
      this.logger.warn(
        { market: batch.market, subject: delivery.subject },
        'event batch of an unconfigured market',
      );
      delivery.ack();
      return;
    }
    for (;;) {
      try {
        await this.apply(format, batch);
        delivery.ack();
        return;
      } catch (error) {
        this.logger.error(
          { err: error, market: batch.market, firstSeq: batch.firstSeq },
          'applying a batch failed',
        );
        if (this.stopping) return;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        // Memory may be ahead of what was stored: start again from the stored state.
        try {
          this.states.set(batch.market, await this.reload(format));
        } catch (reloadError) {
          this.logger.error({ err: reloadError, market: batch.market }, 'reloading the market failed');
        }
      }
    }
  }

  private async apply(format: MarketFormat, batch: MatchingEventBatch): Promise<void> {
    const state = this.states.get(format.market)!;
    const effect = state.apply(batch);
    if (!effect) return;
    const trades = effect.trades.map((t) => toTradeRow(format, t));
    const candles = effect.candles.map(({ candle, closed }) => toCandleRow(format, candle, closed));
    const written = await this.store.commit(
      format.market,
      effect.U,
      { lastSeq: state.lastSeq, lastTs: state.lastTs, state: state.snapshot() },
      trades,
      candles,
    );
    if (!written) {
      // Another consumer stored it first: follow what is stored.
      this.states.set(format.market, await this.reload(format));
      return;
    }
    await this.fanOut(format, state, effect, trades, candles);
  }

  private async fanOut(
    format: MarketFormat,
    state: MarketState,
    effect: BatchEffect,
    trades: ReturnType<typeof toTradeRow>[],
    candles: ReturnType<typeof toCandleRow>[],
  ): Promise<void> {
    const topChanged = effect.depth.bids.length > 0 || effect.depth.asks.length > 0;
    const ticker =
      trades.length > 0 || topChanged
        ? toTickerReply(format, state.ticker.stats(state.lastTs), state.book)
        : undefined;
    await this.cache.write(format.market, {
      depth: toDepthReply(format, state.book, state.lastSeq, this.config.MARKET_DATA_DEPTH_LEVELS),
      ticker,
      newTrades: trades.map(toTradeReply),
      keepTrades: this.config.MARKET_DATA_RECENT_TRADES,
    });
    this.publisher.depth(format.market, {
      market: format.market,
      symbol: format.symbol,
      E: effect.ts,
      U: effect.U,
      u: effect.u,
      bids: effect.depth.bids.map(([p, q]) => [format.price(p), format.quantity(q)]),
      asks: effect.depth.asks.map(([p, q]) => [format.price(p), format.quantity(q)]),
    });
    for (const t of trades) {
      this.publisher.trade(format.market, {
        market: format.market,
        symbol: format.symbol,
        E: effect.ts,
        t: t.id,
        p: t.price,
        q: t.qty,
        T: t.ts,
        m: t.takerSide === 'SELL',
      });
    }
    for (const c of candles)
      this.publisher.kline(format.market, c.interval as never, toKlineMessage(format, c, effect.ts));
    if (ticker) this.publisher.ticker(format.market, { ...ticker, market: format.market, E: effect.ts });
  }

  private async reload(format: MarketFormat): Promise<MarketState> {
    const row = (await this.store.loadStates()).find((s) => s.market === format.market);
    return row
      ? this.restore(format, row.state as MarketStateSnapshot)
      : MarketState.empty(format.market, (t, l) => format.quoteUnits(t, l));
  }

  private async restore(format: MarketFormat, snapshot: MarketStateSnapshot): Promise<MarketState> {
    const window = await this.store.window(format.market, snapshot.lastTs - DAY_MS);
    return MarketState.restore(
      format.market,
      snapshot,
      {
        prevClose: window.before ? format.ticks(window.before.price) : 0,
        trades: window.trades.map((t) => ({
          id: t.id,
          ts: t.ts,
          price: format.ticks(t.price),
          lots: format.lots(t.qty),
          quote: format.quoteFromText(t.quoteQty),
        })),
      },
      (t, l) => format.quoteUnits(t, l),
    );
  }

  /** Rewrites the market's Redis keys from the state and the stored trades. */
  private async refreshCache(format: MarketFormat, state: MarketState): Promise<void> {
    const recent = await this.store.latestTrades(format.market, this.config.MARKET_DATA_RECENT_TRADES);
    await this.cache.replaceTrades(
      format.market,
      recent.map((r) => toTradeReply(normaliseTradeRow(format, r))),
    );
    await this.cache.write(format.market, {
      depth: toDepthReply(format, state.book, state.lastSeq, this.config.MARKET_DATA_DEPTH_LEVELS),
      ticker: toTickerReply(format, state.ticker.stats(state.lastTs), state.book),
      newTrades: [],
      keepTrades: this.config.MARKET_DATA_RECENT_TRADES,
    });
  }
}
