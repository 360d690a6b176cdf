import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { prepared } from '../common/prepared-statement';
import { type StatementBatch } from '../common/statement-batch';

/** Settlement's statements on the cursors of every market a settlement touches, sent with its other statements, prepared. */
const CURSORS_CREATE = prepared(
  'wallet_cursors_create',
  `insert into market_event_cursor (market, last_seq)
  select market, 0 from unnest($1::varchar[]) as m(market) order by market
  on conflict (market) do nothing returning market`,
);
const CURSORS_LOCK = prepared(
  'wallet_cursors_lock',
  `select market, last_seq::text as last_seq from market_event_cursor
  where market = any ($1::varchar[]) order by market for update`,
);
const CURSORS_SAVE = prepared(
  'wallet_cursors_save',
  `update market_event_cursor c set last_seq = s.last_seq, updated_at = now()
  from unnest($1::varchar[], $2::bigint[]) as s(market, last_seq) where c.market = s.market`,
);

export interface EventCursor {
  lastSeq: number;
  /** Created by this transaction: the market's first settlement. */
  fresh: boolean;
}

/** The last engine event sequence applied per market, written in the same transaction as its effects. */
@Injectable()
export class EventCursorRepository {
  /**
   * Locks the markets' cursor rows for the transaction, in market order (creating those missing at 0), with the
   * settlement's other first statements (`batch`); concurrent settlers queue here.
   */
  async lockAll(batch: StatementBatch, markets: readonly string[]): Promise<Map<string, EventCursor>> {
    if (markets.length === 0) return new Map();
    const created = batch.add<{ market: string }>(CURSORS_CREATE, [markets]);
    const locked = batch.add<{ market: string; last_seq: string }>(CURSORS_LOCK, [markets]);
    const fresh = new Set((await created).map((r) => r.market));
    return new Map(
      (await locked).map((r) => [r.market, { lastSeq: Number(r.last_seq), fresh: fresh.has(r.market) }]),
    );
  }

  /** Moves the markets' cursors, with the settlement's last statements (`writes`). */
  saveAll(writes: StatementBatch, moved: readonly { market: string; lastSeq: number }[]): void {
    if (moved.length === 0) return;
    void writes.add(CURSORS_SAVE, [moved.map((m) => m.market), moved.map((m) => m.lastSeq)]);
  }

  async get(tx: EntityManager, market: string): Promise<number | undefined> {
    const rows: { last_seq: string }[] = await tx.query(
      `select last_seq::text as last_seq from market_event_cursor where market = $1`,
      [market],
    );
    return rows[0] ? Number(rows[0].last_seq) : undefined;
  }
}
