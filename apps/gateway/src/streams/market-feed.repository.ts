import { Injectable } from '@nestjs/common';
import { type NatsConnection, type Subscription } from 'nats';

import { InjectNats, NatsNames } from '@exchange/shared-data-access-nats';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { StreamsMetrics } from './streams.metrics';

type Listener = (message: unknown) => void;

interface SubjectEntry {
  subscription: Subscription;
  listeners: Set<Listener>;
  /** Resolves once the NATS server has the interest, so nothing published after it is missed. */
  ready: Promise<void>;
}

const decoder = new TextDecoder();

/**
 * The core NATS subjects the streams read (market-data's `md.*` fan-out, the wallet's `user.<id>.*` facts and the
 * pods' `gateway.evt.listen-key-closed.v1`), listened to once per subject however many streams and clients need
 * it: reference counted, and unsubscribed when the last listener leaves.
 */
@Injectable()
export class MarketFeedRepository {
  private readonly subjects = new Map<string, SubjectEntry>();

  constructor(
    @InjectNats() private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly metrics: StreamsMetrics,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** Listens to `subject` (without the run prefix); the returned function stops listening. */
  async listen(subject: string, listener: Listener): Promise<() => void> {
    let entry = this.subjects.get(subject);
    if (!entry) {
      const listeners = new Set<Listener>();
      const subscription = this.nc.subscribe(this.names.subject(subject), {
        callback: (error, message) => {
          if (error) return this.logger.error({ err: error, subject }, 'market-data subscription failed');
          let payload: unknown;
          try {
            payload = JSON.parse(decoder.decode(message.data));
          } catch (parseError) {
            return this.logger.error({ err: parseError, subject }, 'market-data message is not JSON');
          }
          for (const l of listeners) l(payload);
        },
      });
      entry = { subscription, listeners, ready: this.nc.flush() };
      this.subjects.set(subject, entry);
      this.metrics.natsSubscriptions.inc();
    }
    const current = entry;
    current.listeners.add(listener);
    const stop = () => {
      current.listeners.delete(listener);
      if (current.listeners.size > 0 || this.subjects.get(subject) !== current) return;
      this.subjects.delete(subject);
      current.subscription.unsubscribe();
      this.metrics.natsSubscriptions.dec();
    };
    try {
      await current.ready;
    } catch (error) {
      // Not left half-subscribed: the next listener starts afresh.
      stop();
      throw error;
    }
    return stop;
  }
}
