import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import {
  MAX_TRADES_PER_MESSAGE,
  type MatchingEventBatch,
  parseMatchingEventBatch,
  type TradesMessageTrade,
} from '@exchange/shared-contracts';
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
import { MarketStateService, type PreparedCommit } from './market-state.service';
import {
  toAvgPriceReply,
  toCandleRow,
  toDepthReply,
  toKlineMessage,
  toTickerReply,
  toTradeReply,
  toTradeRow,
} from './market-view.mapper';

type CacheUpdate = Parameters<MarketCacheRepository['write']>[1];

const decoder = new TextDecoder();
const RETRY_MS = 1000;

/** The message's batch (checked against the contract when it came, so it parses). */
function batchOf(item: Pending): MatchingEventBatch {
  return (item.batch ??= parseMatchingEventBatch(JSON.parse(decoder.decode(item.delivery.data))));
}

/** Whether applying the message made trades (its commit publishes them, so it does not wait for more). */
function hasTrades(item: Pending): boolean {
  return (item.effect?.trades.length ?? 0) > 0;
}

/** One message of `evt.<market>`: applied in memory and published, waiting to be stored and acknowledged. */
interface Pending {
  delivery: EventDelivery;
  format: MarketFormat;
  /**
   * The parsed message, until it is applied: dropped then, so that messages waiting for their commit keep only their
   * bytes (`delivery.data`, outside the heap) and what applying them changed, not a young-generation copy of every
   * event for the garbage collector to move; parsed again when they must be applied again (`batchOf`).
   */
  batch?: MatchingEventBatch;
  /** What applying it changed (undefined: nothing above the applied position). */
  effect?: BatchEffect;
}

/**
 * Consumes the engine's event batches (`evt.>`) in stream order. Each message is applied in memory and its
 * `md.<market>.depth` diff is published at once; storing runs behind, one commit at a time: each commit takes every
 * message applied since the previous one and writes, per market, trades, candles, changed book orders and the new
 * position in one PostgreSQL transaction, then Redis, then publishes their trades, candles and ticker, then
 * acknowledges those messages. A redelivered or duplicate
 * batch is below the position and changes nothing. When applying or storing fails, every market is reloaded from
 * PostgreSQL and the messages not yet stored are applied again (their diffs, identical, published again). At start
 * it restores every market from PostgreSQL and rewrites Redis, so a lost Redis, or a crash between publish and
 * commit, is repaired by a restart (see docs/market-data.md, "Publishing before the commit").
 */
