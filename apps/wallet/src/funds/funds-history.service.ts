import { Injectable } from '@nestjs/common';

import {
  type DepositsReply,
  type DepositsRequest,
  type PendingWithdrawalsReply,
  type PendingWithdrawalsRequest,
  type ReviewWithdrawalRequest,
  WALLET_RPC_ERRORS,
  type WithdrawalReply,
  type WithdrawalsReply,
  type WithdrawalsRequest,
  type WithdrawalView,
} from '@exchange/shared-contracts';
import { formatDecimal } from '@exchange/shared-domain-money';
import { buildWithdrawalFailed } from '@exchange/wallet-domain';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { WalletError } from '../errors/wallet.error';
import { LedgerRepository } from '../ledger/ledger.repository';
import { type AssetRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { BalanceNotifierService } from './balance-notifier.service';
import { FundsHistoryRepository, type WithdrawalHistoryRow } from './funds-history.repository';
import { FundsRepository } from './funds.repository';

/**
 * The user's deposit and withdrawal history, and the operators' side of withdrawals above the approval threshold:
 * the list of those waiting, approve (on to REQUESTED, nothing moves) and reject (REJECTED, the amount back to
 * the user's available balance in one journal transaction).
 */
@Injectable()
export class FundsHistoryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly history: FundsHistoryRepository,
    private readonly funds: FundsRepository,
    private readonly ledger: LedgerRepository,
    private readonly notifier: BalanceNotifierService,
  ) {}

  async deposits(request: DepositsRequest): Promise<DepositsReply> {
    const assets = await this.assetsFor(request.asset);
    const rows = await this.uow.run((tx) => this.history.deposits(tx, request));
    return {
      deposits: rows.map((r) => ({
        depositId: r.depositId,
        asset: r.asset,
        amount: formatDecimal(r.amount, assets.get(r.asset)!.decimals),
        source: r.source,
        status: r.status,
        time: r.createdAtMs,
        creditTime: r.creditedAtMs,
        confirmations: r.confirmations,
        requiredConfirmations: r.requiredConfirmations,
        address: r.address ?? '',
      })),
    };
  }

  async withdrawals(request: WithdrawalsRequest): Promise<WithdrawalsReply> {
    const assets = await this.assetsFor(request.asset);
    const rows = await this.uow.run((tx) => this.history.withdrawals(tx, request));
    return { withdrawals: rows.map((r) => toView(r, assets.get(r.asset)!)) };
  }

  async pending(request: PendingWithdrawalsRequest): Promise<PendingWithdrawalsReply> {
    const assets = await this.reference.assets();
    const rows = await this.uow.run((tx) => this.history.pendingApproval(tx, request.limit));
    return { withdrawals: rows.map((r) => ({ ...toView(r, assets.get(r.asset)!), userId: r.userId })) };
  }

  /** PENDING_APPROVAL → REQUESTED. Approving an approved one again answers the same; anything else is 2911. */
  approve(request: ReviewWithdrawalRequest): Promise<WithdrawalReply> {
    return this.review(request, 'REQUESTED');
  }

  /** PENDING_APPROVAL → REJECTED with the amount back. Rejecting a rejected one again answers the same. */
  async reject(request: ReviewWithdrawalRequest): Promise<WithdrawalReply> {
    return this.review(request, 'REJECTED');
  }

  private async review(
    request: ReviewWithdrawalRequest,
    decision: 'REQUESTED' | 'REJECTED',
  ): Promise<WithdrawalReply> {
    const assets = await this.reference.assets();
    let moved = false;
    const reply = await this.uow.run(async (tx) => {
      moved = false;
      const row = await this.funds.lockWithdrawal(tx, request.withdrawalId);
      if (!row) {
        throw new WalletError(
          WALLET_RPC_ERRORS.WITHDRAWAL_NOT_FOUND,
          `no withdrawal ${request.withdrawalId}`,
        );
      }
      const stored = (await this.history.withdrawal(tx, row.withdrawalId))!;
      const asset = assets.get(row.asset)!;
      // The same decision again (a retry) answers what it did; it must have been this decision, not a later state.
      if (row.status === decision && stored.reviewedBy !== null)
        return toReply({ ...row, status: decision }, asset);
      if (row.status !== 'PENDING_APPROVAL') {
        throw new WalletError(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING, `withdrawal is ${row.status}`);
      }
      if (decision === 'REJECTED') {
        const back = buildWithdrawalFailed(row);
        if (!back.ok) throw WalletError.from(back);
        await this.ledger.apply(tx, [back.value]);
        moved = true;
      }
      await this.history.review(tx, row.withdrawalId, decision, request.operator, request.reason ?? null);
      return toReply({ ...row, status: decision }, asset);
    });
    if (moved) this.notifier.notify([reply.userId]);
    return reply;
  }

  private async assetsFor(code: string | undefined): Promise<Map<string, AssetRecord>> {
    const assets = await this.reference.assets();
    if (code !== undefined && !assets.has(code)) {
      throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_ASSET, `unknown asset ${code}`);
    }
    return assets;
  }
}

function toView(r: WithdrawalHistoryRow, asset: AssetRecord): WithdrawalView {
  return {
    withdrawalId: r.withdrawalId,
    asset: r.asset,
    amount: formatDecimal(r.amount, asset.decimals),
    networkFee: formatDecimal(r.networkFee, asset.decimals),
    address: r.address,
    status: r.status,
    reason: r.failureReason,
    reviewedBy: r.reviewedBy,
    txId: r.txId,
    confirmations: r.confirmations,
    time: r.createdAtMs,
    updateTime: r.updatedAtMs,
    clientWithdrawalId: r.clientWithdrawalId,
  };
}

function toReply(
  row: Omit<WithdrawalHistoryRow, 'reviewedBy' | 'txId' | 'confirmations' | 'createdAtMs' | 'updatedAtMs'>,
  asset: AssetRecord,
): WithdrawalReply {
  return {
    withdrawalId: row.withdrawalId,
    userId: row.userId,
    asset: row.asset,
    amount: formatDecimal(row.amount, asset.decimals),
    networkFee: formatDecimal(row.networkFee, asset.decimals),
    address: row.address,
    status: row.status,
    clientWithdrawalId: row.clientWithdrawalId,
  };
}
