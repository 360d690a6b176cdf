import { type Registry } from 'prom-client';

import { STREAMS, type SubmitOrderReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { JetStreamAdmin } from '@exchange/shared-data-access-nats';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

import { WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('olga', 'USDT', '50000');
});
afterAll(() => h?.close());

const order = (clientOrderId: string) => ({
  userId: 'olga',
  clientOrderId,
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  price: '30000.00',
  quantity: '0.1',
});

/** One sample of the wallet's registry (no labels), as `/metrics` would serve it. */
async function sample(name: string): Promise<number> {
  const registry = h.app!.get<Registry>(METRICS_REGISTRY, { strict: false });
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return Number((metric?.values as { value: number }[] | undefined)?.[0]?.value ?? NaN);
}

describe('outbox metrics', () => {
  it('keep measuring the backlog and its age while publishing fails, and count the failed passes', async () => {
    await h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, order('o-1'));
    await waitFor(async () => (await h.commands()).length === 1);
    await waitFor(async () => (await sample('wallet_outbox_unsent')) === 0);
    expect(await sample('wallet_outbox_publish_failures_total')).toBe(0);

    // JetStream loses the CMD stream: every relay pass fails from now on.
    await new JetStreamAdmin(h.jsm, h.names).deleteStream(STREAMS.CMD.name);
    await h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, order('o-2'));

    await waitFor(async () => (await sample('wallet_outbox_publish_failures_total')) >= 1);
    await waitFor(async () => (await sample('wallet_outbox_unsent')) === 1);
    const age = await waitFor(async () => {
      const seconds = await sample('wallet_outbox_lag_seconds');
      return seconds > 0.5 ? seconds : undefined;
    });
    expect(age).toBeGreaterThan(0.5);
  });
});
