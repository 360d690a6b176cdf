import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { type NatsConnection } from 'nats';
import { type Registry } from 'prom-client';

import { QUEUE_GROUPS, submitOrderRequestSchema, WALLET_SUBJECTS } from '@exchange/shared-contracts';
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
 */
@Injectable()
export class SubmitOrderSubscription implements OnApplicationBootstrap, OnModuleDestroy {
  private subscription?: RequestSubscription;

  constructor(
    private readonly intake: OrderIntakeService,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = serveRequests(this.nc, {
      subject: this.names.subject(WALLET_SUBJECTS.cmd.submitOrder),
      queue: QUEUE_GROUPS.wallet,
      handle: (payload) => this.intake.submit(parsePayload(submitOrderRequestSchema, payload)),
      toError: (error) => toRpcError(error, this.logger),
      registry: this.registry,
      warn: (message) => this.logger.warn(message),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.drain();
  }
}
