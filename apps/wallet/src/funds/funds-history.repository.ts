import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import {
  toWithdrawal,
  WITHDRAWAL_COLUMNS,
  type WithdrawalRecord,
  type WithdrawalRow,
} from './funds.repository';

/** Which rows of a user's history a page holds (newest first). */
export interface HistoryPage {
  userId: string;
  asset?: string;
  startTime?: number;
  endTime?: number;
  offset: number;
  limit: number;
}

export interface DepositHistoryRow {
  depositId: string;
  asset: string;
  amount: bigint;
  source: 'FAUCET' | 'CHAIN';
  status: 'PENDING' | 'CONFIRMED' | 'REVERTED';
  confirmations: number;
  requiredConfirmations: number;
  address: string | null;
  createdAtMs: number;
  /** Credited at (CONFIRMED) or reverted at (REVERTED). */
  creditedAtMs: number | null;
}

export interface WithdrawalHistoryRow extends WithdrawalRow {
  reviewedBy: string | null;
  txId: string | null;
  confirmations: number;
  createdAtMs: number;
  updatedAtMs: number;
}

const HISTORY_COLUMNS = `${WITHDRAWAL_COLUMNS}, reviewed_by, tx_id, confirmations,
  floor(extract(epoch from created_at) * 1000)::text as created_ms,
  floor(extract(epoch from updated_at) * 1000)::text as updated_ms`;

interface HistoryRecord extends WithdrawalRecord {
  reviewed_by: string | null;
  tx_id: string | null;
  confirmations: number;
  created_ms: string;
  updated_ms: string;
}

const toHistoryRow = (r: HistoryRecord): WithdrawalHistoryRow => ({
  ...toWithdrawal(r),
  reviewedBy: r.reviewed_by,
  txId: r.tx_id,
  confirmations: r.confirmations,
  createdAtMs: Number(r.created_ms),
  updatedAtMs: Number(r.updated_ms),
});

/** The time window and asset filter every history page shares ($1 user, $2 asset, $3 start, $4 end). */
const WINDOW = `user_id = $1 and ($2::varchar is null or asset = $2)
  and ($3::bigint is null or created_at >= to_timestamp($3::numeric / 1000))
  and ($4::bigint is null or created_at < to_timestamp(($4::numeric + 1) / 1000))`;

/** Deposit and withdrawal history, and the operators' review of withdrawals waiting for approval. */
@Injectable()
export class FundsHistoryRepository {
  async deposits(
    tx: EntityManager,
    p: HistoryPage & { status?: DepositHistoryRow['status'] },
  ): Promise<DepositHistoryRow[]> {
    const rows: {
      deposit_id: string;
      asset: string;
      amount: string;
      source: 'FAUCET' | 'CHAIN';
      status: DepositHistoryRow['status'];
      confirmations: number;
      required_confirmations: number;
      address: string | null;
      created_ms: string;
      credited_ms: string | null;
    }[] = await tx.query(
      `select deposit_id, asset, amount::text as amount, source, status, confirmations, required_confirmations,
         address, floor(extract(epoch from created_at) * 1000)::text as created_ms,
         floor(extract(epoch from coalesce(credited_at, reverted_at)) * 1000)::text as credited_ms
       from deposit where ${WINDOW} and ($7::varchar is null or status = $7)
       order by created_at desc, deposit_id desc offset $5 limit $6`,
      [
        p.userId,
        p.asset ?? null,
        p.startTime ?? null,
        p.endTime ?? null,
        p.offset,
        p.limit,
        p.status ?? null,
      ],
    );
    return rows.map((r) => ({
      depositId: r.deposit_id,
      asset: r.asset,
      amount: BigInt(r.amount),
      source: r.source,
      status: r.status,
      confirmations: r.confirmations,
      requiredConfirmations: r.required_confirmations,
      address: r.address,
      createdAtMs: Number(r.created_ms),
      creditedAtMs: r.credited_ms === null ? null : Number(r.credited_ms),
    }));
  }

  /** The user's withdrawals, newest first; with `clientWithdrawalId`, only the one so named (still within the page). */
  async withdrawals(
    tx: EntityManager,
    p: HistoryPage & {
      status?: WithdrawalRow['status'] | readonly WithdrawalRow['status'][];
      clientWithdrawalId?: string;
    },
  ): Promise<WithdrawalHistoryRow[]> {
    const rows: HistoryRecord[] = await tx.query(
      `select ${HISTORY_COLUMNS} from withdrawal where ${WINDOW} and ($7::varchar[] is null or status = any($7))
         and ($8::varchar is null or client_withdrawal_id = $8)
       order by created_at desc, withdrawal_id desc offset $5 limit $6`,
      [
        p.userId,
        p.asset ?? null,
        p.startTime ?? null,
        p.endTime ?? null,
        p.offset,
        p.limit,
        p.status === undefined ? null : [p.status].flat(),
        p.clientWithdrawalId ?? null,
      ],
    );
    return rows.map(toHistoryRow);
  }

  /** Every withdrawal waiting for an operator, oldest first. */
  async pendingApproval(tx: EntityManager, limit: number): Promise<WithdrawalHistoryRow[]> {
    const rows: HistoryRecord[] = await tx.query(
      `select ${HISTORY_COLUMNS} from withdrawal where status = 'PENDING_APPROVAL'
       order by created_at, withdrawal_id limit $1`,
      [limit],
    );
    return rows.map(toHistoryRow);
  }

  async withdrawal(tx: EntityManager, withdrawalId: string): Promise<WithdrawalHistoryRow | undefined> {
    const rows: HistoryRecord[] = await tx.query(
      `select ${HISTORY_COLUMNS} from withdrawal where withdrawal_id = $1`,
      [withdrawalId],
    );
    return rows[0] && toHistoryRow(rows[0]);
  }

  /** Records an operator's decision on a withdrawal (its row is locked by the caller). */
  async review(
    tx: EntityManager,
    withdrawalId: string,
    status: 'REQUESTED' | 'REJECTED',
    operator: string,
    reason: string | null,
  ): Promise<void> {
    await tx.query(
      `update withdrawal set status = $2, reviewed_by = $3, failure_reason = $4, updated_at = now()
       where withdrawal_id = $1`,
      [withdrawalId, status, operator, reason],
    );
  }
}
