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
    if (!this.together) {
      this.perRequest.observe(1);
      return this.services.request(WALLET_SUBJECTS.cmd.submitOrder, submission, submitOrderReplySchema);
    }
    return new Promise((resolve, reject) => {
      if (this.queue.push({ submission, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    for (let i = 0; i < queued.length; i += SUBMIT_ORDERS_MAX) {
      const batch = queued.slice(i, i + SUBMIT_ORDERS_MAX);
      this.perRequest.observe(batch.length);
      if (batch.length === 1) this.sendOne(batch[0]!);
      else this.sendMany(batch);
    }
  }

  private sendOne({ submission, resolve, reject }: Pending): void {
    this.services
      .request(WALLET_SUBJECTS.cmd.submitOrder, submission, submitOrderReplySchema)
      .then(resolve, reject);
  }

  private sendMany(batch: Pending[]): void {
    this.services
      .request(
        WALLET_SUBJECTS.cmd.submitOrders,
        { orders: batch.map((p) => p.submission) },
        submitOrdersReplySchema,
      )
      .then(
        ({ results }) => {
          if (results.length !== batch.length) {
            const error = new Error(
              `submit-orders answered ${results.length} results for ${batch.length} orders`,
            );
            for (const p of batch) p.reject(error);
            return;
          }
          batch.forEach((p, i) => {
            const result = results[i]!;
            if ('placed' in result) p.resolve(result.placed);
            else p.reject(new ServiceRequestError(WALLET_SUBJECTS.cmd.submitOrder, result.error));
          });
        },
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      );
  }
}
