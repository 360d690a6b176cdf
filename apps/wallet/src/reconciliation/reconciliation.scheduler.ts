import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type WalletConfig } from '../config/wallet.config';
import { LedgerQueryService } from './ledger-query.service';

/**
 * Reconciles the ledger every WALLET_RECONCILE_INTERVAL_MS (0: never) and reports the number of issues as
 * `wallet_reconciliation_issues` (alert on > 0), with an error log listing them.
 */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private readonly issues: Gauge;
  private readonly lastRun: Gauge;

  constructor(
    private readonly queries: LedgerQueryService,
    @InjectConfig() private readonly config: WalletConfig,
    @InjectLogger() private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.issues = new Gauge({
      name: 'wallet_reconciliation_issues',
      help: 'Issues the last ledger reconciliation found (0 when clean)',
      registers: [registry],
    });
    this.lastRun = new Gauge({
      name: 'wallet_reconciliation_last_run_seconds',
      help: 'Unix time of the last completed reconciliation',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    const interval = this.config.WALLET_RECONCILE_INTERVAL_MS;
    if (interval > 0) this.timer = setInterval(() => void this.runOnce(), interval);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  async runOnce(): Promise<void> {
    if (this.pass) return this.pass;
    this.pass = (async () => {
      try {
        const report = await this.queries.reconcile();
        this.issues.set(report.issues.length);
        this.lastRun.set(Date.now() / 1000);
        if (!report.ok)
          this.logger.error({ issues: report.issues.slice(0, 50) }, 'ledger reconciliation found issues');
      } catch (error) {
        this.logger.error({ err: error }, 'ledger reconciliation failed');
      } finally {
        this.pass = undefined;
      }
    })();
    return this.pass;
  }
}
