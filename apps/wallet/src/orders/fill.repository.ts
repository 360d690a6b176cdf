import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

/** One side of one settled trade: what the user's order got and the fee the ledger charged for it. */
export interface FillRow {
  market: string;
  /** The engine's event sequence of the trade in its market (Binance's trade id). */
  tradeId: number;
  side: 'BUY' | 'SELL';
  orderId: string;
  orderNo: string;
  clientOrderId: string;
  userId: string;
  isMaker: boolean;
  priceTicks: number;
  lots: number;
  baseUnits: bigint;
  quoteUnits: bigint;
  commission: bigint;
  commissionAsset: string;
  tradedAtMs: number;
}

/** Which of a user's fills a page holds: from a trade id or a time on, else the most recent. */
export interface FillPage {
  userId: string;
  market: string;
  orderNo?: string;
  fromTradeId?: number;
  startTime?: number;
  endTime?: number;
  limit: number;
}

const SELECT = `select f.market, f.trade_id::text, f.side, f.order_id, o.order_no::text, o.client_order_id,
  f.user_id, f.is_maker, f.price_ticks::text, f.lots::text, f.base_units::text, f.quote_units::text,
  f.commission::text, f.commission_asset, f.traded_at_ms::text
  from wallet_fill f join wallet_order o on o.order_id = f.order_id`;

interface Raw {
  market: string;
  trade_id: string;
  side: FillRow['side'];
  order_id: string;
  order_no: string;
  client_order_id: string;
  user_id: string;
  is_maker: boolean;
  price_ticks: string;
  lots: string;
  base_units: string;
  quote_units: string;
  commission: string;
  commission_asset: string;
  traded_at_ms: string;
}

function toRow(r: Raw): FillRow {
  return {
    market: r.market,
    tradeId: Number(r.trade_id),
    side: r.side,
    orderId: r.order_id,
    orderNo: r.order_no,
    clientOrderId: r.client_order_id,
    userId: r.user_id,
    isMaker: r.is_maker,
    priceTicks: Number(r.price_ticks),
    lots: Number(r.lots),
    baseUnits: BigInt(r.base_units),
    quoteUnits: BigInt(r.quote_units),
    commission: BigInt(r.commission),
    commissionAsset: r.commission_asset,
    tradedAtMs: Number(r.traded_at_ms),
  };
}

/** The users' trade history, written by settlement in the transaction that settles the trades. */
@Injectable()
export class FillRepository {
  /** One order's fills in trade order. */
  async ofOrder(tx: EntityManager, orderId: string): Promise<FillRow[]> {
    const rows: Raw[] = await tx.query(`${SELECT} where f.order_id = $1 order by f.trade_id, f.side`, [
      orderId,
    ]);
    return rows.map(toRow);
  }

  /** One page of the user's fills of a market, in trade order. */
  async page(tx: EntityManager, p: FillPage): Promise<FillRow[]> {
    const filters = `f.user_id = $1 and f.market = $2 and ($3::bigint is null or o.order_no = $3)
      and ($4::bigint is null or f.trade_id >= $4) and ($5::bigint is null or f.traded_at_ms >= $5)
      and ($6::bigint is null or f.traded_at_ms <= $6)`;
    const params = [
      p.userId,
      p.market,
      p.orderNo ?? null,
      p.fromTradeId ?? null,
      p.startTime ?? null,
      p.endTime ?? null,
      p.limit,
    ];
    // Paging forward from a trade id or a time gives the oldest first; otherwise the most recent `limit`.
    const forward = p.fromTradeId !== undefined || p.startTime !== undefined;
    const rows: Raw[] = forward
      ? await tx.query(`${SELECT} where ${filters} order by f.trade_id, f.side limit $7`, params)
      : await tx.query(
          `select * from (${SELECT} where ${filters} order by f.trade_id desc, f.side desc limit $7) recent
           order by trade_id::bigint, side`,
          params,
        );
    return rows.map(toRow);
  }
}
