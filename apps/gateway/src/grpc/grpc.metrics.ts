import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

/** The gRPC server's metrics, in the service's Prometheus registry. */
@Injectable()
export class GrpcMetrics {
  readonly calls: Counter<'method' | 'code'>;
  readonly activeStreams: Gauge;
  readonly streamMessages: Counter;
  readonly slowConsumerCloses: Counter;
  readonly batchOrders: Counter<'code'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.calls = new Counter({
      name: 'grpc_server_handled_total',
      help: 'gRPC calls finished, by method and status code.',
      labelNames: ['method', 'code'],
      registers,
    });
    this.activeStreams = new Gauge({
      name: 'grpc_server_active_streams',
      help: 'Server streams running (each holds its NATS subscriptions).',
      registers,
    });
    this.streamMessages = new Counter({
      name: 'grpc_server_stream_messages_total',
      help: 'Messages sent on server streams.',
      registers,
    });
    this.slowConsumerCloses = new Counter({
      name: 'grpc_server_slow_consumer_closes_total',
      help: 'Server streams closed because the client read too slowly (RESOURCE_EXHAUSTED).',
      registers,
    });
    this.batchOrders = new Counter({
      name: 'grpc_server_batch_orders_total',
      help: 'Orders of PlaceOrders calls, by outcome: OK when placed, else the status code that refused the order alone.',
      labelNames: ['code'],
      registers,
    });
  }
}
