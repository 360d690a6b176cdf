import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { prepared, runPrepared } from '../common/prepared-statement';

/** Settlement's statements, prepared (parsed once per connection; see `prepared`). */
const CURSOR_CREATE = prepared(
  'wallet_cursor_create',
  `insert into market_event_cursor (market, last_seq) values ($1, 0) on conflict (market) do nothing returning market`,
);
const CURSOR_LOCK = prepared(
  'wallet_cursor_lock',
  `select last_seq::text as last_seq from market_event_cursor where market = $1 for update`,
);
const CURSOR_SAVE = prepared(
  'wallet_cursor_save',
  `update market_event_cursor set last_seq = $2, updated_at = now() where market = $1`,
);

/** The last engine event sequence applied per market, written in the same transaction as its effects. */
@Injectable()
export class EventCursorRepository {
  /** Locks the market's cursor row for the transaction (creating it at 0); concurrent settlers queue here. */
  async lock(tx: EntityManager, market: string): Promise<{ lastSeq: number; fresh: boolean }> {
    const created = await runPrepared<unknown[]>(tx, CURSOR_CREATE, [market]);
    const [row] = await runPrepared<{ last_seq: string }[]>(tx, CURSOR_LOCK, [market]);
    return { lastSeq: Number(row.last_seq), fresh: created.length === 1 };
  }

  async save(tx: EntityManager, market: string, lastSeq: number): Promise<void> {
    await runPrepared(tx, CURSOR_SAVE, [market, lastSeq]);
  }

  async get(tx: EntityManager, market: string): Promise<number | undefined> {
    const rows: { last_seq: string }[] = await tx.query(
      `select last_seq::text as last_seq from market_event_cursor where market = $1`,
      [market],
    );
    return rows[0] ? Number(rows[0].last_seq) : undefined;
  }
}
