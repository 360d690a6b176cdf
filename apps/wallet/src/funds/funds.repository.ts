import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { type DepositStatus } from '@exchange/wallet-domain';

export interface DepositRow {
  depositId: string;
  userId: string;
  asset: string;
  amount: bigint;
  source: 'FAUCET' | 'CHAIN';
}

export interface WithdrawalRow {
  withdrawalId: string;
  userId: string;
  asset: string;
  amount: bigint;
  networkFee: bigint;
  address: string;
  status: 'PENDING_APPROVAL' | 'REQUESTED' | 'SENT' | 'COMPLETED' | 'FAILED' | 'REJECTED';
  failureReason: string | null;
  /** The client's own id for it (Binance's `withdrawOrderId`), unique per user; null when it named none. */
  clientWithdrawalId: string | null;
}

/** The columns every withdrawal read selects, as {@link WithdrawalRecord} names them. */
export const WITHDRAWAL_COLUMNS = `withdrawal_id, user_id, asset, amount::text as amount,
  network_fee::text as network_fee, address, status, failure_reason, client_withdrawal_id`;

/** A withdrawal row as PostgreSQL returns {@link WITHDRAWAL_COLUMNS} (amounts as text, never a float). */
export interface WithdrawalRecord {
  withdrawal_id: string;
  user_id: string;
  asset: string;
  amount: string;
  network_fee: string;
  address: string;
  status: WithdrawalRow['status'];
  failure_reason: string | null;
  client_withdrawal_id: string | null;
}

/** The {@link WithdrawalRow} of a record; readers of more columns spread it and add theirs. */
export const toWithdrawal = (r: WithdrawalRecord): WithdrawalRow => ({
  withdrawalId: r.withdrawal_id,
  userId: r.user_id,
  asset: r.asset,
  amount: BigInt(r.amount),
  networkFee: BigInt(r.network_fee),
  address: r.address,
  status: r.status,
  failureReason: r.failure_reason,
  clientWithdrawalId: r.client_withdrawal_id,
});

/** Deposits, withdrawals and the idempotency keys of the commands that create them. */
@Injectable()
export class FundsRepository {
  /**
   * Claims an idempotency key for this transaction. Returns undefined when this call claimed it, or what
   * the first call with this key stored (its fingerprint and reply) when it was claimed before.
   */
  async claimKey(
    tx: EntityManager,
    key: string,
    fingerprint: string,
  ): Promise<{ fingerprint: string; response: unknown } | undefined> {
    const claimed: unknown[] = await tx.query(
      `insert into idempotency_key (key, fingerprint, response) values ($1, $2, 'null'::jsonb)
       on conflict (key) do nothing returning key`,
      [key, fingerprint],
    );
    if (claimed.length) return undefined;
    const [row] = await tx.query(`select fingerprint, response from idempotency_key where key = $1`, [key]);
    return { fingerprint: row.fingerprint, response: row.response };
  }

  async storeResponse(tx: EntityManager, key: string, response: unknown): Promise<void> {
    await tx.query(`update idempotency_key set response = $2 where key = $1`, [
      key,
      JSON.stringify(response),
    ]);
  }

  /**
   * Inserts the deposit, credited, unless its id exists; returns the stored row (locked, with its status) when it
   * did: a chain deposit the watcher detected is still `PENDING` there.
   */
  async insertDeposit(
    tx: EntityManager,
    d: DepositRow,
  ): Promise<(DepositRow & { status: DepositStatus }) | undefined> {
    const rows: unknown[] = await tx.query(
      `insert into deposit (deposit_id, user_id, asset, amount, source, status, credited_at)
       values ($1, $2, $3, $4, $5, 'CONFIRMED', now())
       on conflict (deposit_id) do nothing returning deposit_id`,
      [d.depositId, d.userId, d.asset, d.amount.toString(), d.source],
    );
    if (rows.length) return undefined;
    const [r] = await tx.query(
      `select deposit_id, user_id, asset, amount::text as amount, source, status from deposit where deposit_id = $1
       for update`,
      [d.depositId],
    );
    return {
      depositId: r.deposit_id,
      userId: r.user_id,
      asset: r.asset,
      amount: BigInt(r.amount),
      source: r.source,
      status: r.status,
    };
  }

  /** Credits a pending (detected) deposit. */
  async markDepositCredited(tx: EntityManager, depositId: string): Promise<void> {
    await tx.query(`update deposit set status = 'CONFIRMED', credited_at = now() where deposit_id = $1`, [
      depositId,
    ]);
  }

  async insertWithdrawal(tx: EntityManager, w: WithdrawalRow): Promise<void> {
    await tx.query(
      `insert into withdrawal (withdrawal_id, user_id, asset, amount, network_fee, address, status,
         client_withdrawal_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        w.withdrawalId,
        w.userId,
        w.asset,
        w.amount.toString(),
        w.networkFee.toString(),
        w.address,
        w.status,
        w.clientWithdrawalId,
      ],
    );
  }

  async lockWithdrawal(tx: EntityManager, withdrawalId: string): Promise<WithdrawalRow | undefined> {
    const rows: WithdrawalRecord[] = await tx.query(
      `select ${WITHDRAWAL_COLUMNS} from withdrawal where withdrawal_id = $1 for update`,
      [withdrawalId],
    );
    return rows[0] && toWithdrawal(rows[0]);
  }

  async finishWithdrawal(
    tx: EntityManager,
    withdrawalId: string,
    status: 'COMPLETED' | 'FAILED',
    networkFee: bigint,
    failureReason: string | null,
  ): Promise<void> {
    await tx.query(
      `update withdrawal set status = $2, network_fee = $3, failure_reason = $4, updated_at = now()
       where withdrawal_id = $1`,
      [withdrawalId, status, networkFee.toString(), failureReason],
    );
  }
}
