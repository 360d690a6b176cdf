import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';

import { type DepositStatus } from '@exchange/wallet-domain';

import {
  toWithdrawal,
  WITHDRAWAL_COLUMNS,
  type WithdrawalRecord,
  type WithdrawalRow,
} from '../funds/funds.repository';

export interface AddressOwner {
  userId: string;
  asset: string;
  address: string;
}

export interface ChainDepositRow {
  depositId: string;
  userId: string;
  asset: string;
  amount: bigint;
  address: string;
  status: DepositStatus;
  confirmations: number;
  requiredConfirmations: number;
  /** The tip at which its transfer was first found missing from the chain; null while the chain shows it. */
  missingSince: number | null;
  /** Credited, and reported lost from the chain since. */
  lost: boolean;
  /** How many times it was detected again after a revert. */
  round: number;
}

export interface SendingWithdrawal extends WithdrawalRow {
  txId: string | null;
  confirmations: number;
}

interface RawDeposit {
  deposit_id: string;
  user_id: string;
  asset: string;
  amount: string;
  address: string;
  status: DepositStatus;
  confirmations: number;
  required_confirmations: number;
  missing_since: string | null;
  lost: boolean;
  round: number;
}

const DEPOSIT_COLUMNS = `deposit_id, user_id, asset, amount::text as amount, address, status, confirmations,
  required_confirmations, missing_since_height::text as missing_since, lost_at is not null as lost, round`;

/**
 * Credited chain deposits stay watched until this many confirmations (a reorg deeper than that is not looked for);
 * the partial index `deposit_credited_watch` has the same bound.
 */
export const WATCH_CREDITED_CONFIRMATIONS = 100;

const toDeposit = (r: RawDeposit): ChainDepositRow => ({
  depositId: r.deposit_id,
  userId: r.user_id,
  asset: r.asset,
  amount: BigInt(r.amount),
  address: r.address,
  status: r.status,
  confirmations: r.confirmations,
  requiredConfirmations: r.required_confirmations,
  missingSince: r.missing_since === null ? null : Number(r.missing_since),
  lost: r.lost,
  round: r.round,
});

interface SendingRecord extends WithdrawalRecord {
  tx_id: string | null;
  confirmations: number;
}

const toSending = (r: SendingRecord): SendingWithdrawal => ({
  ...toWithdrawal(r),
  txId: r.tx_id,
  confirmations: r.confirmations,
});

const SENDING_COLUMNS = `${WITHDRAWAL_COLUMNS}, tx_id, confirmations`;

/** Deposit addresses, chain deposits from detection to credit, the watcher's cursor and withdrawals being sent. */
@Injectable()
export class ChainFundsRepository {
  async address(tx: EntityManager, userId: string, asset: string): Promise<string | undefined> {
    const [row] = await tx.query(`select address from deposit_address where user_id = $1 and asset = $2`, [
      userId,
      asset,
    ]);
    return row?.address;
  }

  /** Stores the user's address for the asset unless one exists; returns the stored one either way. */
  async claimAddress(tx: EntityManager, userId: string, asset: string, address: string): Promise<string> {
    await tx.query(
      `insert into deposit_address (user_id, asset, address) values ($1, $2, $3)
       on conflict (user_id, asset) do nothing`,
      [userId, asset, address],
    );
    return (await this.address(tx, userId, asset))!;
  }

  /** Which of `addresses` are ours, and whose. */
  async owners(tx: EntityManager, addresses: readonly string[]): Promise<Map<string, AddressOwner>> {
    if (addresses.length === 0) return new Map();
    const rows: { user_id: string; asset: string; address: string }[] = await tx.query(
      `select user_id, asset, address from deposit_address where address = any($1::varchar[])`,
      [[...new Set(addresses)]],
    );
    return new Map(rows.map((r) => [r.address, { userId: r.user_id, asset: r.asset, address: r.address }]));
  }

