import { type JsMsg } from 'nats';
import { Registry } from 'prom-client';

import { type MatchingEventBatch } from '@exchange/shared-contracts';
import { type Logger } from '@exchange/shared-util-logging';

import { type WalletConfig } from '../config/wallet.config';
import { EventConsumerService } from './event-consumer.service';
import { type EventStreamRepository } from './event-stream.repository';
import { type BatchOutcome, type SettlementService } from './settlement.service';

/** Event message `seq` of BTC-USDT: one `cancelled` event. */
function message(seq: number, acked: number[]): JsMsg {
  const batch: MatchingEventBatch = {
    v: 1,
    market: 'BTC-USDT',
    firstSeq: seq,
    lastSeq: seq,
    commandSeq: seq,
    events: [
      {
        type: 'cancelled',
        seq,
        ts: 1,
        orderId: `o-${seq}`,
        userId: 'u',
        reason: 'USER_CANCEL',
        remaining: 0,
      },
    ],
  };
  return {
    subject: 'evt.BTC-USDT',
    seq,
    headers: undefined,
    info: { timestampNanos: Date.now() * 1e6, pending: 0 },
    json: () => batch,
    ack: () => acked.push(seq),
    nak: () => undefined,
    term: () => undefined,
  } as unknown as JsMsg;
}

/** A settlement the test drives: each pass is computed, then finished, when the test says so. */
class Passes {
  readonly started: number[][] = [];
  private readonly controls: { computed: () => void; finish: () => void }[] = [];

  apply = (batches: readonly MatchingEventBatch[], computed?: () => void): Promise<BatchOutcome[]> => {
    this.started.push(batches.map((b) => b.firstSeq));
    return new Promise((resolve) =>
      this.controls.push({ computed: computed!, finish: () => resolve(batches.map(() => 'applied')) }),
    );
  };

  computed(pass: number): Promise<void> {
    this.controls[pass]!.computed();
    return turns();
  }

  finish(pass: number): Promise<void> {
    this.controls[pass]!.finish();
    return turns();
  }

  /** Every pass computed and finished (a failed test's consumer can then stop). */
  finishAll(): void {
    for (const control of this.controls) {
      control.computed();
      control.finish();
    }
  }
}

const turns = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe(EventConsumerService.name, () => {
  it('starts the next settlement once the running one is computed, never a third before the first has finished', async () => {
    const acked: number[] = [];
    const queue: JsMsg[] = [];
    const stream = {
      open: async () => undefined,
      close: async () => undefined,
      take: async (max: number) => {
        await new Promise((resolve) => setImmediate(resolve));
        return queue.splice(0, max);
      },
    } as unknown as EventStreamRepository;
    const passes = new Passes();
    const consumer = new EventConsumerService(
      stream,
      { apply: passes.apply } as unknown as SettlementService,
      {
        WALLET_SETTLEMENT_ENABLED: true,
        WALLET_SETTLEMENT_BATCH: 2,
        WALLET_SETTLEMENT_ACK_WAIT_MS: 30_000,
      } as WalletConfig,
      { error: () => undefined, warn: () => undefined } as unknown as Logger,
      new Registry(),
    );
    let stopped = false;
    try {
      queue.push(message(1, acked), message(2, acked));
      await consumer.onApplicationBootstrap();
      await turns();
      expect(passes.started).toEqual([[1, 2]]);

      // More arrives while the first computes: it waits until the first is computed.
      queue.push(message(3, acked), message(4, acked), message(5, acked));
      await turns();
      expect(passes.started).toEqual([[1, 2]]);
      await passes.computed(0);
      expect(passes.started).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(acked).toEqual([]);

      // The second computed while the first still writes: no third until the first has finished.
      await passes.computed(1);
      expect(passes.started).toHaveLength(2);
      await passes.finish(0);
      expect(acked).toEqual([1, 2]);
      expect(passes.started).toEqual([[1, 2], [3, 4], [5]]);

      // Shutdown waits for the passes still running.
      const stopping = consumer.beforeApplicationShutdown().then(() => (stopped = true));
      await passes.finish(1);
      await passes.computed(2);
      await turns();
      expect(stopped).toBe(false);
      await passes.finish(2);
      await stopping;
      expect(acked).toEqual([1, 2, 3, 4, 5]);
    } finally {
      if (!stopped) {
        passes.finishAll();
        await consumer.beforeApplicationShutdown();
      }
    }
  });
});
