import { execFileSync } from 'node:child_process';

import {
  type ExchangeServiceEnv,
  ExchangeHarness as WholeExchange,
  WORKSPACE_ROOT,
} from '@exchange/shared-util-testing';

/**
 * The whole exchange for one spec file: the shared harness of `@exchange/shared-util-testing` (every service a real
 * process on real PostgreSQL, Redis and NATS, under this run's own databases, key prefix and stream prefix) on a
 * `t_web_e2e_` run with BTC-USDT, the gateway serving the web build made at `start`. `stop` removes everything the
 * run created.
 */
export class ExchangeHarness extends WholeExchange {
  private errorsSince = 0;

  constructor() {
    super({
      tag: 'web_e2e',
      markets: 'BTC-USDT',
      env: { gateway: { RATE_LIMIT_WEIGHT_PER_MINUTE: '60000' } },
    });
  }

  /** The gateway's base URL, which serves the web build. */
  get baseUrl(): string {
    return this.base;
  }

  /** Builds the web page into `dist/apps/web`, where the gateway serves it from, then starts the exchange. */
  override async start(env: ExchangeServiceEnv = {}): Promise<void> {
    execFileSync('npx', ['vite', 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'error'], {
      cwd: WORKSPACE_ROOT,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    await super.start(env);
  }

  /** Error lines the services logged since the last call: shown with a failed journey to say why. */
  takeServiceErrors(): string[] {
    const since = this.errorsSince;
    this.errorsSince = Date.now();
    return this.errorLogs(since);
  }
}
