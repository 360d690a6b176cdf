import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import { type BookOrderDiff } from '../market-data/book-order-diff';

export interface TradeRow {
  id: number;
  ts: number;
  price: string;
  qty: string;
  quoteQty: string;
  takerSide: 'BUY' | 'SELL';
  makerOrderId: string;
  takerOrderId: string;
}

export interface CandleRow {
  interval: string;
  openTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  trades: number;
  takerBuyVolume: string;
  takerBuyQuoteVolume: string;
  closed: boolean;
}

export interface StoredMarketState {
  market: string;
  lastSeq: number;
  state: unknown;
}

interface RawTrade {
  id: string;
  ts: string;
  price: string;
  qty: string;
  quote_qty: string;
  taker_side: 'BUY' | 'SELL';
  maker_order_id: string;
  taker_order_id: string;
}

interface RawCandle {
  interval: string;
  open_time: string;
  close_time: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quote_volume: string;
  trades: number;
  taker_buy_volume: string;
  taker_buy_quote_volume: string;
  closed: boolean;
}

const toTrade = (r: RawTrade): TradeRow => ({
  id: Number(r.id),
  ts: Number(r.ts),
  price: r.price,
  qty: r.qty,
  quoteQty: r.quote_qty,
  takerSide: r.taker_side,
  makerOrderId: r.maker_order_id,
  takerOrderId: r.taker_order_id,
});

const toCandle = (r: RawCandle): CandleRow => ({
  interval: r.interval,
  openTime: Number(r.open_time),
  closeTime: Number(r.close_time),
  open: r.open,
  high: r.high,
  low: r.low,
  close: r.close,
  volume: r.volume,
  quoteVolume: r.quote_volume,
  trades: r.trades,
  takerBuyVolume: r.taker_buy_volume,
  takerBuyQuoteVolume: r.taker_buy_quote_volume,
  closed: r.closed,
});

const TRADE_COLUMNS = 'id, ts, price, qty, quote_qty, taker_side, maker_order_id, taker_order_id';

/** PostgreSQL: trades, candles and the applied position of each market, written in one transaction per batch. */
@Injectable()
export class MarketStoreRepository {
  constructor(private readonly dataSource: DataSource) {}

  async loadStates(): Promise<StoredMarketState[]> {
    const rows: { market: string; last_seq: string; state: unknown }[] = await this.dataSource.query(
      'select market, last_seq, state from md_market_state',
    );
    return rows.map((r) => ({ market: r.market, lastSeq: Number(r.last_seq), state: r.state }));
  }

