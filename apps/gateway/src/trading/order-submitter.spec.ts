import { Registry } from 'prom-client';

import { SUBMIT_ORDERS_MAX, type SubmitOrderRequest, WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { type GatewayConfig } from '../config/gateway.config';
import { type ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';
import { OrderSubmitter } from './order-submitter';

/** The wallet's side of the requests: each one recorded, answered by `answer`. */
class WalletStandIn {
  readonly requests: { subject: string; payload: unknown }[] = [];
  constructor(private readonly answer: (subject: string, payload: unknown) => Promise<unknown>) {}

  request(subject: string, payload: unknown): Promise<unknown> {
    this.requests.push({ subject, payload });
    return this.answer(subject, payload);
  }
}

const submission = (clientOrderId: string) => ({ clientOrderId }) as unknown as SubmitOrderRequest;
const placedOf = (s: unknown) => ({ orderNo: `no-${(s as { clientOrderId: string }).clientOrderId}` });
const refused = { code: 2101, message: 'insufficient funds' };

/** Answers each submission by its client id: `poor-*` refused, the others placed. */
async function walletAnswer(subject: string, payload: unknown): Promise<unknown> {
  const outcome = (s: unknown) =>
    (s as { clientOrderId: string }).clientOrderId.startsWith('poor')
      ? { error: refused }
      : { placed: placedOf(s) };
  if (subject === WALLET_SUBJECTS.cmd.submitOrders) {
    return { results: (payload as { orders: unknown[] }).orders.map(outcome) };
  }
  const one = outcome(payload);
  if ('error' in one) throw new ServiceRequestError(subject, refused);
  return one.placed;
}

function submitterWith(wallet: WalletStandIn, together = true) {
  const registry = new Registry();
  const config = { ORDER_SUBMIT_TOGETHER: together } as GatewayConfig;
  const submitter = new OrderSubmitter(wallet as unknown as ServiceClientRepository, config, registry);
  return { submitter, registry };
}

const settled = (promises: Promise<unknown>[]) =>
  Promise.allSettled(promises).then((all) =>
    all.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as ServiceRequestError).serviceError)),
  );

describe(OrderSubmitter.name, () => {
  it('sends an order alone as submit-order', async () => {
    const wallet = new WalletStandIn(walletAnswer);
    const { submitter } = submitterWith(wallet);
    await expect(submitter.submit(submission('a'))).resolves.toEqual({ orderNo: 'no-a' });
    await expect(submitter.submit(submission('poor'))).rejects.toBeInstanceOf(ServiceRequestError);
    expect(wallet.requests.map((r) => r.subject)).toEqual([
      WALLET_SUBJECTS.cmd.submitOrder,
      WALLET_SUBJECTS.cmd.submitOrder,
    ]);
  });

  it("sends one turn's orders as one submit-orders, in order, each answered with its own reply or refusal", async () => {
    const wallet = new WalletStandIn(walletAnswer);
    const { submitter, registry } = submitterWith(wallet);
    const answers = await settled(['a', 'poor-b', 'c'].map((id) => submitter.submit(submission(id))));
    expect(answers).toEqual([{ orderNo: 'no-a' }, refused, { orderNo: 'no-c' }]);
    expect(wallet.requests).toEqual([
      {
        subject: WALLET_SUBJECTS.cmd.submitOrders,
        payload: { orders: [submission('a'), submission('poor-b'), submission('c')] },
      },
    ]);
    const histogram = await registry.getSingleMetricAsString('gateway_order_submissions_per_request');
    expect(histogram).toContain('gateway_order_submissions_per_request_sum 3');
    expect(histogram).toContain('gateway_order_submissions_per_request_count 1');
  });

  it('splits a turn of more than SUBMIT_ORDERS_MAX orders into requests of at most that many', async () => {
    const wallet = new WalletStandIn(walletAnswer);
    const { submitter } = submitterWith(wallet);
    const ids = Array.from({ length: SUBMIT_ORDERS_MAX * 2 + 1 }, (_, i) => `o${i}`);
    const answers = await Promise.all(ids.map((id) => submitter.submit(submission(id))));
    expect(answers).toEqual(ids.map((id) => ({ orderNo: `no-${id}` })));
    expect(wallet.requests.map((r) => r.subject)).toEqual([
      WALLET_SUBJECTS.cmd.submitOrders,
      WALLET_SUBJECTS.cmd.submitOrders,
      WALLET_SUBJECTS.cmd.submitOrder,
    ]);
    expect(wallet.requests.map((r) => (r.payload as { orders?: unknown[] }).orders?.length ?? 1)).toEqual([
      SUBMIT_ORDERS_MAX,
      SUBMIT_ORDERS_MAX,
      1,
    ]);
  });

  it('fails every order of a request that failed as a whole, and only those', async () => {
    let calls = 0;
    const wallet = new WalletStandIn(async (subject, payload) => {
      if (calls++ === 0) throw new Error('no responders');
      return walletAnswer(subject, payload);
    });
    const { submitter } = submitterWith(wallet);
    const first = await Promise.allSettled(['a', 'b'].map((id) => submitter.submit(submission(id))));
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(submitter.submit(submission('c'))).resolves.toEqual({ orderNo: 'no-c' });
  });

  it('refuses the whole request when the wallet answers a different number of results', async () => {
    const wallet = new WalletStandIn(async () => ({ results: [{ placed: { orderNo: 'x' } }] }));
    const { submitter } = submitterWith(wallet);
    const answers = await Promise.allSettled(['a', 'b'].map((id) => submitter.submit(submission(id))));
    expect(answers.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('sends each order alone when ORDER_SUBMIT_TOGETHER is off', async () => {
    const wallet = new WalletStandIn(walletAnswer);
    const { submitter } = submitterWith(wallet, false);
    await Promise.all(['a', 'b'].map((id) => submitter.submit(submission(id))));
    expect(wallet.requests.map((r) => r.subject)).toEqual([
      WALLET_SUBJECTS.cmd.submitOrder,
      WALLET_SUBJECTS.cmd.submitOrder,
    ]);
  });
});
