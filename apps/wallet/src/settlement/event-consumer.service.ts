import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { type JsMsg } from 'nats';
import { Gauge, Histogram, type Registry } from 'prom-client';

import {
  checkMatchingEventBatch,
  type MatchingEventBatch,
  matchingEventBatchSchema,
} from '@exchange/shared-contracts';
import { extractTraceContext, inSpan, startBatchSpan } from '@exchange/shared-data-access-nats';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type WalletConfig } from '../config/wallet.config';
import { EventStreamRepository } from './event-stream.repository';
import { SettlementService } from './settlement.service';

const RETRY_MS = 500;

/**
 * The durable consumer loop: takes up to WALLET_SETTLEMENT_BATCH event messages, validates each with
 * the contract (a malformed one is terminated and logged), settles them all in one transaction, and
 * acks only after the commit. A failure naks them for redelivery; a message after a gap (an earlier one still
 * to come) is nak'd with a short delay and comes back until the missing ones have been settled.
 */
@Injectable()
export class EventConsumerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private loop?: Promise<void>;

  private readonly lag: Histogram<'market'>;
  private readonly pending: Gauge;

  constructor(
    private readonly stream: EventStreamRepository,
    private readonly settlement: SettlementService,
    @InjectConfig() private readonly config: WalletConfig,
    @InjectLogger() private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.lag = new Histogram({
      name: 'wallet_settlement_lag_seconds',
      help: 'From an event message stored in the EVT stream to its settlement committed (balances updated).',
      labelNames: ['market'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.pending = new Gauge({
      name: 'wallet_settlement_consumer_pending',
      help: 'Event messages stored in EVT and not yet delivered to the wallet-settlement consumer (its lag).',
      registers: [registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WALLET_SETTLEMENT_ENABLED) return;
    await this.stream.open(
      this.config.WALLET_SETTLEMENT_BATCH * 2,
      this.config.WALLET_SETTLEMENT_ACK_WAIT_MS,
    );
    this.running = true;
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.stream.close();
    await this.loop;
  }

  /**
   * Two settlements at most overlap: once one has applied its events in memory and only its writes and commit are
   * left, the next takes what has arrived meanwhile and begins. Of the same market, its cursor lock waits inside
   * PostgreSQL for the first one's commit and its reads follow right after it, instead of PostgreSQL idling while the
   * wallet acks, takes and parses the next messages and sends them; of other markets, it runs beside it. The next one
   * after that waits until the first has finished.
   */
  private async run(): Promise<void> {
    let previous: Promise<void> = Promise.resolve();
    while (this.running) {
      try {
        const messages = await this.stream.take(this.config.WALLET_SETTLEMENT_BATCH, 1_000);
        if (!messages.length) continue;
        let computed!: () => void;
        const ready = new Promise<void>((resolve) => (computed = resolve));
        const pass = this.handle(messages, computed)
          .catch((error: unknown) => this.logger.error({ err: error }, 'settlement pass failed'))
          .finally(computed);
        await ready;
        await previous;
        previous = pass;
      } catch (error) {
        this.logger.error({ err: error }, 'settlement pass failed; retrying');
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
    await previous;
  }

  private async handle(messages: JsMsg[], computed: () => void): Promise<void> {
    const valid: { msg: JsMsg; batch: MatchingEventBatch }[] = [];
    for (const msg of messages) {
      // The hand-written check of the schema (what market-data uses); the schema itself says why one is refused.
      let batch: MatchingEventBatch | undefined;
      let error: unknown;
      try {
        const input: unknown = msg.json();
        batch = checkMatchingEventBatch(input);
        if (!batch) error = matchingEventBatchSchema.safeParse(input).error;
      } catch (thrown) {
        error = thrown;
      }
      if (batch) valid.push({ msg, batch });
      else {
        this.logger.error(
          { subject: msg.subject, streamSeq: msg.seq, error: String(error) },
          'malformed event batch; terminated',
        );
        msg.term();
      }
    }
    if (!valid.length) return;
    // One span per settled batch: the child of the first message's trace (the engine's event message), linked
    // to the others.
    const span = startBatchSpan(
      'evt settle',
      valid.map((v) => extractTraceContext(v.msg.headers)),
      { 'messaging.destination.name': 'evt.>', 'messaging.consumer.group.name': 'wallet-settlement' },
    );
    try {
      const outcomes = await inSpan(span, () =>
        this.settlement.apply(
          valid.map((v) => v.batch),
          computed,
        ),
      );
      const now = Date.now();
      outcomes.forEach((outcome, i) => {
        if (outcome === 'deferred') valid[i].msg.nak(RETRY_MS);
        else {
          valid[i].msg.ack();
          const storedMs = valid[i].msg.info.timestampNanos / 1e6;
          this.lag.observe({ market: valid[i].batch.market }, Math.max(0, now - storedMs) / 1_000);
        }
      });
      this.pending.set(valid[valid.length - 1].msg.info.pending);
    } catch (error) {
      this.logger.error(
        { err: error, messages: valid.length },
        'settlement transaction failed; redelivering',
      );
      for (const v of valid) v.msg.nak(RETRY_MS);
    }
  }
}
