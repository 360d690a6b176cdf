import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { type StatementBatch } from '../common/statement-batch';

export type PreventedMatchMode = 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH';

/** One match self-trade prevention stopped (table `wallet_prevented_match`, migration `1765000000007`). */
export interface PreventedMatchRow {
  market: string;
  /** The engine sequence of the match's first expiry in its market. */
  preventedMatchId: number;
  userId: string;
  takerOrderId: string;
  takerOrderNo: string;
  makerOrderId: string;
  makerOrderNo: string;
  stpMode: PreventedMatchMode;
  priceTicks: number;
  /** What was left of the taker when it expired; null when it did not (or is sized by quote). */
  takerPreventedLots: number | null;
  /** What was left of the resting order when it expired; null when it did not. */
  makerPreventedLots: number | null;
  transactTimeMs: number;
}

/** Which of a user's prevented matches of a market a page holds: one by id, or one order's from an id on. */
export interface PreventedMatchPage {
  userId: string;
  market: string;
  preventedMatchId?: number;
  orderNo?: string;
  fromPreventedMatchId?: number;
  limit: number;
}

/**
 * The two expiries of an `EXPIRE_BOTH` match fill in one row: each brings its own order's prevented quantity, and the
 * match keeps its first sequence and time.
 */
const SAVE = `insert into wallet_prevented_match as p (market, prevented_match_id, user_id, taker_order_id,
    taker_order_no, maker_order_id, maker_order_no, stp_mode, price_ticks, taker_prevented_lots, maker_prevented_lots,
    transact_time_ms)
  select * from unnest($1::varchar[], $2::bigint[], $3::varchar[], $4::varchar[], $5::bigint[], $6::varchar[],
    $7::bigint[], $8::varchar[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
  on conflict (market, taker_order_no, maker_order_no) do update set
    prevented_match_id = least(p.prevented_match_id, excluded.prevented_match_id),
    taker_prevented_lots = coalesce(p.taker_prevented_lots, excluded.taker_prevented_lots),
    maker_prevented_lots = coalesce(p.maker_prevented_lots, excluded.maker_prevented_lots),
    transact_time_ms = least(p.transact_time_ms, excluded.transact_time_ms)
  returning market, taker_order_no::text, maker_order_no::text, prevented_match_id::text, transact_time_ms::text`;

const SELECT = `select market, prevented_match_id::text, user_id, taker_order_id, taker_order_no::text, maker_order_id,
  maker_order_no::text, stp_mode, price_ticks::text, taker_prevented_lots::text, maker_prevented_lots::text,
  transact_time_ms::text
  from wallet_prevented_match p`;

interface Saved {
  market: string;
  taker_order_no: string;
  maker_order_no: string;
  prevented_match_id: string;
  transact_time_ms: string;
}

/** A prevented match's key: its market, its taker and its resting order (a pair meets at most once under STP). */
export const preventedMatchKey = (m: Pick<PreventedMatchRow, 'market' | 'takerOrderNo' | 'makerOrderNo'>) =>
  `${m.market} ${m.takerOrderNo} ${m.makerOrderNo}`;

interface Raw {
  market: string;
  prevented_match_id: string;
  user_id: string;
  taker_order_id: string;
  taker_order_no: string;
  maker_order_id: string;
  maker_order_no: string;
  stp_mode: PreventedMatchMode;
  price_ticks: string;
  taker_prevented_lots: string | null;
  maker_prevented_lots: string | null;
  transact_time_ms: string;
}

const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

function toRow(r: Raw): PreventedMatchRow {
  return {
    market: r.market,
    preventedMatchId: Number(r.prevented_match_id),
    userId: r.user_id,
    takerOrderId: r.taker_order_id,
    takerOrderNo: r.taker_order_no,
    makerOrderId: r.maker_order_id,
    makerOrderNo: r.maker_order_no,
    stpMode: r.stp_mode,
    priceTicks: Number(r.price_ticks),
    takerPreventedLots: numberOrNull(r.taker_prevented_lots),
    makerPreventedLots: numberOrNull(r.maker_prevented_lots),
    transactTimeMs: Number(r.transact_time_ms),
  };
}

/** Self-trade prevention's record, written by settlement in the transaction that settles the expiries. */
@Injectable()
export class PreventedMatchRepository {
  /**
   * Records (or completes) these matches with the settlement's last statements (`writes`); at most one row a pair.
   * Once they have run, each row holds the match's id and time as stored: a match whose first expiry an earlier
   * settlement recorded keeps that one's.
   */
  async save(writes: StatementBatch, rows: readonly PreventedMatchRow[]): Promise<void> {
    if (rows.length === 0) return;
    const saved = await writes.add<Saved>(SAVE, [
      rows.map((r) => r.market),
      rows.map((r) => r.preventedMatchId),
      rows.map((r) => r.userId),
      rows.map((r) => r.takerOrderId),
      rows.map((r) => r.takerOrderNo),
      rows.map((r) => r.makerOrderId),
      rows.map((r) => r.makerOrderNo),
      rows.map((r) => r.stpMode),
      rows.map((r) => r.priceTicks),
      rows.map((r) => r.takerPreventedLots),
      rows.map((r) => r.makerPreventedLots),
      rows.map((r) => r.transactTimeMs),
    ]);
    const byPair = new Map(rows.map((r) => [preventedMatchKey(r), r]));
    for (const s of saved) {
      const row = byPair.get(
        preventedMatchKey({
          market: s.market,
          takerOrderNo: s.taker_order_no,
          makerOrderNo: s.maker_order_no,
        }),
      );
      if (!row) continue;
      row.preventedMatchId = Number(s.prevented_match_id);
      row.transactTimeMs = Number(s.transact_time_ms);
    }
  }

  /**
   * The prevented match each of these orders expired in, by order number: as taker under EXPIRE_TAKER or
   * EXPIRE_BOTH, as the resting order under EXPIRE_MAKER or EXPIRE_BOTH (an order expires in one match at most).
   */
  async expiredIn(
    tx: EntityManager,
    orders: readonly { market: string; orderNo: string }[],
  ): Promise<Map<string, number>> {
    if (orders.length === 0) return new Map();
    const rows: { order_no: string; prevented_match_id: string }[] = await tx.query(
      `select o.no::text as order_no, p.prevented_match_id::text
         from unnest($1::varchar[], $2::bigint[]) as o(market, no)
         join wallet_prevented_match p on p.market = o.market
          and ((p.taker_order_no = o.no and p.stp_mode <> 'EXPIRE_MAKER')
            or (p.maker_order_no = o.no and p.stp_mode <> 'EXPIRE_TAKER'))`,
      [orders.map((o) => o.market), orders.map((o) => o.orderNo)],
    );
    return new Map(rows.map((r) => [r.order_no, Number(r.prevented_match_id)]));
  }

  /** One page of the user's prevented matches of a market, in id order (the table's number, not its text). */
  async page(tx: EntityManager, p: PreventedMatchPage): Promise<PreventedMatchRow[]> {
    const rows: Raw[] = await tx.query(
      `${SELECT} where user_id = $1 and market = $2
         and ($3::bigint is null or prevented_match_id = $3)
         and ($4::bigint is null or taker_order_no = $4 or maker_order_no = $4)
         and ($5::bigint is null or prevented_match_id >= $5)
       order by p.prevented_match_id limit $6`,
      [
        p.userId,
        p.market,
        p.preventedMatchId ?? null,
        p.orderNo ?? null,
        p.fromPreventedMatchId ?? null,
        p.limit,
      ],
    );
    return rows.map(toRow);
  }
}
