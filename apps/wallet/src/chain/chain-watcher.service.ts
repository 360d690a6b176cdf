import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { Counter, Gauge, type Registry } from 'prom-client';

import { type BalanceMovement } from '@exchange/shared-contracts';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { formatDecimal } from '@exchange/shared-domain-money';
import {
  buildDepositConfirmed,
  buildDepositDetected,
  buildDepositReverted,
  buildWithdrawalCompleted,
  buildWithdrawalFailed,
  chainDepositId,
  confirmationRule,
  detectAgain,
  type JournalTransaction,
  nextDepositStep,
  nextWithdrawalStep,
} from '@exchange/wallet-domain';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { type WalletConfig } from '../config/wallet.config';
import { WalletError } from '../errors/wallet.error';
import { BalanceNotifierService } from '../funds/balance-notifier.service';
import { FundsRepository } from '../funds/funds.repository';
import { LedgerRepository } from '../ledger/ledger.repository';
import { ReferenceDataRepository } from '../reference/reference-data.repository';
import { type ChainDepositRow, ChainFundsRepository, type SendingWithdrawal } from './chain-funds.repository';
import { CHAIN_WATCHER, type ChainWatcher, type ObservedTransfer } from './chain-watcher.port';
import { SimulatedChainRepository } from './simulated-chain.repository';

/** Blocks scanned again below the cursor on every pass, so that a transfer a reorg moved lower is still found. */
export const RESCAN_BLOCKS = 100;
/** Most pending deposits / withdrawals looked at in one pass. */
const BATCH = 500;

function must(
  result: { ok: true; value: JournalTransaction } | { ok: false; code: number; message: string },
) {
  if (!result.ok) throw WalletError.from(result);
  return result.value;
}

/**
 * Drives chain deposits and withdrawals from the configured `ChainWatcher`, every WALLET_CHAIN_POLL_MS:
 * 1. transfers to our deposit addresses become PENDING deposits (EXTERNAL → DEPOSITS_IN_FLIGHT,
 *    `deposit-detected:<txid:vout>`), once per `txid:vout` however often the chain shows them;
 * 2. pending deposits get their confirmations counted and, at the asset's threshold, are credited
 *    (DEPOSITS_IN_FLIGHT → the user's available balance, `deposit-confirmed:<txid:vout>`) exactly once: the row
 *    lock, its status and the journal's unique transaction id each guard it, across restarts; one whose transfer
 *    stays missing from the chain for WALLET_DEPOSIT_REVERT_BLOCKS blocks is REVERTED instead (DEPOSITS_IN_FLIGHT →
 *    EXTERNAL, `deposit-reverted:<txid:vout>`), as exactly once; a credited one is never reverted: it is reported
 *    lost (error log, `wallet_chain_deposits_total{event="lost"}`, `wallet_chain_lost_deposits`) for operators;
 * 3. REQUESTED withdrawals are broadcast (SENT with the txid) or, refused by the chain, FAILED with the funds back;
 * 4. SENT withdrawals complete (WITHDRAWALS_IN_FLIGHT → EXTERNAL and FEES) at the threshold, or fail with the funds
 *    back when the chain drops them.
 * Every state change is one PostgreSQL transaction with its journal entries. Nothing runs with the watcher off.
 */
