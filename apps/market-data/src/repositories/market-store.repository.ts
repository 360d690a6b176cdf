import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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

/** The trades of a window from one time on, summed up (decimal text as stored); `open` undefined when none traded. */
export interface WindowSums {
  open?: string;
  high?: string;
  low?: string;
  close?: string;
  volume: string;
  quoteVolume: string;
  count: number;
  firstId?: number;
  /** The market's latest trade, in the window or before it. */
  latest?: { id: number; price: string };
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

const HOUR_MS = 3_600_000;

/**
 * A window's sums from its candles: 1-minute candles up to the first whole hour and from the last one on, 1-hour
 * candles between, so that a 7-day window reads at most 60 + 168 + 60 rows instead of 10,080. Both candle series are
 * written in the same statement as the trades (`COMMIT_SQL`), so the sums agree with `md_trade`. Parameters: $1
 * market, $2 the window's first minute, $3 its first whole hour, $4 the last hour's start (both the same, and beyond
 * any candle, when the window holds no whole hour).
 */
const WINDOW_SQL = `
with parts as (
  select open_time, open, high, low, close, volume, quote_volume, trades from md_candle
  where market = $1 and interval = '1m' and open_time >= $2 and (open_time < $3 or open_time >= $4)
  union all
  select open_time, open, high, low, close, volume, quote_volume, trades from md_candle
  where market = $1 and interval = '1h' and open_time >= $3 and open_time < $4
)
select (select open from parts order by open_time limit 1) as open,
  (select close from parts order by open_time desc limit 1) as close,
  max(high) as high, min(low) as low, coalesce(sum(volume), 0) as volume,
  coalesce(sum(quote_volume), 0) as quote_volume, coalesce(sum(trades), 0)::integer as count,
  (select id from md_trade where market = $1 and ts >= $2 order by ts, id limit 1) as first_id,
  (select id from md_trade where market = $1 order by id desc limit 1) as latest_id,
  (select price from md_trade where market = $1 order by id desc limit 1) as latest_price
from parts`;

const TRADE_COLUMNS = 'id, ts, price, qty, quote_qty, taker_side, maker_order_id, taker_order_id';

/**
 * A commit as one statement: the position is claimed first (refused when the stored one is already at `fromSeq` or
 * past it), and each other part writes only when the claim returned a row. Rows come as one JSON text parameter per
 * table, which the server turns into records (`json_to_recordset`, keys = the row objects' fields): serialising them
 * is one native `JSON.stringify`, where a placeholder per value cost the service a tuple string and a bind value for
 * each (about a tenth of its CPU). Parameters: $1 market, $2 last seq, $3 last ts, $4 state, $5 fromSeq, $6 trades,
 * $7 candles, $8 removed order ids, $9 `[order id, data]` pairs.
 */
const COMMIT_SQL = `
with claimed as (
  insert into md_market_state (market, last_seq, last_ts, state, updated_at) values ($1, $2, $3, $4, now())
  on conflict (market) do update set last_seq = excluded.last_seq, last_ts = excluded.last_ts,
    state = excluded.state, updated_at = now()
  where md_market_state.last_seq < $5
  returning market
), trades as (
  insert into md_trade (market, ${TRADE_COLUMNS})
  select $1, t.id, t.ts, t.price, t.qty, t."quoteQty", t."takerSide", t."makerOrderId", t."takerOrderId"
  from json_to_recordset($6::json) as t(id bigint, ts bigint, price numeric, qty numeric, "quoteQty" numeric,
    "takerSide" text, "makerOrderId" text, "takerOrderId" text)
  where exists (select from claimed)
  on conflict do nothing
), candles as (
  insert into md_candle (market, interval, open_time, close_time, open, high, low, close, volume, quote_volume,
    trades, taker_buy_volume, taker_buy_quote_volume, closed)
  select $1, c.interval, c."openTime", c."closeTime", c.open, c.high, c.low, c.close, c.volume, c."quoteVolume",
    c.trades, c."takerBuyVolume", c."takerBuyQuoteVolume", c.closed
  from json_to_recordset($7::json) as c(interval text, "openTime" bigint, "closeTime" bigint, open numeric,
    high numeric, low numeric, close numeric, volume numeric, "quoteVolume" numeric, trades integer,
    "takerBuyVolume" numeric, "takerBuyQuoteVolume" numeric, closed boolean)
  where exists (select from claimed)
  on conflict (market, interval, open_time) do update set
    high = excluded.high, low = excluded.low, close = excluded.close, volume = excluded.volume,
    quote_volume = excluded.quote_volume, trades = excluded.trades, taker_buy_volume = excluded.taker_buy_volume,
    taker_buy_quote_volume = excluded.taker_buy_quote_volume, closed = excluded.closed
), removed as (
  delete from md_book_order where market = $1 and order_id = any($8::text[]) and exists (select from claimed)
), orders as (
  insert into md_book_order (market, order_id, data)
  select $1, e->>0, e->>1 from json_array_elements($9::json) as e
  where exists (select from claimed)
  on conflict (market, order_id) do update set data = excluded.data
)
select exists (select from claimed) as claimed`;

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
   * the book's tracked orders since the last commit (upserts and removals name different orders).
   *
   * One statement (`COMMIT_SQL`), so one round trip and atomic on its own, where a transaction took seven (begin,
   * position, trades, candles, removed orders, upserted orders, commit).
   */
  async commit(
    market: string,
    fromSeq: number,
    position: { lastSeq: number; lastTs: number; state: unknown },
    trades: TradeRow[],
    candles: CandleRow[],
    book: BookOrderDiff,
  ): Promise<boolean> {
    const rows: { claimed: boolean }[] = await this.dataSource.query(COMMIT_SQL, [
      market,
      position.lastSeq,
      position.lastTs,
      JSON.stringify(position.state),
      fromSeq,
      JSON.stringify(trades),
      JSON.stringify(candles),
      book.removals,
      JSON.stringify(book.upserts),
    ]);
    return rows[0]?.claimed === true;
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

  /** The sums of the trades at `from` (a minute's start) or later, `now` being the window's end. */
  async windowSums(market: string, from: number, now: number): Promise<WindowSums> {
    let firstHour = Math.ceil(from / HOUR_MS) * HOUR_MS;
    let lastHour = Math.floor(now / HOUR_MS) * HOUR_MS;
    if (firstHour >= lastHour) firstHour = lastHour = Number.MAX_SAFE_INTEGER;
    const [row]: {
      open: string | null;
      high: string | null;
      low: string | null;
      close: string | null;
      volume: string;
      quote_volume: string;
      count: number;
      first_id: string | null;
      latest_id: string | null;
      latest_price: string | null;
    }[] = await this.dataSource.query(WINDOW_SQL, [market, from, firstHour, lastHour]);
    return {
      open: row?.open ?? undefined,
      high: row?.high ?? undefined,
      low: row?.low ?? undefined,
      close: row?.close ?? undefined,
      volume: row?.volume ?? '0',
      quoteVolume: row?.quote_volume ?? '0',
      count: row?.count ?? 0,
      firstId: row?.first_id == null ? undefined : Number(row.first_id),
      latest:
        row?.latest_id == null || row.latest_price === null
          ? undefined
          : { id: Number(row.latest_id), price: row.latest_price },
    };
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
}
