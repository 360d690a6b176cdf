import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type NatsConnection } from 'nats';
import { type Registry } from 'prom-client';

import {
  QUEUE_GROUPS,
  submitOrderRequestSchema,
  type SubmitOrdersReply,
  submitOrdersRequestSchema,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';
import {
  InjectNats,
  NatsNames,
  type RequestSubscription,
  serveRequests,
} from '@exchange/shared-data-access-nats';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { parsePayload } from '../common/parse-payload';
import { toRpcError } from '../errors/wallet-rpc-exception.filter';
import { OrderIntakeService } from './order-intake.service';

/**
 * `wallet.cmd.submit-order.v1`, the wallet's hottest subject, answered from its own NATS subscription in the
 * `wallet` queue group instead of through Nest's microservice transport (`serveRequests`): the same request and
 * reply packets, the same `{ code, message }` errors as `WalletRpcExceptionFilter` maps them (and the same log of an
 * unexpected one), the same span, metrics and run prefix. `OrdersController` no longer binds the subject. Taken once
 * the app has started, given back (in-flight submissions answered) before the database closes.
 *
 * `wallet.cmd.submit-orders.v1` beside it: a batch, every submission handed to the intake in the request's order in
 * one turn (so they share a group commit), each answered with its own reply or `{ code, message }`.
 */
@Injectable()
export class SubmitOrderSubscription implements OnApplicationBootstrap, OnModuleDestroy {
  private subscriptions: RequestSubscription[] = [];

  constructor(
    private readonly intake: OrderIntakeService,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const serve = (subject: string, handle: (payload: unknown) => Promise<unknown>) =>
      serveRequests(this.nc, {
        subject: this.names.subject(subject),
        queue: QUEUE_GROUPS.wallet,
        handle,
        toError: (error) => toRpcError(error, this.logger),
        registry: this.registry,
        warn: (message) => this.logger.warn(message),
      });
    this.subscriptions = [
      serve(WALLET_SUBJECTS.cmd.submitOrder, (payload) =>
        this.intake.submit(parsePayload(submitOrderRequestSchema, payload)),
      ),
      serve(WALLET_SUBJECTS.cmd.submitOrders, (payload) =>
        this.submitAll(parsePayload(submitOrdersRequestSchema, payload).orders),
      ),
    ];
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.drain()));
  }

  private async submitAll(orders: readonly unknown[]): Promise<SubmitOrdersReply> {
    const results = await Promise.all(
      orders.map((order) => {
        try {
          return this.intake.submit(parsePayload(submitOrderRequestSchema, order)).then(
            (placed) => ({ placed }),
            (error: unknown) => ({ error: toRpcError(error, this.logger) }),
          );
        } catch (error) {
          return { error: toRpcError(error, this.logger) };
        }
      }),
    );
    return { results };
  }
}
