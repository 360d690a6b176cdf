/**
 * The deposit and withdrawal history rows of `GET /api/v1/deposits` and `GET /api/v1/withdrawals` (Binance's
 * `/sapi/v1/capital/deposit/hisrec` and `/withdraw/history` rows, docs/gateway.md "Funds history"), and their
 * status numbers in words.
 */

export interface DepositRow {
  id: string;
  amount: string;
  coin: string;
  status: number;
  /** A chain deposit's `txid:vout`; empty for the demo faucet. */
  txId: string;
  /** Epoch milliseconds. */
  insertTime: number;
  /** A chain deposit's confirmations as "counted/required" ("2/3"); empty for the demo faucet. */
  confirmTimes?: string;
}

/** `GET /api/v1/deposits/address` (Binance's `deposit/address`). */
export interface DepositAddress {
  address: string;
  coin: string;
  tag: string;
  url: string;
}

/** `POST /api/v1/deposits/simulate` (demo chain). */
export interface SimulatedTransfer {
  txid: string;
  vout: number;
  address: string;
  asset: string;
  amount: string;
}

export interface WithdrawRow {
  id: string;
  amount: string;
  transactionFee: string;
  coin: string;
  status: number;
  address: string;
  /** `YYYY-MM-DD HH:mm:ss` in UTC. */
  applyTime: string;
  /** The failure or rejection reason, else empty. */
  info: string;
  completeTime?: string;
  /** The chain transaction once sent, else empty. */
  txId?: string;
  /** Its confirmations so far. */
  confirmNo?: number;
}

/** Binance's withdrawal status numbers, as the gateway maps the wallet's states onto them. */
const WITHDRAW_STATUS_TEXT: Record<number, string> = {
  2: 'Awaiting approval', // PENDING_APPROVAL
  4: 'Processing', // REQUESTED, SENT
  6: 'Completed', // COMPLETED
  5: 'Failed', // FAILED
  3: 'Rejected', // REJECTED
};

/**
 * Binance's deposit status numbers (the gateway lists pending deposits as 0, credited ones as 1, and as 7, Binance's
 * "wrong deposit", those whose transfer left the chain before they were credited: docs/gateway.md "Funds history").
 */
const DEPOSIT_STATUS_TEXT: Record<number, string> = {
  0: 'Pending',
  1: 'Credited',
  6: 'Credited, not yet withdrawable',
  7: 'Reverted: the transfer left the chain, nothing credited',
  8: 'Waiting for confirmation',
};

/** The wallet's withdrawal states (what `POST /api/v1/withdrawals` answers) as Binance's status numbers. */
const WITHDRAW_STATE_NUMBER: Record<string, number> = {
  PENDING_APPROVAL: 2,
  REQUESTED: 4,
  SENT: 4,
  COMPLETED: 6,
  FAILED: 5,
  REJECTED: 3,
};

/** A withdrawal's state name (`REQUESTED`, ...) in words; an unknown one as it is. */
export function withdrawStateText(state: string): string {
  const status = WITHDRAW_STATE_NUMBER[state];
  return status === undefined ? state : withdrawStatusText(status);
}

export function withdrawStatusText(status: number): string {
  return WITHDRAW_STATUS_TEXT[status] ?? `Unknown (${status})`;
}

export function depositStatusText(status: number): string {
  return DEPOSIT_STATUS_TEXT[status] ?? `Unknown (${status})`;
}

/** A deposit's status in words, with its confirmations while it waits for them ("Pending (2/3 confirmations)"). */
export function depositProgressText(row: Pick<DepositRow, 'status' | 'confirmTimes'>): string {
  const text = depositStatusText(row.status);
  return row.status === 0 && row.confirmTimes ? `${text} (${row.confirmTimes} confirmations)` : text;
}

/** Whether the deposit still waits for confirmations. */
export function depositPending(row: Pick<DepositRow, 'status'>): boolean {
  return row.status === 0;
}

/** Whether the withdrawal has ended (completed, failed or rejected). */
export function withdrawalEnded(status: number): boolean {
  return status === 6 || status === 5 || status === 3;
}

/** Binance's `applyTime` form (`YYYY-MM-DD HH:mm:ss`, UTC) as epoch milliseconds; NaN when it is not that form. */
export function binanceTimeMs(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}
