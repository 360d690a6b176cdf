import {
  type AvgPriceReply,
  type DepthReply,
  type KlineInterval,
  type KlineMessage,
  type KlineReply,
  type Ticker24hrReply,
  type TickerWindowReply,
  type TradeReply,
} from '@exchange/shared-contracts';
import { type CandleRow, type TradeRow, type WindowSums } from '../repositories/market-store.repository';
import { type Candle, closeTime } from './candle.model';
import { type L2Book } from './l2-book.model';
import { type MarketFormat } from './market-format';
import { type TradeRecord } from './market-state.model';
import { AVG_PRICE_MINS, type TickerStats } from './rolling-ticker.model';

/** Integer records to the stored rows and the Binance-shaped replies and messages. */
export function toTradeRow(f: MarketFormat, t: TradeRecord): TradeRow {
  return {
    id: t.id,
    ts: t.ts,
    price: f.price(t.price),
    qty: f.quantity(t.lots),
    quoteQty: f.quote(t.quote),
    takerSide: t.takerSide,
    makerOrderId: t.makerOrderId,
    takerOrderId: t.takerOrderId,
  };
}

export function toTradeReply(row: TradeRow): TradeReply {
  return {
    id: row.id,
    price: row.price,
    qty: row.qty,
    quoteQty: row.quoteQty,
    time: row.ts,
    isBuyerMaker: row.takerSide === 'SELL',
    isBestMatch: true,
  };
}

/** Stored numerics come back from PostgreSQL with the scale they were written with: format them again. */
export function normaliseTradeRow(f: MarketFormat, row: TradeRow): TradeRow {
  return {
    ...row,
    price: f.price(f.ticks(row.price)),
    qty: f.quantity(f.lots(row.qty)),
    quoteQty: f.quote(f.quoteFromText(row.quoteQty)),
  };
}

export function toCandleRow(f: MarketFormat, c: Candle, closed: boolean): CandleRow {
  return {
    interval: c.interval,
    openTime: c.openTime,
    closeTime: closeTime(c),
    open: f.price(c.open),
    high: f.price(c.high),
    low: f.price(c.low),
    close: f.price(c.close),
    volume: f.quantity(c.volume),
    quoteVolume: f.quote(c.quoteVolume),
    trades: c.trades,
    takerBuyVolume: f.quantity(c.takerBuyVolume),
    takerBuyQuoteVolume: f.quote(c.takerBuyQuoteVolume),
    closed,
  };
}

export function toKlineReply(row: CandleRow): KlineReply {
  return [
    row.openTime,
    row.open,
    row.high,
    row.low,
    row.close,
    row.volume,
    row.closeTime,
    row.quoteVolume,
    row.trades,
    row.takerBuyVolume,
    row.takerBuyQuoteVolume,
    '0',
  ];
}

export function toKlineMessage(f: MarketFormat, row: CandleRow, eventTime: number): KlineMessage {
  return {
    market: f.market,
    symbol: f.symbol,
    E: eventTime,
    k: {
      t: row.openTime,
      T: row.closeTime,
      s: f.symbol,
      i: row.interval as KlineInterval,
      o: row.open,
      c: row.close,
      h: row.high,
      l: row.low,
      v: row.volume,
      n: row.trades,
      x: row.closed,
      q: row.quoteVolume,
      V: row.takerBuyVolume,
      Q: row.takerBuyQuoteVolume,
    },
  };
}

export function toDepthReply(f: MarketFormat, book: L2Book, lastUpdateId: number, depth: number): DepthReply {
  const levels = book.levels(depth);
  return {
    lastUpdateId,
    bids: levels.bids.map(([p, q]) => [f.price(p), f.quantity(q)]),
    asks: levels.asks.map(([p, q]) => [f.price(p), f.quantity(q)]),
  };
}

export function toTickerReply(f: MarketFormat, s: TickerStats, book: L2Book): Ticker24hrReply {
  const { bid, ask } = book.best();
  const zero = '0.00000000';
  return {
    symbol: f.symbol,
    priceChange: f.price(s.last - s.open),
    priceChangePercent: f.percentChange(s.open, s.last),
    weightedAvgPrice: f.averagePrice(s.quoteVolume, s.volume),
    prevClosePrice: f.price(s.prevClose),
    lastPrice: f.price(s.last),
    lastQty: f.quantity(s.lastLots),
    bidPrice: bid ? f.price(bid[0]) : zero,
    bidQty: bid ? f.quantity(bid[1]) : zero,
    askPrice: ask ? f.price(ask[0]) : zero,
    askQty: ask ? f.quantity(ask[1]) : zero,
    openPrice: f.price(s.open),
    highPrice: f.price(s.high),
    lowPrice: f.price(s.low),
    volume: f.quantity(s.volume),
    quoteVolume: f.quote(s.quoteVolume),
    openTime: s.openTime,
    closeTime: s.closeTime,
    firstId: s.firstId,
    lastId: s.lastId,
    count: s.count,
  };
}

/** The volume-weighted price of the window's trades; the last price when none traded in it. */
export function toAvgPriceReply(f: MarketFormat, s: TickerStats): AvgPriceReply {
  return {
    mins: AVG_PRICE_MINS,
    price: s.volume > 0n ? f.averagePrice(s.quoteVolume, s.volume) : f.price(s.last),
    closeTime: s.lastTradeTime,
  };
}

/**
 * A window's sums as Binance's `/api/v3/ticker` answers them, over [openTime, closeTime]. No trade in the window: the
 * prices are the market's last trade's (zeros when none ever), with `firstId` / `lastId` -1, as the 24-hour ticker.
 */
export function toWindowTickerReply(
  f: MarketFormat,
  sums: WindowSums,
  window: { openTime: number; closeTime: number },
): TickerWindowReply {
  const lastPrice = sums.latest ? f.ticks(sums.latest.price) : 0;
  const traded = sums.count > 0 && sums.open !== undefined;
  const ticks = (price: string | undefined) => (traded && price !== undefined ? f.ticks(price) : lastPrice);
  const open = ticks(sums.open);
  const last = ticks(sums.close);
  // A quantity parses only when positive: an empty window's sum ("0") is none.
  const volume = traded ? BigInt(f.lots(sums.volume)) : 0n;
  const quoteVolume = traded ? f.quoteFromText(sums.quoteVolume) : 0n;
  return {
    symbol: f.symbol,
    priceChange: f.price(last - open),
    priceChangePercent: f.percentChange(open, last),
    weightedAvgPrice: f.averagePrice(quoteVolume, volume),
    openPrice: f.price(open),
    highPrice: f.price(ticks(sums.high)),
    lowPrice: f.price(ticks(sums.low)),
    lastPrice: f.price(last),
    volume: f.quantity(volume),
    quoteVolume: f.quote(quoteVolume),
    openTime: window.openTime,
    closeTime: window.closeTime,
    firstId: traded ? (sums.firstId ?? -1) : -1,
    lastId: traded && sums.latest ? sums.latest.id : -1,
    count: traded ? sums.count : 0,
  };
}
