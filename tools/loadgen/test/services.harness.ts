import { ExchangeHarness } from '@exchange/shared-util-testing';

/**
 * The five services for the loadgen specs: the shared harness of `@exchange/shared-util-testing` on a `t_lg_` run
 * with the given markets; `stop()` removes everything the run created.
 */
export class ServicesHarness extends ExchangeHarness {
  constructor(markets: string) {
    super({ tag: 'lg', markets });
  }

  /** The gateway's base URL. */
  get baseUrl(): string {
    return this.base;
  }
}