@Injectable()
export class MarketDataIngestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private states = new Map<string, MarketState>();
  private subscription?: EventSubscription;
  private stopping = false;
  /** Applied and published, not yet taken by a commit, in stream order. */
  private pending: Pending[] = [];
  /** The memory no longer matches what was stored plus `pending`: reload and apply `pending` again. */
  private unapplied = false;
  /** The running commit loop. */
  private storing?: Promise<void>;
  /** Ends the commit loop's wait for more book-only messages (a message with trades came, or the service stops). */
  private endLinger?: () => void;

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
    this.endLinger?.();
    await this.subscription?.stop();
    // Store what was applied (unless storing fails): what stays unacknowledged is delivered again after a restart.
    await this.storing;
  }

  /**
   * Applies the messages the consumer has queued, in stream order, publishes what they changed and hands them to
   * the commit loop; returns without waiting for PostgreSQL.
   */
  private async handleGroup(deliveries: EventDelivery[]): Promise<void> {
    const work: Pending[] = [];
    for (const delivery of deliveries) {
      let batch: MatchingEventBatch;
      try {
        // The hand-written check of the contract (zod's own error when it refuses).
        batch = parseMatchingEventBatch(JSON.parse(decoder.decode(delivery.data)));
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
    if (work.length === 0) return;
    this.pending.push(...work);
    // While a reload is due, the commit loop applies these with the rest.
    if (!this.unapplied) {
      try {
        this.applyAndPublish(work);
      } catch (error) {
        this.logger.error(
          { err: error, firstStreamSeq: deliveries[0]?.streamSeq, messages: deliveries.length },
          'applying event batches failed',
        );
        this.unapplied = true;
      }
    }
    if (work.some(hasTrades)) this.endLinger?.();
    this.storing ??= this.storeLoop().finally(() => (this.storing = undefined));
  }

  /**
   * Applies messages to the markets in memory and publishes, per market, what they changed. A message that does not
   * follow what was applied (the messages before it were delivered to a process that died, and come back only after
   * their ack wait) is left out of `pending` and asked again a second later, as is every later one of its market.
   */
  private applyAndPublish(work: Pending[]): void {
    const early = new Set<Pending>();
    const byMarket = new Map<MarketFormat, Pending[]>();
    for (const item of work) {
      const list = byMarket.get(item.format);
      if (list) list.push(item);
      else byMarket.set(item.format, [item]);
    }
    for (const [format, items] of byMarket) {
      const state = this.states.get(format.market)!;
      const effects: BatchEffect[] = [];
      for (const item of items) {
        if (early.size > 0 && [...early].some((e) => e.format === format)) {
          early.add(item);
          continue;
        }
        const batch = batchOf(item);
        if (!state.follows(batch)) {
          early.add(item);
          continue;
        }
        item.effect = state.apply(batch);
        item.batch = undefined;
        if (item.effect) effects.push(item.effect);
      }
      if (effects.length > 0) this.publish(format, effects);
    }
    if (early.size === 0) return;
    this.pending = this.pending.filter((item) => !early.has(item));
    for (const item of early) item.delivery.nak(RETRY_MS);
    this.logger.warn(
      {
        messages: early.size,
        firstStreamSeq: [...early][0]!.delivery.streamSeq,
        firstSeq: batchOf([...early][0]!).firstSeq,
      },
      'event batches ahead of the applied position: asked again later',
    );
  }

  /**
   * Stores what was applied, one commit after the other, until nothing is left; on a failure, reloads every market
   * from PostgreSQL and applies again what was not stored.
   */
  private async storeLoop(): Promise<void> {
    // The depth diffs just published go out first: the NATS client writes its buffer in a microtask that the first
    // publish queued, and a commit builds its rows and Redis values synchronously before its first await, which
    // held every diff of the group for that long (started from `handleGroup`, this loop ran before that microtask).
    await Promise.resolve();
    while (this.pending.length > 0) {
      if (this.unapplied) {
        if (this.stopping) return;
        await this.recover();
        continue;
      }
      // Book-only messages wait a little for more (their diffs are out): one commit and one Redis snapshot for many.
      if (!this.pending.some(hasTrades)) await this.linger();
      const round = this.pending;
      this.pending = [];
      try {
        // Acknowledged by `store` once everything is written.
        if (await this.store(round)) continue;
        this.logger.warn('another writer stored these event batches first: following what is stored');
      } catch (error) {
        this.logger.error(
          { err: error, firstStreamSeq: round[0]?.delivery.streamSeq, messages: round.length },
          'storing event batches failed',
        );
      }
      this.pending = [...round, ...this.pending];
      this.unapplied = true;
    }
  }

  /** Waits `MARKET_DATA_BOOK_COMMIT_LINGER_MS`, or less when a message with trades comes or the service stops. */
  private linger(): Promise<void> {
    const ms = this.config.MARKET_DATA_BOOK_COMMIT_LINGER_MS;
    if (ms === 0 || this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endLinger?.(), ms);
      this.endLinger = () => {
        clearTimeout(timer);
        this.endLinger = undefined;
        resolve();
      };
    });
  }

  /** Reloads every market from PostgreSQL and applies `pending` again (retrying every second). */
  private async recover(): Promise<void> {
    while (!this.stopping) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      try {
        for (const format of this.markets.formats.values())
          this.states.set(format.market, await this.markets.reload(format));
        // Memory may have been ahead of what was stored: what was stored is skipped, the rest published again.
        this.applyAndPublish(this.pending);
        this.unapplied = false;
        return;
      } catch (error) {
        this.logger.error({ err: error, messages: this.pending.length }, 'reloading the markets failed');
      }
    }
  }

  /**
   * One commit: per market, the messages' trades, candles and the state as it is now (taken before anything is
   * awaited, so it is the state after exactly these messages), then Redis; then acknowledges the messages. False
   * (nothing acknowledged) when another writer was first.
   */
  private async store(round: Pending[]): Promise<boolean> {
    const prepared: { format: MarketFormat; commit: PreparedCommit; cache: CacheUpdate }[] = [];
    const byMarket = new Map<MarketFormat, BatchEffect[]>();
    for (const { format, effect } of round) {
      if (!effect) continue;
      const list = byMarket.get(format);
      if (list) list.push(effect);
      else byMarket.set(format, [effect]);
    }
    for (const [format, effects] of byMarket) {
      const state = this.states.get(format.market)!;
      const trades: TradeRow[] = [];
      const candles: CandleRow[] = [];
      let topChanged = false;
      for (const effect of effects) {
        for (const t of effect.trades) trades.push(toTradeRow(format, t));
        // Closed candles as they closed (each closes once); the open ones below as they stand now.
        for (const candle of effect.closedCandles) candles.push(toCandleRow(format, candle, true));
        topChanged ||= effect.depth.bids.length > 0 || effect.depth.asks.length > 0;
      }
      // A candle touched by several batches is stored once, as it stands after the last (formatted once): the state
      // is now the state after exactly these batches (nothing is awaited since they were applied).
      if (trades.length > 0) {
        for (const candle of state.candles.all()) candles.push(toCandleRow(format, candle, false));
      }
      prepared.push({
        format,
        commit: this.markets.prepare(format, state, effects[0]!.U, trades, candles),
        cache: {
          depth: toDepthReply(format, state.book, state.lastSeq, this.config.MARKET_DATA_DEPTH_LEVELS),
          ticker:
            trades.length > 0 || topChanged
              ? toTickerReply(format, state.ticker.stats(state.lastTs), state.book)
              : undefined,
          avgPrice: toAvgPriceReply(format, state.average.stats(state.lastTs)),
          // Only what the capped list keeps (a catch-up commit can hold thousands of trades).
          newTrades: trades.slice(-this.config.MARKET_DATA_RECENT_TRADES).map(toTradeReply),
          keepTrades: this.config.MARKET_DATA_RECENT_TRADES,
        },
      });
    }
    let all = true;
    for (const { format, commit, cache } of prepared) {
      if (!(await this.markets.write(commit))) {
        all = false;
        continue;
      }
      // Redis follows PostgreSQL: a snapshot read there is stored (the klines and trades queries agree with it).
      await this.cache.write(format.market, cache);
      this.publishStored(format, commit, cache);
    }
    // In the same turn as the last market's trades, candles and ticker: one socket write to NATS for both, not two.
    if (all) for (const { delivery } of round) delivery.ack();
    return all;
  }

  /**
   * One depth diff per batch, at once (so that U..u stay exactly the sequences each batch applied). Trades, candles and
   * the ticker wait for their commit (`publishStored`).
   */
  private publish(format: MarketFormat, effects: BatchEffect[]): void {
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
  }

  /**
   * After a market's commit and Redis write: its trades, the candles the commit stored (each as it stands after the
   * last batch) and the ticker, so that what a client reads over REST (Redis, PostgreSQL) already has them.
   */
  private publishStored(format: MarketFormat, commit: PreparedCommit, cache: CacheUpdate): void {
    const E = commit.position.lastTs;
    // v2: the commit's trades in one message (in chunks, so that a large catch-up commit stays far below NATS's
    // maximum payload) instead of one message per trade.
    for (let at = 0; at < commit.trades.length; at += MAX_TRADES_PER_MESSAGE) {
      const trades: TradesMessageTrade[] = [];
      for (const t of commit.trades.slice(at, at + MAX_TRADES_PER_MESSAGE))
        trades.push({ t: t.id, p: t.price, q: t.qty, T: t.ts, m: t.takerSide === 'SELL' });
      this.publisher.trades(format.market, { v: 2, market: format.market, symbol: format.symbol, E, trades });
      if (this.config.MARKET_DATA_TRADE_V1) {
        for (const t of trades)
          this.publisher.trade(format.market, { market: format.market, symbol: format.symbol, E, ...t });
      }
    }
    for (const c of commit.candles)
      this.publisher.kline(format.market, c.interval as never, toKlineMessage(format, c, E));
    if (cache.ticker) this.publisher.ticker(format.market, { ...cache.ticker, market: format.market, E });
  }
}
