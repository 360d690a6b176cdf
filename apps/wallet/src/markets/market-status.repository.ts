import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { type MarketStatus } from '@exchange/shared-contracts';

export interface MarketStatusChangeRow {
  commandId: string;
  market: string;
  status: MarketStatus;
  previousStatus: MarketStatus;
  reason?: string;
  requestedBy?: string;
  /** Epoch milliseconds. */
  changedAt: number;
}

interface ChangeRaw {
  command_id: string;
  market: string;
  status: MarketStatus;
  previous_status: MarketStatus;
  reason: string | null;
  requested_by: string | null;
  changed_at_ms: string;
}

/** The market row's status and its history (`market_status_change`), inside the caller's transaction. */
@Injectable()
export class MarketStatusRepository {
  /** The market's current status, its row locked until the transaction ends; undefined for an unknown market. */
  async lockStatus(tx: EntityManager, market: string): Promise<MarketStatus | undefined> {
    const rows: { status: MarketStatus }[] = await tx.query(
      `select status from market where symbol = $1 for update`,
      [market],
    );
    return rows[0]?.status;
  }

  async setStatus(tx: EntityManager, market: string, status: MarketStatus): Promise<void> {
    await tx.query(`update market set status = $2 where symbol = $1`, [market, status]);
  }

  /** The change recorded under a command id, if any. */
  async change(tx: EntityManager, commandId: string): Promise<MarketStatusChangeRow | undefined> {
    const rows: ChangeRaw[] = await tx.query(
      `select command_id, market, status, previous_status, reason, requested_by,
              (extract(epoch from changed_at) * 1000)::bigint::text as changed_at_ms
         from market_status_change where command_id = $1`,
      [commandId],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      commandId: r.command_id,
      market: r.market,
      status: r.status,
      previousStatus: r.previous_status,
      ...(r.reason !== null ? { reason: r.reason } : {}),
      ...(r.requested_by !== null ? { requestedBy: r.requested_by } : {}),
      changedAt: Number(r.changed_at_ms),
    };
  }

  /** Records a change; false when its command id is already recorded (for whatever market). */
  async insertChange(tx: EntityManager, c: MarketStatusChangeRow): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `insert into market_status_change
         (command_id, market, status, previous_status, reason, requested_by, changed_at)
       values ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8 / 1000))
       on conflict (command_id) do nothing returning 1`,
      [
        c.commandId,
        c.market,
        c.status,
        c.previousStatus,
        c.reason ?? null,
        c.requestedBy ?? null,
        c.changedAt,
      ],
    );
    return rows.length === 1;
  }
}
