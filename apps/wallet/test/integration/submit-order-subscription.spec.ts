import { randomUUID } from 'node:crypto';

import { type Registry } from 'prom-client';

import {
  SUBMIT_ORDERS_MAX,
  type SubmitOrderReply,
  type SubmitOrdersReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { MALFORMED_MESSAGE } from '@exchange/shared-data-access-nats';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

import { WalletHarness } from './wallet-harness';

/**
 * `wallet.cmd.submit-order.v1` on its own subscription (`SubmitOrderSubscription`): what the gateway and Nest's
 * `ClientNats` get back is what they got from the `@MessagePattern` handler: the reply packets, the typed errors,
 * idempotency, the refusal of bytes that are not JSON, and the request metrics. Then the batch beside it,
 * `wallet.cmd.submit-orders.v1`: each submission's own outcome, in the request's order.
 */
jest.setTimeout(90_000);

let h: WalletHarness;
let subject: string;
beforeAll(async () => {
  h = await WalletHarness.start();
  subject = h.names.subject(WALLET_SUBJECTS.cmd.submitOrder);
  await h.faucet('dora', 'USDT', '50000');
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

describe('submit-orders: a batch of submissions', () => {
  const batch = (orders: unknown[]) => h.rpc<SubmitOrdersReply>(WALLET_SUBJECTS.cmd.submitOrders, { orders });
  const held = async (userId: string) =>
    (
      await h.query<{ balance: string }>(
        `select balance::text from ledger_account where user_id = $1 and asset = 'USDT' and kind = 'HELD'`,
        [userId],
      )
    )[0]?.balance ?? '0';

  it('answers each submission as submit-order would, in the request order, and stores only the placed ones', async () => {
    const heldBefore = BigInt(await held('dora'));
    const { results } = await batch([
      order('b-1'),
      order('b-2', { quantity: undefined }),
      order('b-3', { symbol: 'NOPE-USDT' }),
      order('b-4', { quantity: '100' }),
      order('b-5', { price: '29000.00' }),
      order('b-1'),
      order('b-1', { price: '28000.00' }),
      'not an order',
    ]);
    expect(results).toHaveLength(8);
    const [b1, b2, b3, b4, b5, again, conflict, junk] = results;
    expect(b1).toEqual({ placed: expect.objectContaining({ clientOrderId: 'b-1', duplicate: false }) });
    expect(b2).toEqual({
      error: { code: WALLET_RPC_ERRORS.VALIDATION_FAILED, message: expect.stringContaining('quantity') },
    });
    expect(b3).toEqual({
      error: { code: WALLET_RPC_ERRORS.UNKNOWN_MARKET, message: 'unknown market NOPE-USDT' },
    });
    expect(b4).toEqual({ error: { code: 2101, message: expect.stringContaining('insufficient funds') } });
    expect(b5).toEqual({ placed: expect.objectContaining({ clientOrderId: 'b-5', duplicate: false }) });
    // The same (user, clientOrderId) twice in one batch: the repeat is the first order again, a change a conflict.
    const first = 'placed' in b1! ? b1.placed : undefined;
    expect(again).toEqual({
      placed: expect.objectContaining({ orderId: first?.orderId, orderNo: first?.orderNo, duplicate: true }),
    });
    expect(conflict).toEqual({ error: expect.objectContaining({ code: 2102 }) });
    expect(junk).toEqual({ error: expect.objectContaining({ code: WALLET_RPC_ERRORS.VALIDATION_FAILED }) });

    const stored = await h.query<{ client_order_id: string }>(
      `select client_order_id from wallet_order where user_id = 'dora' and client_order_id like 'b-%' order by 1`,
    );
    expect(stored.map((r) => r.client_order_id)).toEqual(['b-1', 'b-5']);
    const placedHolds = [b1, b5].map((r) => BigInt(r && 'placed' in r ? r.placed.hold.units : -1));
    expect(BigInt(await held('dora')) - heldBefore).toBe(placedHolds[0]! + placedHolds[1]!);
  });

  it("decides the holds in the request's order: the first that fits is placed, the next one refused", async () => {
    await h.faucet('erin', 'USDT', '5000');
    const mine = (clientOrderId: string) => ({ ...order(clientOrderId), userId: 'erin' });
    const { results } = await batch([mine('e-1'), mine('e-2')]);
    expect(results[0]).toEqual({ placed: expect.objectContaining({ clientOrderId: 'e-1' }) });
    expect(results[1]).toEqual({ error: expect.objectContaining({ code: 2101 }) });
  });

  it(`refuses an empty batch or one of more than ${SUBMIT_ORDERS_MAX} as a whole, storing nothing`, async () => {
    const before = await h.snapshot();
    const tooMany = Array.from({ length: SUBMIT_ORDERS_MAX + 1 }, (_, i) => order(`m-${i}`));
    for (const orders of [[], tooMany, undefined]) {
      expect(await h.rpcError(WALLET_SUBJECTS.cmd.submitOrders, { orders })).toMatchObject({
        code: WALLET_RPC_ERRORS.VALIDATION_FAILED,
        message: expect.stringContaining('orders'),
      });
    }
    expect(await h.snapshot()).toBe(before);
  });
});
