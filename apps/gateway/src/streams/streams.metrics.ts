import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';

/** The WebSocket streams' metrics, in the service's Prometheus registry. */
@Injectable()
export class StreamsMetrics {
  readonly connections: Gauge;
  readonly subscriptions: Gauge;
  readonly natsSubscriptions: Gauge;
  readonly messagesSent: Counter;
  readonly slowConsumerDisconnects: Counter;
  readonly floodDisconnects: Counter;
  readonly restReads: Counter<'endpoint' | 'source'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const registers = [registry];
    this.connections = new Gauge({ name: 'ws_connections', help: 'Open WebSocket connections.', registers });
    this.subscriptions = new Gauge({
      name: 'ws_subscriptions',
      help: 'Streams subscribed, summed over connections.',
      registers,
    });
    this.natsSubscriptions = new Gauge({
      name: 'ws_nats_subscriptions',
      help: 'NATS subjects this pod listens to for its streams (one per subject, however many clients).',
      registers,
    });
    this.messagesSent = new Counter({
      name: 'ws_messages_sent_total',
      help: 'Frames sent to WebSocket clients (events and replies).',
      registers,
    });
    this.floodDisconnects = new Counter({
      name: 'ws_flood_disconnects_total',
      help: 'Connections closed because the client sent more than WS_MESSAGES_PER_SECOND (beyond the burst).',
      registers,
    });
    this.slowConsumerDisconnects = new Counter({
      name: 'ws_slow_consumer_disconnects_total',
      help: 'Connections closed because the client left more than WS_SEND_BUFFER_BYTES unread.',
      registers,
    });
    this.restReads = new Counter({
      name: 'gateway_market_reads_total',
      help: "Public REST market reads by endpoint and where they were answered from: the pod's memory or market-data.",
      labelNames: ['endpoint', 'source'],
      registers,
    });
  }
}