  /**
   * Stores a batch's trades and candles and the state after it, only if the stored position is still below
   * `fromSeq` (another writer, or an earlier delivery, has not stored it): true when written. `book` is the change to
   * the book's tracked orders since the last commit.
   */
  async commit(
    market: string,
    fromSeq: number,
    position: { lastSeq: number; lastTs: number; state: unknown },
    trades: TradeRow[],
    candles: CandleRow[],
    book: BookOrderDiff,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `insert into md_market_state (market, last_seq, last_ts, state, updated_at) values ($1, $2, $3, $4, now())
         on conflict (market) do update set last_seq = excluded.last_seq, last_ts = excluded.last_ts,
           state = excluded.state, updated_at = now()
         where md_market_state.last_seq < $5
         returning market`,
        [market, position.lastSeq, position.lastTs, JSON.stringify(position.state), fromSeq],
      );
      if (claimed.length === 0) return false;
      await this.insertTrades(m, market, trades);
      await this.upsertCandles(m, market, candles);
      await this.writeBookOrders(m, market, book);
      return true;
    });
  }

  /** Deletes every market's trades, candles and position: a rebuild starts from nothing. */
  async clear(): Promise<void> {
    await this.dataSource.query('truncate md_trade, md_candle, md_market_state, md_book_order');
  }

  /** The stored tracked orders of `market`: `[order id, JSON tuple]`. */
  async bookOrders(market: string): Promise<[string, string][]> {
    const rows: { order_id: string; data: string }[] = await this.dataSource.query(
      'select order_id, data from md_book_order where market = $1 order by order_id',
      [market],
    );
    return rows.map((r) => [r.order_id, r.data]);
  }

  /** Trades after `fromTs` (oldest first) and the price of the last one at or before it. */
  async window(market: string, fromTs: number): Promise<{ before?: TradeRow; trades: TradeRow[] }> {
    const before: RawTrade[] = await this.dataSource.query(
      `select ${TRADE_COLUMNS} from md_trade where market = $1 and ts <= $2 order by id desc limit 1`,
      [market, fromTs],
    );
    const trades: RawTrade[] = await this.dataSource.query(
      `select ${TRADE_COLUMNS} from md_trade where market = $1 and ts > $2 order by id`,
      [market, fromTs],
    );
    return { before: before[0] ? toTrade(before[0]) : undefined, trades: trades.map(toTrade) };
  }

  /** The latest `limit` trades, oldest first. */
  async latestTrades(market: string, limit: number): Promise<TradeRow[]> {
    const rows: RawTrade[] = await this.dataSource.query(
      `select ${TRADE_COLUMNS} from md_trade where market = $1 order by id desc limit $2`,
      [market, limit],
    );
    return rows.map(toTrade).reverse();
  }

  /** Trades by id or time, oldest first; without bounds the latest `limit`. */
  async trades(
    market: string,
    range: { fromId?: number; startTime?: number; endTime?: number },
    limit: number,
  ): Promise<TradeRow[]> {
    const where = ['market = $1'];
    const params: unknown[] = [market];
    if (range.fromId !== undefined) where.push(`id >= $${params.push(range.fromId)}`);
    if (range.startTime !== undefined) where.push(`ts >= $${params.push(range.startTime)}`);
    if (range.endTime !== undefined) where.push(`ts <= $${params.push(range.endTime)}`);
    const bounded = range.fromId !== undefined || range.startTime !== undefined;
    const rows: RawTrade[] = await this.dataSource.query(
      `select ${TRADE_COLUMNS} from md_trade where ${where.join(' and ')}
       order by id ${bounded ? 'asc' : 'desc'} limit $${params.push(limit)}`,
      params,
    );
    const trades = rows.map(toTrade);
    return bounded ? trades : trades.reverse();
  }

  /** Candles whose open time is in [startTime, endTime], oldest first; without a start, the latest `limit`. */
  async candles(
    market: string,
    interval: string,
    range: { startTime?: number; endTime?: number },
    limit: number,
  ): Promise<CandleRow[]> {
    const where = ['market = $1', 'interval = $2'];
    const params: unknown[] = [market, interval];
    if (range.startTime !== undefined) where.push(`open_time >= $${params.push(range.startTime)}`);
    if (range.endTime !== undefined) where.push(`open_time <= $${params.push(range.endTime)}`);
    const ascending = range.startTime !== undefined;
    const rows: RawCandle[] = await this.dataSource.query(
      `select interval, open_time, close_time, open, high, low, close, volume, quote_volume, trades,
              taker_buy_volume, taker_buy_quote_volume, closed
       from md_candle where ${where.join(' and ')}
       order by open_time ${ascending ? 'asc' : 'desc'} limit $${params.push(limit)}`,
      params,
    );
    const candles = rows.map(toCandle);
    return ascending ? candles : candles.reverse();
  }

  /**
   * One statement with one parameter: the rows as JSON text, which the server turns into records
   * (`json_to_recordset`, keys = the row objects' fields). Serialising them is one native `JSON.stringify`, where a
   * placeholder per value cost the service a tuple string and a bind value for each (about a tenth of its CPU).
   */
  private async insertTrades(m: EntityManager, market: string, trades: TradeRow[]): Promise<void> {
    if (trades.length === 0) return;
    await m.query(
      `insert into md_trade (market, ${TRADE_COLUMNS})
       select $1, t.id, t.ts, t.price, t.qty, t."quoteQty", t."takerSide", t."makerOrderId", t."takerOrderId"
       from json_to_recordset($2::json) as t(id bigint, ts bigint, price numeric, qty numeric, "quoteQty" numeric,
         "takerSide" text, "makerOrderId" text, "takerOrderId" text)
       on conflict do nothing`,
      [market, JSON.stringify(trades)],
    );
  }

  private async writeBookOrders(m: EntityManager, market: string, book: BookOrderDiff): Promise<void> {
    if (book.removals.length > 0) {
      await m.query('delete from md_book_order where market = $1 and order_id = any($2)', [
        market,
        book.removals,
      ]);
    }
    if (book.upserts.length === 0) return;
    // `[order id, data]` pairs as one JSON parameter (see insertTrades).
    await m.query(
      `insert into md_book_order (market, order_id, data)
       select $1, e->>0, e->>1 from json_array_elements($2::json) as e
       on conflict (market, order_id) do update set data = excluded.data`,
      [market, JSON.stringify(book.upserts)],
    );
  }

  private async upsertCandles(m: EntityManager, market: string, candles: CandleRow[]): Promise<void> {
    if (candles.length === 0) return;
    await m.query(
      `insert into md_candle (market, interval, open_time, close_time, open, high, low, close, volume, quote_volume,
         trades, taker_buy_volume, taker_buy_quote_volume, closed)
       select $1, c.interval, c."openTime", c."closeTime", c.open, c.high, c.low, c.close, c.volume, c."quoteVolume",
         c.trades, c."takerBuyVolume", c."takerBuyQuoteVolume", c.closed
       from json_to_recordset($2::json) as c(interval text, "openTime" bigint, "closeTime" bigint, open numeric,
         high numeric, low numeric, close numeric, volume numeric, "quoteVolume" numeric, trades integer,
         "takerBuyVolume" numeric, "takerBuyQuoteVolume" numeric, closed boolean)
       on conflict (market, interval, open_time) do update set
         high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume,
         quote_volume = excluded.quote_volume, trades = excluded.trades, taker_buy_volume = excluded.taker_buy_volume,
         taker_buy_quote_volume = excluded.taker_buy_quote_volume, closed = excluded.closed`,
      [market, JSON.stringify(candles)],
    );
  }
}
