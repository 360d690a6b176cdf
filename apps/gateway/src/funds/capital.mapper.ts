import { type DepositView, type WithdrawalView } from '@exchange/shared-contracts';

/** Binance's withdrawal status numbers (`/sapi/v1/capital/withdraw/history`). */
export const WITHDRAW_STATUS: Record<WithdrawalView['status'], number> = {
  PENDING_APPROVAL: 2, // Awaiting Approval
  REQUESTED: 4, // Processing
  SENT: 4, // Processing (on chain, waiting for confirmations: txId and confirmNo tell how far)
  COMPLETED: 6, // Completed
  FAILED: 5, // Failure
  REJECTED: 3, // Rejected
};

/**
 * Binance's deposit status numbers (`/sapi/v1/capital/deposit/hisrec`): 0 pending (seen on chain, waiting for
 * confirmations, nothing credited), 1 success (credited). Binance's 6 ("credited but cannot withdraw") never
 * occurs here: a credited deposit is withdrawable at once. Binance has no number for a deposit whose transfer left
 * the chain before the credit (REVERTED: a reorg, a double spend); it is 7, Binance's "wrong deposit", the only
 * status of the documented set (0, 1, 6, 7, 8) that ends a deposit seen on chain without crediting it, so a client
 * never reads it as pending or credited (docs/gateway.md "Funds history").
 */
export const DEPOSIT_STATUS: Record<DepositView['status'], number> = {
  PENDING: 0,
  CONFIRMED: 1,
  REVERTED: 7,
};

/** Binance's `applyTime` / `completeTime` form: `YYYY-MM-DD HH:mm:ss` in UTC. */
export function binanceDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A deposit's `txId`: a chain deposit's id (`txid:vout`), empty for the faucet. */
export function depositTxId(d: DepositView): string {
  return d.source === 'CHAIN' ? d.depositId : '';
}

/** When a deposit completed: a credited one's credit time; none for one pending or reverted (it never completed). */
export function depositCompleteTime(d: DepositView): number | undefined {
  return d.status === 'CONFIRMED' ? (d.creditTime ?? d.time) : undefined;
}

/** When a withdrawal finished (completed, failed or rejected); none while it is still under way. */
export function withdrawalCompleteTime(w: WithdrawalView): number | undefined {
  return w.status === 'COMPLETED' || w.status === 'FAILED' || w.status === 'REJECTED'
    ? w.updateTime
    : undefined;
}

/**
 * One `deposit/hisrec` row. A chain deposit's id is its `txid:vout`, shown as `txId`, with `confirmTimes` as
 * "confirmations/required" ("2/3") and `completeTime` once credited (a reverted one has none: it never completed);
 * the faucet has no txId and no confirmations.
 */
export function mapDeposit(d: DepositView) {
  const chain = d.source === 'CHAIN';
  const completeTime = depositCompleteTime(d);
  return {
    id: d.depositId,
    amount: d.amount,
    coin: d.asset,
    network: d.asset,
    status: DEPOSIT_STATUS[d.status],
    address: d.address,
    addressTag: '',
    txId: depositTxId(d),
    insertTime: d.time,
    ...(completeTime !== undefined && { completeTime }),
    transferType: 0,
    confirmTimes: chain ? `${d.confirmations}/${d.requiredConfirmations}` : '',
    unlockConfirm: chain ? d.requiredConfirmations : 0,
    walletType: 0,
  };
}

/** One `withdraw/history` row; `withdrawOrderId` only for a withdrawal the client named (as Binance leaves it out). */
export function mapWithdrawal(w: WithdrawalView) {
  const completeTime = withdrawalCompleteTime(w);
  return {
    id: w.withdrawalId,
    amount: w.amount,
    transactionFee: w.networkFee,
    coin: w.asset,
    status: WITHDRAW_STATUS[w.status],
    address: w.address,
    txId: w.txId ?? '',
    applyTime: binanceDateTime(w.time),
    network: w.asset,
    transferType: 0,
    info: w.reason ?? '',
    confirmNo: w.confirmations,
    walletType: 0,
    txKey: '',
    ...(completeTime !== undefined && { completeTime: binanceDateTime(completeTime) }),
    ...(w.clientWithdrawalId !== null && { withdrawOrderId: w.clientWithdrawalId }),
  };
}
