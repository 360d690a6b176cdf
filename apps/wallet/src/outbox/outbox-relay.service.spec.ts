import { Registry } from 'prom-client';

import { type Logger } from '@exchange/shared-util-logging';

import { type UnitOfWork } from '../common/unit-of-work.repository';
import { type WalletConfig } from '../config/wallet.config';
import { type CommandPublisherRepository } from './command-publisher.repository';
import { OutboxRelayService, toPublications } from './outbox-relay.service';
import { type OutboxMessage, type OutboxRepository } from './outbox.repository';

const place = (orderId: string, market = 'BTC-USDT') => ({
  v: 1,
  market,
  commandId: orderId,
  command: {
    type: 'place',
    orderId,
    userId: 'u1',
    side: 'BUY',
    orderType: 'LIMIT',
    price: 1,
    quantity: 1,
    ts: 1,
  },
});

function row(id: number, orderId: string, batchId?: string, market = 'BTC-USDT'): OutboxMessage {
  return {
    id: String(id),
    messageId: orderId,
    subject: `cmd.${market}`,
    payload: place(orderId, market),
    ...(batchId ? { batchId, traceparent: `tp-${orderId}` } : {}),
  };
}

describe('toPublications', () => {
  it('publishes rows without a batch one per message, under their own message id', () => {
    expect(toPublications([row(1, 'a'), row(2, 'b')])).toEqual([
      { subject: 'cmd.BTC-USDT', payload: place('a'), messageId: 'a' },
      { subject: 'cmd.BTC-USDT', payload: place('b'), messageId: 'b' },
    ]);
  });

  it('publishes each batch whole, as one batch message at its first row, under the batch id', () => {
    const rows = [
      row(1, 'a', 'intake:a'),
      row(2, 'x', 'intake:x', 'ETH-USDT'),
      row(3, 'cancel:z'),
      row(4, 'b', 'intake:a'),
      row(5, 'y', 'intake:x', 'ETH-USDT'),
    ];
    expect(toPublications(rows)).toEqual([
      {
        subject: 'cmd.BTC-USDT',
        payload: {
          v: 1,
          market: 'BTC-USDT',
          batchId: 'intake:a',
          commands: [place('a').command, place('b').command],
        },
        messageId: 'intake:a',
        traceparent: 'tp-a',
      },
      {
        subject: 'cmd.ETH-USDT',
        payload: {
          v: 1,
          market: 'ETH-USDT',
          batchId: 'intake:x',
          commands: [place('x', 'ETH-USDT').command, place('y', 'ETH-USDT').command],
        },
        messageId: 'intake:x',
        traceparent: 'tp-x',
      },
      { subject: 'cmd.BTC-USDT', payload: place('cancel:z'), messageId: 'cancel:z' },
    ]);
  });
});

describe(OutboxRelayService.name, () => {
  /** A relay whose transaction waits for `begin` and whose lock statement waits for `read`, both released by hand. */
  function setup() {
    let openBegin!: () => void;
    let openRead!: () => void;
    const begin = new Promise<void>((r) => (openBegin = r));
    const read = new Promise<void>((r) => (openRead = r));
    const batch = () => ({ run: jest.fn(async () => undefined) });
    const uow = {
      runBatched: jest.fn(async (work: (tx: unknown, batches: unknown) => Promise<unknown>) => {
        await begin;
        return work({}, { first: batch(), last: batch() });
      }),
      manager: {},
    } as unknown as UnitOfWork;
    const outbox = {
      take: jest.fn(async () => {
        await read;
        return [];
      }),
      lag: jest.fn(async () => ({ unsent: 0, oldestSeconds: 0 })),
    } as unknown as OutboxRepository;
    const publisher = { publish: jest.fn() } as unknown as CommandPublisherRepository;
    const logger = { warn: jest.fn() } as unknown as Logger;
    const sut = new OutboxRelayService(
      uow,
      outbox,
      publisher,
      { WALLET_OUTBOX_POLL_MS: 60_000 } as WalletConfig,
      logger,
      new Registry(),
    );
    return { sut, outbox, openBegin, openRead };
  }
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('serves a wake that comes before the running pass reads with that pass, not an empty pass after it', async () => {
    const { sut, outbox, openBegin, openRead } = setup();
    sut.onApplicationBootstrap();
    await settle();
    sut.wake(); // the pass has begun its transaction but not sent its read yet: it will see the rows
    openBegin();
    openRead();
    await settle();
    expect(outbox.take).toHaveBeenCalledTimes(1);
    await sut.beforeApplicationShutdown();
  });

  it('runs another pass at once for a wake that comes after the running pass sent its read', async () => {
    const { sut, outbox, openBegin, openRead } = setup();
    sut.onApplicationBootstrap();
    openBegin();
    await settle();
    sut.wake(); // the read may have been taken before the rows were committed
    openRead();
    await settle();
    expect(outbox.take).toHaveBeenCalledTimes(2);
    await sut.beforeApplicationShutdown();
  });
});