@Injectable()
export class ChainWatcherService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private readonly required: (asset: string) => number;
  private readonly height: Gauge;
  private readonly pendingDeposits: Gauge;
  private readonly deposits: Counter<'event'>;
  private readonly withdrawals: Counter<'outcome'>;
  private readonly passErrors: Counter;
  private readonly lostDeposits: Gauge;

  constructor(
    @Inject(CHAIN_WATCHER) private readonly watcher: ChainWatcher | null,
    private readonly sim: SimulatedChainRepository,
    private readonly uow: UnitOfWork,
    private readonly chain: ChainFundsRepository,
    private readonly funds: FundsRepository,
    private readonly ledger: LedgerRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly notifier: BalanceNotifierService,
    @InjectConfig() private readonly config: WalletConfig,
    @InjectLogger() private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.height = new Gauge({
      name: 'wallet_chain_height',
      help: 'The chain tip the watcher saw on its last scan',
      registers: [registry],
    });
    this.pendingDeposits = new Gauge({
      name: 'wallet_chain_pending_deposits',
      help: 'Chain deposits detected and waiting for confirmations at the last pass',
      registers: [registry],
    });
    this.deposits = new Counter({
      name: 'wallet_chain_deposits_total',
      help: 'Chain deposits detected, credited, reverted (gone before the credit), redetected (back after a revert) and lost (gone after the credit)',
      labelNames: ['event'],
      registers: [registry],
    });
    this.withdrawals = new Counter({
      name: 'wallet_chain_withdrawals_total',
      help: 'Withdrawals sent, completed and failed through the chain watcher',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.passErrors = new Counter({
      name: 'wallet_chain_pass_errors_total',
      help: 'Chain watcher passes that failed (retried on the next one)',
      registers: [registry],
    });
    this.lostDeposits = new Gauge({
      name: 'wallet_chain_lost_deposits',
      help: 'Credited chain deposits whose transfer the chain no longer has (an operations incident)',
      registers: [registry],
    });
    const rule = confirmationRule(
      config.WALLET_DEPOSIT_CONFIRMATIONS,
      config.WALLET_DEPOSIT_CONFIRMATIONS_BY_ASSET,
    );
    if (!rule) throw new Error('WALLET_DEPOSIT_CONFIRMATIONS_BY_ASSET: expected ASSET=n,...');
    this.required = rule;
  }

  /** Confirmations that credit a deposit of `asset` (and complete a withdrawal of it). */
  requiredConfirmations(asset: string): number {
    return this.required(asset);
  }

  onApplicationBootstrap(): void {
    if (!this.watcher) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.WALLET_CHAIN_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  /** One pass (passes never overlap in a process; several processes are safe through row locks). */
  async runOnce(): Promise<void> {
    if (!this.watcher) return;
    if (this.pass) return this.pass;
    const watcher = this.watcher;
    this.pass = (async () => {
      try {
        if (watcher === this.sim && this.config.WALLET_SIM_BLOCK_MS > 0) {
          await this.sim.produceIfDue(this.config.WALLET_SIM_BLOCK_MS);
        }
        await this.detectDeposits(watcher);
        await this.countDeposits(watcher);
        await this.sendWithdrawals(watcher);
        await this.watchWithdrawals(watcher);
      } catch (error) {
        this.passErrors.inc();
        this.logger.error({ err: error }, 'chain watcher pass failed');
      } finally {
        this.pass = undefined;
      }
    })();
    return this.pass;
  }

  private async detectDeposits(watcher: ChainWatcher): Promise<void> {
    const cursor = await this.uow.run((tx) => this.chain.cursor(tx, watcher.name));
    const scan = await watcher.scan(Math.max(1, cursor - RESCAN_BLOCKS));
    const owners = await this.uow.run((tx) =>
      this.chain.owners(
        tx,
        scan.transfers.map((t) => t.address),
      ),
    );
    const assets = await this.reference.assets();
    const known = await this.uow.run((tx) =>
      this.chain.depositStates(tx, scan.transfers.filter((t) => owners.has(t.address)).map(chainDepositId)),
    );
    for (const t of scan.transfers) {
      const owner = owners.get(t.address);
      if (!owner) continue;
      const state = known.get(chainDepositId(t));
      if (state) {
        // Recorded already (every pass rescans): only a reverted one that came back may start a new round.
        if (detectAgain(state, this.config.WALLET_DEPOSIT_REDETECT_LIMIT)) await this.detectAgain(t);
        continue;
      }
      if (owner.asset !== t.asset || !assets.has(t.asset)) {
        // A real integration would have to hand such a deposit to operators; the wallet credits none.
        this.logger.warn(
          { depositId: chainDepositId(t), asset: t.asset, address: t.address },
          'deposit of another asset ignored',
        );
        continue;
      }
      await this.detect(owner.userId, t);
    }
    await this.uow.run((tx) => this.chain.saveCursor(tx, watcher.name, scan.tip));
    this.height.set(scan.tip);
  }

  private async detect(userId: string, t: ObservedTransfer): Promise<void> {
    const depositId = chainDepositId(t);
    const movement = { depositId, userId, asset: t.asset, amount: t.amount };
    const recorded = await this.uow.run(async (tx) => {
      const fresh = await this.chain.insertPending(tx, {
        ...movement,
        address: t.address,
        confirmations: 0,
        requiredConfirmations: this.required(t.asset),
      });
      if (fresh) await this.ledger.apply(tx, [must(buildDepositDetected(movement))]);
      return fresh;
    });
    if (recorded) {
      this.deposits.inc({ event: 'detected' });
      this.logger.info({ depositId, userId, asset: t.asset }, 'chain deposit detected');
      this.notifier.notify([userId]);
    }
  }

  /** A REVERTED deposit whose transfer is on the chain again: PENDING in its next round, once per round. */
  private async detectAgain(t: ObservedTransfer): Promise<void> {
    const depositId = chainDepositId(t);
    let again: ChainDepositRow | undefined;
    await this.uow.run(async (tx) => {
      again = undefined;
      const row = await this.chain.lockDeposit(tx, depositId);
      if (!row || !detectAgain(row, this.config.WALLET_DEPOSIT_REDETECT_LIMIT)) return;
      const round = row.round + 1;
      await this.chain.redetect(tx, depositId, this.required(row.asset));
      await this.ledger.apply(tx, [must(buildDepositDetected({ ...row, round }))]);
      again = { ...row, round };
    });
    if (again) {
      this.deposits.inc({ event: 'redetected' });
      this.logger.warn(
        { depositId, userId: again.userId, asset: again.asset, round: again.round },
        'reverted chain deposit is on the chain again: pending again',
      );
      this.notifier.notify([again.userId]);
    }
  }

  /**
   * Pending deposits: counted, credited or reverted. Credited ones below WATCH_CREDITED_CONFIRMATIONS: counted, and
   * reported lost when their transfer stays missing (never reverted). A transaction only when something changes.
   */
  private async countDeposits(watcher: ChainWatcher): Promise<void> {
    const watched = await this.uow.run((tx) => this.chain.watchedDeposits(tx, BATCH));
    this.pendingDeposits.set(watched.filter((d) => d.status === 'PENDING').length);
    if (watched.length > 0) {
      const { tip, sightings } = await watcher.sightings(
        watched.map((d) => {
          const split = d.depositId.lastIndexOf(':');
          return { txid: d.depositId.slice(0, split), vout: Number(d.depositId.slice(split + 1)) };
        }),
      );
      const assets = await this.reference.assets();
      const revertAfter = this.config.WALLET_DEPOSIT_REVERT_BLOCKS;
      for (const d of watched) {
        const sighting = sightings.get(d.depositId) ?? { kind: 'MISSING' };
        if (!this.changes(d, nextDepositStep(d, sighting, tip, revertAfter))) continue;
        let done: { kind: 'CREDIT' | 'REVERT' | 'LOST' | 'FOUND'; moved?: BalanceMovement } | undefined;
        await this.uow.run(async (tx) => {
          done = undefined;
          const row = await this.chain.lockDeposit(tx, d.depositId);
          if (!row) return;
          const step = nextDepositStep(row, sighting, tip, revertAfter);
          if (step.kind === 'CREDIT') {
            await this.ledger.apply(tx, [must(buildDepositConfirmed(row))]);
            await this.chain.markCredited(tx, row.depositId, step.confirmations);
            const delta = formatDecimal(row.amount, assets.get(row.asset)!.decimals);
            done = { kind: 'CREDIT', moved: { kind: 'DEPOSIT', asset: row.asset, delta } };
          } else if (step.kind === 'REVERT') {
            // Only DEPOSITS_IN_FLIGHT and EXTERNAL move: the user's balance never held it.
            await this.ledger.apply(tx, [must(buildDepositReverted(row))]);
            await this.chain.markReverted(tx, row.depositId);
            done = { kind: 'REVERT' };
          } else if (step.kind === 'LOST') {
            await this.chain.markLost(tx, row.depositId, step.missingSince);
            done = { kind: 'LOST' };
          } else if ((step.kind === 'WAIT' || step.kind === 'DONE') && this.changes(row, step)) {
            await this.chain.watchDeposit(tx, row.depositId, step.confirmations, step.missingSince);
            if (row.lost && step.kind === 'DONE' && !step.lost) done = { kind: 'FOUND' };
          }
        });
        this.report(d, tip, done);
      }
    }
    this.lostDeposits.set(await this.uow.run((tx) => this.chain.lostDeposits(tx)));
  }

  /** Whether the step changes the deposit (a count or a missing mark to record, or a credit, revert or loss). */
  private changes(d: ChainDepositRow, step: ReturnType<typeof nextDepositStep>): boolean {
    switch (step.kind) {
      case 'NONE':
        return false;
      case 'WAIT':
        return step.confirmations !== d.confirmations || step.missingSince !== d.missingSince;
      case 'DONE':
        return (
          step.confirmations !== d.confirmations ||
          step.missingSince !== d.missingSince ||
          step.lost !== d.lost
        );
      default:
        return true;
    }
  }

  private report(
    d: ChainDepositRow,
    tip: number,
    done: { kind: 'CREDIT' | 'REVERT' | 'LOST' | 'FOUND'; moved?: BalanceMovement } | undefined,
  ): void {
    const context = { depositId: d.depositId, userId: d.userId, asset: d.asset, tip };
    if (done?.kind === 'CREDIT') {
      this.pendingDeposits.dec();
      this.deposits.inc({ event: 'credited' });
      this.logger.info(context, 'chain deposit credited');
      this.notifier.notifyMovement(d.userId, done.moved!);
    } else if (done?.kind === 'REVERT') {
      this.pendingDeposits.dec();
      this.deposits.inc({ event: 'reverted' });
      this.logger.warn(context, 'chain deposit reverted: its transfer left the chain before the credit');
      this.notifier.notify([d.userId]);
    } else if (done?.kind === 'LOST') {
      this.deposits.inc({ event: 'lost' });
      this.logger.error(
        context,
        'credited chain deposit lost: its transfer left the chain after the credit (deep reorg); the credit stands, operators must act',
      );
    } else if (done?.kind === 'FOUND') {
      this.logger.warn(context, 'credited chain deposit reported lost is back on the chain');
    }
  }

  private async sendWithdrawals(watcher: ChainWatcher): Promise<void> {
    const waiting = await this.uow.run((tx) => this.chain.withdrawalsIn(tx, 'REQUESTED', BATCH));
    for (const w of waiting) {
      // Broadcast first, then record: after a crash in between, the next pass broadcasts again and the watcher
      // (idempotent per withdrawal id) answers the same transaction.
      const result = await watcher.broadcast(w);
      const changed = await this.uow.run(async (tx) => {
        const row = await this.chain.lockWithdrawal(tx, w.withdrawalId);
        if (row?.status !== 'REQUESTED') return false;
        if (result.ok) {
          await this.chain.markSent(tx, row.withdrawalId, result.txid);
        } else {
          await this.fail(tx, row, result.reason);
        }
        return true;
      });
      if (changed) {
        this.withdrawals.inc({ outcome: result.ok ? 'sent' : 'failed' });
        this.notifyWithdrawal(w, result.ok ? undefined : 'FAILED');
      }
    }
  }

  private async watchWithdrawals(watcher: ChainWatcher): Promise<void> {
    const sent = await this.uow.run((tx) => this.chain.withdrawalsIn(tx, 'SENT', BATCH));
    for (const w of sent) {
      const observation = await watcher.observe(w.txId!);
      const step = nextWithdrawalStep(observation, this.required(w.asset));
      const changed = await this.uow.run(async (tx) => {
        const row = await this.chain.lockWithdrawal(tx, w.withdrawalId);
        if (row?.status !== 'SENT' || row.txId !== w.txId) return false;
        if (step.kind === 'WAIT') {
          if (step.confirmations !== row.confirmations)
            await this.chain.setWithdrawalConfirmations(tx, row.withdrawalId, step.confirmations);
          return false;
        }
        if (step.kind === 'FAIL') {
          await this.fail(tx, row, step.reason);
          return true;
        }
        await this.ledger.apply(tx, [
          must(buildWithdrawalCompleted({ ...row, networkFee: step.networkFee })),
        ]);
        await this.funds.finishWithdrawal(tx, row.withdrawalId, 'COMPLETED', step.networkFee, null);
        await this.chain.setWithdrawalConfirmations(tx, row.withdrawalId, step.confirmations);
        return true;
      });
      if (changed) {
        this.withdrawals.inc({ outcome: step.kind === 'FAIL' ? 'failed' : 'completed' });
        this.notifyWithdrawal(w, step.kind === 'FAIL' ? 'FAILED' : undefined);
      }
    }
  }

  private async fail(
    tx: Parameters<LedgerRepository['apply']>[0],
    row: SendingWithdrawal,
    reason: string,
  ): Promise<void> {
    await this.ledger.apply(tx, [must(buildWithdrawalFailed(row))]);
    await this.funds.finishWithdrawal(tx, row.withdrawalId, 'FAILED', 0n, reason.slice(0, 200));
  }

  private notifyWithdrawal(w: SendingWithdrawal, outcome: 'FAILED' | undefined): void {
    if (outcome !== 'FAILED') return this.notifier.notify([w.userId]);
    void this.reference.asset(w.asset).then((asset) =>
      this.notifier.notifyMovement(w.userId, {
        kind: 'WITHDRAWAL',
        asset: w.asset,
        delta: formatDecimal(w.amount, asset!.decimals),
      }),
    );
  }
}
