import { Inject, Injectable } from '@nestjs/common';
import { Histogram, type Registry } from 'prom-client';

import {
  SUBMIT_ORDERS_MAX,
  type SubmitOrderReply,
  submitOrderReplySchema,
  type SubmitOrderRequest,
  submitOrdersReplySchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';

import { type GatewayConfig } from '../config/gateway.config';
import { ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';

interface Pending {
  submission: SubmitOrderRequest;
  resolve: (reply: SubmitOrderReply) => void;
  reject: (error: unknown) => void;
}

/**
 * Hands checked orders to the wallet, the submissions of one event-loop turn together: one order alone goes as
 * `wallet.cmd.submit-order.v1`, as it always has; two or more (up to `SUBMIT_ORDERS_MAX` a request) as one
 * `wallet.cmd.submit-orders.v1`, whose intake takes each exactly as it takes a single one (the same checks, holds,
 * idempotency and group commit), in the order they arrived. Each caller gets its own reply, or the error the single
 * request would have thrown (a `ServiceRequestError` with the wallet's `{ code, message }`). Under load many HTTP
 * orders are read in one turn; together they cost one NATS request and reply and one wallet handler instead of one
 * each (docs/gateway.md, "Orders of one turn together"). Nothing waits for a batch to fill: the turn's orders leave
 * at its end (`setImmediate`). `ORDER_SUBMIT_TOGETHER=false` sends each order alone.
 */
@Injectable()
export class OrderSubmitter {
  private queue: Pending[] = [];
  private readonly together: boolean;
  private readonly perRequest: Histogram;

  constructor(
    private readonly services: ServiceClientRepository,
    @InjectConfig() config: GatewayConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.together = config.ORDER_SUBMIT_TOGETHER;
    this.perRequest = new Histogram({
      name: 'gateway_order_submissions_per_request',
      help: 'Orders in each wallet request that submits orders (1: submit-order alone; more: submit-orders).',
      buckets: [1, 2, 5, 10, 20, 50],
      registers: [registry],
    });
  }

  submit(submission: SubmitOrderRequest): Promise<SubmitOrderReply> {
    if (!this.together) return this.one(submission);
    return new Promise((resolve, reject) => {
      if (this.queue.push({ submission, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  /**
   * Orders in one `submit-orders` request (up to `SUBMIT_ORDERS_MAX`, in this order): each one's reply, or its
   * refusal as a `ServiceRequestError`. A request that fails as a whole, or answers another number of results,
   * throws. gRPC `PlaceOrders` sends its orders through here, this class its turns of two or more.
   */
  async submitAll(
    submissions: readonly SubmitOrderRequest[],
  ): Promise<(SubmitOrderReply | ServiceRequestError)[]> {
    this.perRequest.observe(submissions.length);
    const { results } = await this.services.request(
      WALLET_SUBJECTS.cmd.submitOrders,
      { orders: submissions },
      submitOrdersReplySchema,
    );
    if (results.length !== submissions.length) {
      throw new Error(`submit-orders answered ${results.length} results for ${submissions.length} orders`);
    }
    return results.map((result) =>
      'placed' in result
        ? result.placed
        : new ServiceRequestError(WALLET_SUBJECTS.cmd.submitOrders, result.error),
    );
  }

  /** One order alone, as `submit-order`. */
  private one(submission: SubmitOrderRequest): Promise<SubmitOrderReply> {
    this.perRequest.observe(1);
    return this.services.request(WALLET_SUBJECTS.cmd.submitOrder, submission, submitOrderReplySchema);
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    for (let i = 0; i < queued.length; i += SUBMIT_ORDERS_MAX) {
      const batch = queued.slice(i, i + SUBMIT_ORDERS_MAX);
      if (batch.length === 1) {
        const { submission, resolve, reject } = batch[0]!;
        this.one(submission).then(resolve, reject);
      } else this.sendMany(batch);
    }
  }

  private sendMany(batch: readonly Pending[]): void {
    this.submitAll(batch.map((p) => p.submission)).then(
      (outcomes) =>
        batch.forEach((p, i) => {
          const outcome = outcomes[i]!;
          if (outcome instanceof ServiceRequestError) p.reject(outcome);
          else p.resolve(outcome);
        }),
      (error: unknown) => {
        for (const p of batch) p.reject(error);
      },
    );
  }
}
