import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Counter, Gauge, type Registry } from 'prom-client';

import { type MatchingCommandBatchMessage, type MatchingCommandMessage } from '@exchange/shared-contracts';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { UnitOfWork } from '../common/unit-of-work.repository';
import { type WalletConfig } from '../config/wallet.config';
import { CommandPublisherRepository } from './command-publisher.repository';
import { type OutboxMessage, OutboxRepository } from './outbox.repository';

/** Most outbox rows one pass takes and publishes. */
const BATCH = 1000;
/** Least time between two measurements of the relay's lag (unsent rows, age of the oldest). */
const LAG_EVERY_MS = 1_000;

/**
 * Publishes committed outbox rows to JetStream in id order with `Nats-Msg-Id` = the row's message id, and deletes them
 * in the transaction that locked them, committed once JetStream has acknowledged them. A crash between publish and
 * commit leaves the rows, the next pass publishes them again, and JetStream drops the duplicates: never twice in
 * effect.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running = false;
  private pass?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private again = false;
  /** Set just before each take statement of a pass is sent: rows committed from then on may be missed by it. */
  private reading = false;
  private lagAt = 0;
  private readonly unsent: Gauge;
  private readonly oldest: Gauge;
  private readonly failures: Counter;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxRepository,
    private readonly publisher: CommandPublisherRepository,
    @InjectConfig() private readonly config: WalletConfig,
    @InjectLogger() private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.unsent = new Gauge({
      name: 'wallet_outbox_unsent',
      help: 'Outbox commands committed and not yet published',
      registers: [registry],
    });
    this.oldest = new Gauge({
      name: 'wallet_outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox command',
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'wallet_outbox_publish_failures_total',
      help: 'Outbox relay passes that failed (JetStream or PostgreSQL unavailable); retried on the next pass',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.pass;
  }

  /**
   * Asks for a pass as soon as possible (after a commit that queued rows). While a pass runs, another is needed only
   * if its take statement may have been sent already: a statement sent after the caller's commit returned sees the
   * rows, so a wake before that (`!this.reading`) is served by the running pass, not by an empty pass after it.
   */
  wake(): void {
    if (!this.running) return;
    if (!this.pass) this.schedule(0);
    else if (this.reading) this.again = true;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (!this.running) return;
    this.timer = setTimeout(() => {
      if (this.pass) return;
      this.reading = false;
      this.pass = this.drain().finally(() => {
        this.pass = undefined;
        const next = this.again ? 0 : this.config.WALLET_OUTBOX_POLL_MS;
        this.again = false;
        this.schedule(next);
      });
    }, delayMs);
  }

  /** Publishes until nothing is left (or a failure, retried on the next pass). */
  private async drain(): Promise<void> {
    try {
      while (this.running && (await this.relayOnce()) === BATCH);
    } catch (error) {
      this.failures.inc();
      this.logger.warn({ err: error }, 'outbox relay pass failed; retrying');
    }
    // Measured after failed passes too: while NATS is down the backlog's age keeps growing, and the alert sees it.
    // At most once per LAG_EVERY_MS: under load a pass follows every intake group, and the lag is a gauge.
    if (Date.now() - this.lagAt < LAG_EVERY_MS) return;
    this.lagAt = Date.now();
    try {
      const lag = await this.outbox.lag(this.uow.manager);
      this.unsent.set(lag.unsent);
      this.oldest.set(lag.oldestSeconds);
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox lag not measured');
    }
  }

  /**
   * One pass: take, publish in order, commit. Returns how many rows it published. Rows of one batch (an intake group's
   * commands of one market, see `OutboxRepository`) go out as ONE `matchingCommandBatchMessageSchema` message with
   * `Nats-Msg-Id` = the batch id, the others one per message with their own id; messages follow the id of their first
   * row. The publishes are pipelined: all are written to the one NATS connection in that order before the first
   * acknowledgement is awaited, and JetStream stores a connection's messages in the order they arrive. When any of them
   * fails, the transaction rolls back, and the next pass publishes the rows again in the same order; the ones already
   * stored are dropped as duplicates (`Nats-Msg-Id`; a batch is rebuilt from the same rows).
   */
  async relayOnce(): Promise<number> {
    // Two round trips a pass (`runBatched`): BEGIN with the take (one prepared statement, batches whole), then the
    // COMMIT. The commit is asynchronous: one lost in a PostgreSQL crash leaves the rows, which are published again and
    // dropped by JetStream as duplicates, as after a relay crash between publishing and committing.
    return this.uow.runBatched(
      async (tx, { first, last }) => {
        this.reading = true;
        const taken = this.outbox.take(first, BATCH);
        await first.run(tx);
        const messages = await taken;
        const published = await Promise.allSettled(
          toPublications(messages).map((m) =>
            this.publisher.publish(m.subject, m.payload, m.messageId, m.traceparent),
          ),
        );
        const failed = published.find((p): p is PromiseRejectedResult => p.status === 'rejected');
        if (failed) throw failed.reason;
        await last.run(tx);
        return messages.length;
      },
      { asyncCommit: true },
    );
  }
}

/** The JetStream messages for outbox rows in id order: each batch whole at its first row, the others alone. */
export function toPublications(
  rows: readonly OutboxMessage[],
): { subject: string; payload: unknown; messageId: string; traceparent?: string }[] {
  const batches = new Map<string, OutboxMessage[]>();
  const out: ({ row: OutboxMessage } | { batch: OutboxMessage[] })[] = [];
  for (const row of rows) {
    if (!row.batchId) {
      out.push({ row });
      continue;
    }
    const batch = batches.get(row.batchId);
    if (batch) batch.push(row);
    else {
      const fresh = [row];
      batches.set(row.batchId, fresh);
      out.push({ batch: fresh });
    }
  }
  return out.map((entry) => {
    if ('row' in entry) {
      const { subject, payload, messageId, traceparent } = entry.row;
      return { subject, payload, messageId, ...(traceparent ? { traceparent } : {}) };
    }
    const [first] = entry.batch as [OutboxMessage, ...OutboxMessage[]];
    const commands = entry.batch.map((r) => (r.payload as MatchingCommandMessage).command);
    const payload: MatchingCommandBatchMessage = {
      v: 1,
      market: (first.payload as MatchingCommandMessage).market,
      batchId: first.batchId!,
      commands,
    };
    return {
      subject: first.subject,
      payload,
      messageId: first.batchId!,
      ...(first.traceparent ? { traceparent: first.traceparent } : {}),
    };
  });
}
