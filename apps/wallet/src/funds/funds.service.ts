import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  type BalanceMovement,
  type CompleteWithdrawalRequest,
  type ConfirmDepositRequest,
  type DepositReply,
  type FailWithdrawalRequest,
  type FaucetDepositRequest,
  type RequestWithdrawalRequest,
  WALLET_RPC_ERRORS,
  type WithdrawalReply,
} from '@exchange/shared-contracts';
import { formatDecimal, parseDecimal } from '@exchange/shared-domain-money';
import {
  buildDepositConfirmed,
  buildDepositDetected,
  buildFaucetDeposit,
  buildWithdrawalCompleted,
  buildWithdrawalFailed,
  buildWithdrawalRequested,
  type JournalTransaction,
  WalletErrorCode,
} from '@exchange/wallet-domain';
import { InjectConfig } from '@exchange/shared-util-config';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { type WalletConfig } from '../config/wallet.config';
import { WalletError } from '../errors/wallet.error';
import { LedgerRepository } from '../ledger/ledger.repository';
import { MAX_AMOUNT_UNITS } from '../orders/order-request.mapper';
import { type AssetRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { BalanceNotifierService } from './balance-notifier.service';
import { FundsRepository, type WithdrawalRow } from './funds.repository';
import { needsApproval } from './withdrawal-approval.policy';

function must(
  result: { ok: true; value: JournalTransaction } | { ok: false; code: number; message: string },
) {
  if (!result.ok) throw WalletError.from(result);
  return result.value;
}

/** Deposits (faucet and confirmed chain deposits) and withdrawals, each state change a journal transaction. */
@Injectable()
export class FundsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly ledger: LedgerRepository,
    private readonly funds: FundsRepository,
    private readonly notifier: BalanceNotifierService,
    @InjectConfig() private readonly config: WalletConfig,
  ) {}

  /**
   * Publishes the user's balances once `work` has committed, naming the deposit or withdrawal that `movement` reports
   * (none when the work was a replay or changed nothing available).
   */
  private async notifying<T extends { userId: string }>(
    work: Promise<T>,
    movement: () => BalanceMovement | undefined = () => undefined,
  ): Promise<T> {
    const reply = await work;
    const moved = movement();
    if (moved) this.notifier.notifyMovement(reply.userId, moved);
    else this.notifier.notify([reply.userId]);
    return reply;
  }

  async faucet(request: FaucetDepositRequest): Promise<DepositReply> {
    if (!this.config.WALLET_FAUCET_ENABLED) {
      throw new WalletError(WALLET_RPC_ERRORS.FAUCET_DISABLED, 'the development faucet is disabled');
    }
    const asset = await this.enabledAsset(request.asset);
    const amount = this.amount(request.amount, asset, 'amount');
    const key = `faucet:${request.userId}:${request.idempotencyKey}`;
    const fingerprint = JSON.stringify([request.asset, amount.toString()]);
    let moved: BalanceMovement | undefined;
    return this.notifying(
      this.uow.run(async (tx) => {
        moved = undefined; // a retried transaction starts afresh
        const previous = await this.funds.claimKey(tx, key, fingerprint);
        if (previous) return this.replay<DepositReply>(previous, fingerprint, `idempotency key ${key}`);
        const depositId = randomUUID();
        const movement = { depositId, userId: request.userId, asset: asset.code, amount };
        await this.funds.insertDeposit(tx, { ...movement, source: 'FAUCET' });
        await this.ledger.apply(tx, [must(buildFaucetDeposit(movement))]);
        const reply: DepositReply = {
          depositId,
          userId: request.userId,
          asset: asset.code,
          amount: formatDecimal(amount, asset.decimals),
          status: 'CONFIRMED',
        };
        await this.funds.storeResponse(tx, key, reply);
        moved = { kind: 'DEPOSIT', asset: asset.code, delta: reply.amount };
        return reply;
      }),
      () => moved,
    );
  }

  /** A chain deposit with enough confirmations; `depositId` makes it idempotent. */
  async confirmDeposit(request: ConfirmDepositRequest): Promise<DepositReply> {
    const asset = await this.enabledAsset(request.asset);
    const amount = this.amount(request.amount, asset, 'amount');
    const movement = { depositId: request.depositId, userId: request.userId, asset: asset.code, amount };
    const reply: DepositReply = {
      depositId: request.depositId,
      userId: request.userId,
      asset: asset.code,
      amount: formatDecimal(amount, asset.decimals),
      status: 'CONFIRMED',
    };
    let moved: BalanceMovement | undefined;
    return this.notifying(
      this.uow.run(async (tx) => {
        moved = undefined; // a retried transaction starts afresh
        const existing = await this.funds.insertDeposit(tx, { ...movement, source: 'CHAIN' });
        if (existing) {
          if (
            existing.userId !== movement.userId ||
            existing.asset !== movement.asset ||
            existing.amount !== amount
          ) {
            throw new WalletError(
              WalletErrorCode.IDEMPOTENCY_CONFLICT,
              `deposit ${request.depositId} was already credited with other details`,
            );
          }
          if (existing.status === 'CONFIRMED') return reply;
          if (existing.status === 'REVERTED') {
            // Its in-flight amount was taken back when the chain lost the transfer: nothing is left to credit.
            throw new WalletError(
              WalletErrorCode.DEPOSIT_REVERTED,
              `deposit ${request.depositId} was reverted: its transfer left the chain`,
            );
          }
          // Detected by the chain watcher and still waiting: this confirmation credits it (once).
          await this.ledger.apply(tx, [must(buildDepositConfirmed(movement))]);
          await this.funds.markDepositCredited(tx, request.depositId);
          moved = { kind: 'DEPOSIT', asset: asset.code, delta: reply.amount };
          return reply;
        }
        await this.ledger.apply(tx, [
          must(buildDepositDetected(movement)),
          must(buildDepositConfirmed(movement)),
        ]);
        moved = { kind: 'DEPOSIT', asset: asset.code, delta: reply.amount };
        return reply;
      }),
      () => moved,
    );
  }

  /**
   * Idempotent per key: with a `clientWithdrawalId` the key is the user's client id (`idempotencyKey` is not used, so
   * a repeat with the same asset, amount and address answers the first withdrawal whatever its `idempotencyKey`, and
   * one with others is 2102), else the user's `idempotencyKey` as before. The two kinds of key have their own
   * prefixes (`withdrawal-client:` / `withdrawal:`), so neither can answer for the other.
   */
  async requestWithdrawal(request: RequestWithdrawalRequest): Promise<WithdrawalReply> {
    const asset = await this.enabledAsset(request.asset);
    const amount = this.amount(request.amount, asset, 'amount');
    const clientWithdrawalId = request.clientWithdrawalId ?? null;
    const key =
      clientWithdrawalId === null
        ? `withdrawal:${request.userId}:${request.idempotencyKey}`
        : `withdrawal-client:${request.userId}:${clientWithdrawalId}`;
    const keyName =
      clientWithdrawalId === null ? `idempotency key ${key}` : `clientWithdrawalId ${clientWithdrawalId}`;
    const fingerprint = JSON.stringify([request.asset, amount.toString(), request.address]);
    let moved: BalanceMovement | undefined;
    return this.notifying(
      this.uow.run(async (tx) => {
        moved = undefined; // a retried transaction starts afresh
        const previous = await this.funds.claimKey(tx, key, fingerprint);
        if (previous) {
          const first = this.replay<Partial<WithdrawalReply>>(previous, fingerprint, keyName);
          // A reply stored before migration 1765000000009 has no clientWithdrawalId: it named none.
          return { ...first, clientWithdrawalId: first.clientWithdrawalId ?? null } as WithdrawalReply;
        }
        const row: WithdrawalRow = {
          withdrawalId: randomUUID(),
          userId: request.userId,
          asset: asset.code,
          amount,
          networkFee: 0n,
          address: request.address,
          // Above the asset's approval threshold it waits for an operator (the funds are held meanwhile).
          status: needsApproval(this.config.WALLET_WITHDRAWAL_APPROVAL_ABOVE, asset, amount)
            ? 'PENDING_APPROVAL'
            : 'REQUESTED',
          failureReason: null,
          clientWithdrawalId,
        };
        await this.funds.insertWithdrawal(tx, row);
        await this.ledger.apply(tx, [must(buildWithdrawalRequested(row))]);
        const reply = this.withdrawalReply(row, asset);
        await this.funds.storeResponse(tx, key, reply);
        moved = { kind: 'WITHDRAWAL', asset: asset.code, delta: `-${reply.amount}` };
        return reply;
      }),
      () => moved,
    );
  }

  async completeWithdrawal(request: CompleteWithdrawalRequest): Promise<WithdrawalReply> {
    const assets = await this.reference.assets();
    return this.notifying(
      this.uow.run(async (tx) => {
        const row = await this.pending(tx, request.withdrawalId);
        const asset = assets.get(row.asset)!;
        const networkFee = request.networkFee
          ? this.amount(request.networkFee, asset, 'networkFee', true)
          : 0n;
        if (row.status === 'COMPLETED' && row.networkFee === networkFee)
          return this.withdrawalReply(row, asset);
        this.assertRequested(row);
        await this.ledger.apply(tx, [must(buildWithdrawalCompleted({ ...row, networkFee }))]);
        await this.funds.finishWithdrawal(tx, row.withdrawalId, 'COMPLETED', networkFee, null);
        return this.withdrawalReply({ ...row, networkFee, status: 'COMPLETED' }, asset);
      }),
    );
  }

  async failWithdrawal(request: FailWithdrawalRequest): Promise<WithdrawalReply> {
    const assets = await this.reference.assets();
    let moved: BalanceMovement | undefined;
    return this.notifying(
      this.uow.run(async (tx) => {
        moved = undefined; // a retried transaction starts afresh
        const row = await this.pending(tx, request.withdrawalId);
        const asset = assets.get(row.asset)!;
        if (row.status === 'FAILED') return this.withdrawalReply(row, asset);
        this.assertRequested(row);
        await this.ledger.apply(tx, [must(buildWithdrawalFailed(row))]);
        await this.funds.finishWithdrawal(tx, row.withdrawalId, 'FAILED', 0n, request.reason);
        const reply = this.withdrawalReply({ ...row, status: 'FAILED' }, asset);
        moved = { kind: 'WITHDRAWAL', asset: row.asset, delta: reply.amount };
        return reply;
      }),
      () => moved,
    );
  }

  private async pending(
    tx: Parameters<FundsRepository['lockWithdrawal']>[0],
    id: string,
  ): Promise<WithdrawalRow> {
    const row = await this.funds.lockWithdrawal(tx, id);
    if (!row) throw new WalletError(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_FOUND, `no withdrawal ${id}`);
    return row;
  }

  /** Operators (or a watcher outside the wallet) finish a withdrawal waiting to be sent or already sent. */
  private assertRequested(row: WithdrawalRow): void {
    if (row.status !== 'REQUESTED' && row.status !== 'SENT') {
      throw new WalletError(WALLET_RPC_ERRORS.WITHDRAWAL_NOT_PENDING, `withdrawal is ${row.status}`);
    }
  }

  private withdrawalReply(row: WithdrawalRow, asset: AssetRecord): WithdrawalReply {
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

  /** The first reply under a claimed key, or 2102 when that request differed (`keyName` says which key). */
  private replay<T>(
    previous: { fingerprint: string; response: unknown },
    fingerprint: string,
    keyName: string,
  ): T {
    if (previous.fingerprint !== fingerprint) {
      throw new WalletError(WalletErrorCode.IDEMPOTENCY_CONFLICT, `${keyName} was used for another request`);
    }
    return previous.response as T;
  }

  private async enabledAsset(code: string): Promise<AssetRecord> {
    const asset = await this.reference.asset(code);
    if (!asset) throw new WalletError(WALLET_RPC_ERRORS.UNKNOWN_ASSET, `unknown asset ${code}`);
    if (!asset.enabled) throw new WalletError(WALLET_RPC_ERRORS.ASSET_DISABLED, `${code} is disabled`);
    return asset;
  }

  private amount(text: string, asset: AssetRecord, field: string, allowZero = false): bigint {
    const parsed = parseDecimal(text, asset.decimals, { allowExcessZeros: true, max: MAX_AMOUNT_UNITS });
    if (!parsed.ok) throw new WalletError(parsed.code, `${field}: ${parsed.message}`);
    if (parsed.value === 0n && !allowZero) {
      throw new WalletError(WalletErrorCode.INVALID_AMOUNT, `${field} must be positive`);
    }
    return parsed.value;
  }
}
