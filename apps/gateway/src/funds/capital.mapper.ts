import { type DepositView, type WithdrawalView } from '@exchange/shared-contracts';

/** Binance's withdrawal status numbers (`/sapi/v1/capital/withdraw/history`). */
export const WITHDRAW_STATUS: Record<WithdrawalView['status'], number> = {
  PENDING_APPROVAL: 2, // Awaiting Approval
  REQUESTED: 4, // Processing
  COMPLETED: 6, // Completed
  FAILED: 5, // Failure
  REJECTED: 3, // Rejected
};

/** Binance's deposit status for a credited deposit (`/sapi/v1/capital/deposit/hisrec`): 1 = success. */
export const DEPOSIT_SUCCESS = 1;

/** Binance's `applyTime` / `completeTime` form: `YYYY-MM-DD HH:mm:ss` in UTC. */
export function binanceDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** One `deposit/hisrec` row. A chain deposit's id is its `txid:vout`, shown as `txId`; the faucet has none. */
export function mapDeposit(d: DepositView) {
  return {
    id: d.depositId,
    amount: d.amount,
    coin: d.asset,
    network: d.asset,
    status: DEPOSIT_SUCCESS,
    address: '',
    addressTag: '',
    txId: d.source === 'CHAIN' ? d.depositId : '',
    insertTime: d.time,
    completeTime: d.time,
    transferType: 0,
    confirmTimes: '',
    unlockConfirm: 0,
    walletType: 0,
  };
}

/** One `withdraw/history` row. */
export function mapWithdrawal(w: WithdrawalView) {
  const done = w.status === 'COMPLETED' || w.status === 'FAILED' || w.status === 'REJECTED';
  return {
    id: w.withdrawalId,
    amount: w.amount,
    transactionFee: w.networkFee,
    coin: w.asset,
    status: WITHDRAW_STATUS[w.status],
    address: w.address,
    txId: '',
    applyTime: binanceDateTime(w.time),
    network: w.asset,
    transferType: 0,
    info: w.reason ?? '',
    confirmNo: 0,
    walletType: 0,
    txKey: '',
    ...(done && { completeTime: binanceDateTime(w.updateTime) }),
  };
}