  /** Records a detected deposit (PENDING) unless its `txid:vout` is known; true when this call recorded it. */
  async insertPending(
    tx: EntityManager,
    d: Omit<ChainDepositRow, 'status' | 'missingSince' | 'lost' | 'round'>,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `insert into deposit (deposit_id, user_id, asset, amount, source, status, confirmations, required_confirmations,
         address)
       values ($1, $2, $3, $4, 'CHAIN', 'PENDING', $5, $6, $7)
       on conflict (deposit_id) do nothing returning deposit_id`,
      [
        d.depositId,
        d.userId,
        d.asset,
        d.amount.toString(),
        d.confirmations,
        d.requiredConfirmations,
        d.address,
      ],
    );
    return rows.length > 0;
  }

  /**
   * The deposits the watcher follows, oldest first: every PENDING one, and credited chain deposits the watcher
   * detected (they have our address; an operator's record-and-credit of a transfer it never saw has none) below
   * WATCH_CREDITED_CONFIRMATIONS (a reorg may still take their transfer away; missing ones stay at 0).
   */
  async watchedDeposits(tx: EntityManager, limit: number): Promise<ChainDepositRow[]> {
    const rows: RawDeposit[] = await tx.query(
      `(select ${DEPOSIT_COLUMNS}, created_at from deposit where status = 'PENDING'
        order by created_at, deposit_id limit $1)
       union all
       (select ${DEPOSIT_COLUMNS}, created_at from deposit
        where source = 'CHAIN' and status = 'CONFIRMED' and confirmations < ${WATCH_CREDITED_CONFIRMATIONS}
          and address is not null
        order by created_at, deposit_id limit $1)
       order by created_at, deposit_id`,
      [limit],
    );
    return rows.map(toDeposit);
  }

  /** Credited deposits whose transfer is lost from the chain (the operators' alert; index `deposit_lost_now`). */
  async lostDeposits(tx: EntityManager): Promise<number> {
    const [row] = await tx.query(`select count(*)::int as n from deposit where lost_at is not null`);
    return row.n;
  }

  /** The status and round of those of `depositIds` that are recorded. */
  async depositStates(
    tx: EntityManager,
    depositIds: readonly string[],
  ): Promise<Map<string, { status: DepositStatus; round: number }>> {
    if (depositIds.length === 0) return new Map();
    const rows: { deposit_id: string; status: DepositStatus; round: number }[] = await tx.query(
      `select deposit_id, status, round from deposit where deposit_id = any($1::varchar[])`,
      [[...new Set(depositIds)]],
    );
    return new Map(rows.map((r) => [r.deposit_id, { status: r.status, round: r.round }]));
  }

  /** A REVERTED deposit whose transfer came back (the caller holds its lock): PENDING again, its round + 1. */
  async redetect(tx: EntityManager, depositId: string, requiredConfirmations: number): Promise<void> {
    await tx.query(
      `update deposit set status = 'PENDING', round = round + 1, confirmations = 0, required_confirmations = $2,
         missing_since_height = null, reverted_at = null
       where deposit_id = $1 and status = 'REVERTED'`,
      [depositId, requiredConfirmations],
    );
  }

  async lockDeposit(tx: EntityManager, depositId: string): Promise<ChainDepositRow | undefined> {
    const rows: RawDeposit[] = await tx.query(
      `select ${DEPOSIT_COLUMNS} from deposit where deposit_id = $1 for update`,
      [depositId],
    );
    return rows[0] && toDeposit(rows[0]);
  }

  /** Records the count and since when the transfer is missing (null: the chain shows it), and clears `lost` then. */
  async watchDeposit(
    tx: EntityManager,
    depositId: string,
    confirmations: number,
    missingSince: number | null,
  ): Promise<void> {
    await tx.query(
      `update deposit set confirmations = $2, missing_since_height = $3,
         lost_at = case when $3::bigint is null then null else lost_at end
       where deposit_id = $1`,
      [depositId, confirmations, missingSince],
    );
  }

  async markCredited(tx: EntityManager, depositId: string, confirmations: number): Promise<void> {
    await tx.query(
      `update deposit set status = 'CONFIRMED', confirmations = greatest(confirmations, $2), credited_at = now(),
         missing_since_height = null
       where deposit_id = $1`,
      [depositId, confirmations],
    );
  }

  async markReverted(tx: EntityManager, depositId: string): Promise<void> {
    await tx.query(
      `update deposit set status = 'REVERTED', confirmations = 0, reverted_at = now() where deposit_id = $1`,
      [depositId],
    );
  }

  async markLost(tx: EntityManager, depositId: string, missingSince: number): Promise<void> {
    await tx.query(
      `update deposit set confirmations = 0, missing_since_height = $2, lost_at = now() where deposit_id = $1`,
      [depositId, missingSince],
    );
  }

  async cursor(tx: EntityManager, watcher: string): Promise<number> {
    const [row] = await tx.query(`select height::text as height from chain_cursor where watcher = $1`, [
      watcher,
    ]);
    return row ? Number(row.height) : 0;
  }

  async saveCursor(tx: EntityManager, watcher: string, height: number): Promise<void> {
    await tx.query(
      `insert into chain_cursor (watcher, height) values ($1, $2)
       on conflict (watcher) do update set height = excluded.height, updated_at = now()`,
      [watcher, height],
    );
  }

  /** Withdrawals in `status` (REQUESTED: to send; SENT: to watch), oldest first. */
  async withdrawalsIn(
    tx: EntityManager,
    status: 'REQUESTED' | 'SENT',
    limit: number,
  ): Promise<SendingWithdrawal[]> {
    const rows: SendingRecord[] = await tx.query(
      `select ${SENDING_COLUMNS} from withdrawal where status = $1 order by created_at, withdrawal_id limit $2`,
      [status, limit],
    );
    return rows.map(toSending);
  }

  async lockWithdrawal(tx: EntityManager, withdrawalId: string): Promise<SendingWithdrawal | undefined> {
    const rows: SendingRecord[] = await tx.query(
      `select ${SENDING_COLUMNS} from withdrawal where withdrawal_id = $1 for update`,
      [withdrawalId],
    );
    return rows[0] && toSending(rows[0]);
  }

  async markSent(tx: EntityManager, withdrawalId: string, txId: string): Promise<void> {
    await tx.query(
      `update withdrawal set status = 'SENT', tx_id = $2, updated_at = now() where withdrawal_id = $1`,
      [withdrawalId, txId],
    );
  }

  async setWithdrawalConfirmations(
    tx: EntityManager,
    withdrawalId: string,
    confirmations: number,
  ): Promise<void> {
    await tx.query(`update withdrawal set confirmations = $2 where withdrawal_id = $1`, [
      withdrawalId,
      confirmations,
    ]);
  }

  /**
   * Per asset, what the deposit and withdrawal rows say is in flight: chain deposits detected and not yet credited,
   * and withdrawals whose amount has left the user and not yet the venue (waiting for approval, to send, sent).
   */
  async inFlightTotals(
    tx: EntityManager,
  ): Promise<{ asset: string; deposits: bigint; withdrawals: bigint }[]> {
    const rows: { asset: string; deposits: string; withdrawals: string }[] = await tx.query(
      `select asset, sum(deposits)::text as deposits, sum(withdrawals)::text as withdrawals from (
         select asset, amount as deposits, 0 as withdrawals from deposit where status = 'PENDING'
         union all
         select asset, 0, amount from withdrawal where status in ('PENDING_APPROVAL', 'REQUESTED', 'SENT')
       ) t group by asset order by asset`,
    );
    return rows.map((r) => ({
      asset: r.asset,
      deposits: BigInt(r.deposits),
      withdrawals: BigInt(r.withdrawals),
    }));
  }
}
