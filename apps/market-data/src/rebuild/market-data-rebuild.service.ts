import { Injectable } from '@nestjs/common';

import { checkMatchingEventBatch } from '@exchange/shared-contracts';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type MarketFormat } from '../market-data/market-format';
import { type MarketState } from '../market-data/market-state.model';
import { MarketStateService } from '../market-data/market-state.service';
import { toCandleRow, toTradeRow } from '../market-data/market-view.mapper';
import { type EventDelivery, EventStreamRepository } from '../repositories/event-stream.repository';
import { MarketCacheRepository } from '../repositories/market-cache.repository';
import {
  type CandleRow,
  MarketStoreRepository,
  type TradeRow,
} from '../repositories/market-store.repository';

const decoder = new TextDecoder();
/** Trades held in memory before they are written: one transaction per this many (or at the end). */
const FLUSH_TRADES = 20_000;

export interface RebuildReport {
  /** The last stream sequence replayed. */
  streamSeq: number;
  messages: number;
  skipped: number;
  markets: { market: string; lastSeq: number; trades: number }[];
}

/** What one market has applied but not yet written. */
interface Pending {
  fromSeq: number;
  trades: TradeRow[];
  candles: Map<string, CandleRow>;
}

/**
 * Rebuilds the market-data store from nothing: deletes every market's trades, candles, positions and Redis keys,
 * replays `evt.>` from the stream's first message to its last (as of the start) through the same model as the live
 * ingest, writes the results in large transactions, then rewrites Redis. Nothing is published on `md.*` (the
 * replayed update ids are old). The durable consumer is left alone: when the service starts again it skips
 * whatever the rebuild stored and goes on from there. Running it twice gives the same store.
 */
@Injectable()
export class MarketDataRebuildService {
  constructor(
    @InjectLogger() private readonly logger: Logger,
    private readonly stream: EventStreamRepository,
    private readonly store: MarketStoreRepository,
    private readonly cache: MarketCacheRepository,
    private readonly markets: MarketStateService,
  ) {}

  async rebuild(): Promise<RebuildReport> {
    await this.stream.ensureStream();
    const upTo = await this.stream.lastSeq();
    await this.store.clear();
    this.markets.forgetStored();
    const states = new Map<string, MarketState>();
    const pending = new Map<string, Pending>();
    const tradeCounts = new Map<string, number>();
    for (const [market, format] of this.markets.formats) {
      await this.cache.clear(market);
      states.set(market, this.markets.empty(format));
      tradeCounts.set(market, 0);
    }
    const report: RebuildReport = { streamSeq: upTo, messages: 0, skipped: 0, markets: [] };

    await this.stream.replay(upTo, async (delivery) => {
      report.messages += 1;
      const applied = this.apply(delivery, states, pending);
      if (!applied) {
        report.skipped += 1;
        return;
      }
      const { format, trades } = applied;
      tradeCounts.set(format.market, tradeCounts.get(format.market)! + trades);
      if ((pending.get(format.market)?.trades.length ?? 0) >= FLUSH_TRADES)
        await this.flush(format, states, pending);
    });

    for (const [market, format] of this.markets.formats) {
      await this.flush(format, states, pending);
      await this.markets.refreshCache(format, states.get(market)!);
      report.markets.push({ market, lastSeq: states.get(market)!.lastSeq, trades: tradeCounts.get(market)! });
    }
    this.logger.info(report, 'market-data store rebuilt from the event stream');
    return report;
  }

  /** Applies one message to its market's state; undefined when it is not a batch of a configured market. */
  private apply(
    delivery: EventDelivery,
    states: Map<string, MarketState>,
    pending: Map<string, Pending>,
  ): { format: MarketFormat; trades: number } | undefined {
    const batch = checkMatchingEventBatch(JSON.parse(decoder.decode(delivery.data)));
    if (!batch) {
      this.logger.warn(
        { streamSeq: delivery.streamSeq },
        'skipping an event batch that does not match its contract',
      );
      return undefined;
    }
    const format = this.markets.formats.get(batch.market);
    if (!format || delivery.subject !== `evt.${batch.market}`) return undefined;
    const effect = states.get(batch.market)!.apply(batch);
    // At or below the position (a duplicate message): nothing to write.
    if (!effect) return { format, trades: 0 };
    let waiting = pending.get(batch.market);
    if (!waiting) {
      waiting = { fromSeq: effect.U, trades: [], candles: new Map() };
      pending.set(batch.market, waiting);
    }
    for (const trade of effect.trades) waiting.trades.push(toTradeRow(format, trade));
    for (const candle of effect.closedCandles) {
      const row = toCandleRow(format, candle, true);
      waiting.candles.set(`${row.interval}:${row.openTime}`, row);
    }
    return { format, trades: effect.trades.length };
  }

  private async flush(
    format: MarketFormat,
    states: Map<string, MarketState>,
    pending: Map<string, Pending>,
  ): Promise<void> {
    const waiting = pending.get(format.market);
    if (!waiting) return;
    const state = states.get(format.market)!;
    // The closed candles as they closed, and, when something traded, every open one as it stands now.
    const candles = [...waiting.candles.values()];
    if (waiting.trades.length > 0) {
      for (const candle of state.candles.all()) candles.push(toCandleRow(format, candle, false));
    }
    const written = await this.markets.commit(format, state, waiting.fromSeq, waiting.trades, candles);
    if (!written) {
      throw new Error(
        `${format.market}: another writer stored events during the rebuild; stop the service first`,
      );
    }
    pending.delete(format.market);
  }
}
