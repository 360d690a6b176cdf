import { randomUUID } from 'node:crypto';

import { type Registry } from 'prom-client';

import { type SubmitOrderReply, WALLET_RPC_ERRORS, WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { MALFORMED_MESSAGE } from '@exchange/shared-data-access-nats';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

import { WalletHarness } from './wallet-harness';

/**
 * `wallet.cmd.submit-order.v1` on its own subscription (`SubmitOrderSubscription`): what the gateway and Nest's
 * `ClientNats` get back is what they got from the `@MessagePattern` handler: the reply packets, the typed errors,
 * idempotency, the refusal of bytes that are not JSON, and the request metrics.
 */
jest.setTimeout(90_000);

let h: WalletHarness;
let subject: string;
beforeAll(async () => {
  h = await WalletHarness.start();
  subject = h.names.subject(WALLET_SUBJECTS.cmd.submitOrder);
  await h.rpc(WALLET_SUBJECTS.cmd.faucetDeposit, {
    userId: 'dora',
    asset: 'USDT',
    amount: '50000',
    idempotencyKey: 'f1',
  });
});
afterAll(() => h?.close());

const order = (clientOrderId: string, extra: Record<string, unknown> = {}) => ({
  userId: 'dora',
  clientOrderId,
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  price: '30000.00',
  quantity: '0.1',
  ...extra,
});

/** A request the way the gateway sends it (`{ pattern, data, id }` on the prefixed subject), the reply packet parsed. */
async function raw(data: unknown, id: string = randomUUID()): Promise<Record<string, unknown>> {
  const body = typeof data === 'string' ? data : JSON.stringify({ pattern: subject, data, id });
  const reply = await h.nc.request(subject, new TextEncoder().encode(body), { timeout: 10_000 });
  return JSON.parse(new TextDecoder().decode(reply.data)) as Record<string, unknown>;
}

describe('submit-order over its own subscription', () => {
  it("answers Nest's reply packet: the response, disposed, with the request's id", async () => {
    const reply = await raw(order('p-1'), 'req-1');
    expect(Object.keys(reply)).toEqual(['response', 'isDisposed', 'id']);
    expect(reply).toMatchObject({
      isDisposed: true,
      id: 'req-1',
      response: { clientOrderId: 'p-1', status: 'PENDING', duplicate: false, hold: { asset: 'USDT' } },
    });
  });

  it('refuses bad submissions with the same typed errors, and stores nothing for them', async () => {
    const before = await h.snapshot();
    const invalid = await raw(order('p-2', { quantity: undefined }), 'req-2');
    expect(Object.keys(invalid)).toEqual(['err', 'isDisposed', 'id']);
    expect(invalid).toMatchObject({
      err: { code: WALLET_RPC_ERRORS.VALIDATION_FAILED, message: expect.stringContaining('quantity') },
      isDisposed: true,
      id: 'req-2',
    });
    expect(await h.rpcError(WALLET_SUBJECTS.cmd.submitOrder, order('p-3', { symbol: 'NOPE-USDT' }))).toEqual({
      code: WALLET_RPC_ERRORS.UNKNOWN_MARKET,
      message: 'unknown market NOPE-USDT',
    });
    expect(
      await h.rpcError(WALLET_SUBJECTS.cmd.submitOrder, order('p-4', { quantity: '100' })),
    ).toMatchObject({ code: 2101, message: expect.stringContaining('insufficient funds') });
    expect(await h.snapshot()).toBe(before);
  });

  it('stays idempotent on (user, clientOrderId): a repeat answers the first order, a change is a conflict', async () => {
    const first = await h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, order('p-5'));
    const [again, together] = await Promise.all([
      h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, order('p-5')),
      h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, order('p-5')),
    ]);
    for (const reply of [again, together]) {
      expect(reply).toMatchObject({ orderId: first.orderId, orderNo: first.orderNo, duplicate: true });
    }
    expect(
      await h.rpcError(WALLET_SUBJECTS.cmd.submitOrder, order('p-5', { price: '29000.00' })),
    ).toMatchObject({ code: 2102 });
    const rows = await h.query(
      `select 1 from wallet_order where user_id = 'dora' and client_order_id = 'p-5'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses bytes that are not a JSON request, and keeps serving', async () => {
    expect(await raw('{"pattern":')).toMatchObject({ err: { code: MALFORMED_MESSAGE }, status: 'error' });
    expect(await raw(order('p-6'))).toMatchObject({ response: { clientOrderId: 'p-6' } });
  });

  it('counts the requests by subject and outcome in the service metrics', async () => {
    const registry = h.app!.get<Registry>(METRICS_REGISTRY, { strict: false });
    const handled = await registry.getSingleMetricAsString('nats_server_handled_total');
    for (const code of ['OK', String(WALLET_RPC_ERRORS.VALIDATION_FAILED), '2101', MALFORMED_MESSAGE]) {
      expect(handled).toContain(`subject="${subject}",code="${code}",`);
    }
  });
});
