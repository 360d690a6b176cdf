import { randomBytes } from 'node:crypto';

import { Controller, type INestApplication, Module } from '@nestjs/common';
import { type ClientProxy, MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { type ConnectionOptions, ErrorCode, headers, type JetStreamClient, type NatsConnection } from 'nats';
import { firstValueFrom } from 'rxjs';

import { JetStreamAdmin } from './jetstream-admin';
import { NatsNames } from './nats-names';
import {
  JETSTREAM,
  NATS_CONNECTION,
  NatsHealthIndicator,
  natsClientModule,
  natsMicroserviceOptions,
  NatsModule,
} from './nats.module';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `t_nats_${process.pid}_${randomBytes(3).toString('hex')}`;
const sumSubject = `${prefix}.math.query.sum.v1`;
const CLIENT = 'MATH_CLIENT';

@Controller()
class MathController {
  @MessagePattern(sumSubject)
  sum(@Payload() numbers: number[]): number {
    return numbers.reduce((a, b) => a + b, 0);
  }
}

@Module({
  imports: [
    NatsModule.forRoot({ url: NATS_URL, name: 'spec', streamPrefix: prefix }),
    natsClientModule(CLIENT, NATS_URL),
  ],
  controllers: [MathController],
})
class SpecModule {}

describe(NatsModule.name, () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SpecModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice(natsMicroserviceOptions(NATS_URL, 'spec'));
    await app.startAllMicroservices();
    await app.init();
  });

  afterAll(async () => {
    const admin = app.get(JetStreamAdmin);
    expect(await admin.deleteAllWithPrefix()).toEqual([`${prefix}CMD`]);
    await app.close();
  });

  it('answers request/reply through @nestjs/microservices', async () => {
    const client = app.get<ClientProxy>(CLIENT);
    await expect(firstValueFrom(client.send<number>(sumSubject, [1, 2, 39]))).resolves.toBe(42);
    await client.close();
  });

  it('creates a prefixed stream idempotently and drops duplicate message ids', async () => {
    const sut = app.get(JetStreamAdmin);
    const first = await sut.ensureStream({ name: 'CMD', subjects: ['cmd.>'] });
    const second = await sut.ensureStream({ name: 'CMD', subjects: ['cmd.>'] });
    expect(first.config.name).toBe(`${prefix}CMD`);
    expect(second.config.subjects).toEqual([`${prefix}.cmd.>`]);

    const js = app.get<JetStreamClient>(JETSTREAM);
    const subject = app.get(NatsNames).subject('cmd.BTC-USDT');
    const a = await js.publish(subject, new TextEncoder().encode('{"n":1}'), { msgID: 'order-1' });
    const b = await js.publish(subject, new TextEncoder().encode('{"n":1}'), { msgID: 'order-1' });
    expect(a.duplicate).toBe(false);
    expect(b.duplicate).toBe(true);
    expect(b.seq).toBe(a.seq);
  });

  it('fences a writer with the expected last subject sequence', async () => {
    const js = app.get<JetStreamClient>(JETSTREAM);
    const subject = app.get(NatsNames).subject('cmd.ETH-USDT');
    const first = await js.publish(subject, new Uint8Array([1]), { expect: { lastSubjectSequence: 0 } });
    const stale = headers();
    await expect(
      js.publish(subject, new Uint8Array([2]), {
        expect: { lastSubjectSequence: first.seq - 1 },
        headers: stale,
      }),
    ).rejects.toThrow(/wrong last sequence/i);
    await expect(
      js.publish(subject, new Uint8Array([3]), { expect: { lastSubjectSequence: first.seq } }),
    ).resolves.toMatchObject({
      duplicate: false,
    });
  });

  it('sets up a durable consumer that delivers in order with explicit acks', async () => {
    const sut = app.get(JetStreamAdmin);
    await sut.ensureStream({ name: 'CMD', subjects: ['cmd.>'] });
    const info = await sut.ensureConsumer('CMD', { durableName: 'matching', filterSubject: 'cmd.BTC-USDT' });
    const again = await sut.ensureConsumer('CMD', { durableName: 'matching', filterSubject: 'cmd.BTC-USDT' });
    expect(again.name).toBe(info.name);

    const js = app.get<JetStreamClient>(JETSTREAM);
    const consumer = await js.consumers.get(`${prefix}CMD`, 'matching');
    const batch = await consumer.fetch({ max_messages: 10, expires: 1000 });
    const received: string[] = [];
    for await (const message of batch) {
      received.push(new TextDecoder().decode(message.data));
      message.ack();
    }
    expect(received).toEqual(['{"n":1}']);
  });

  it('connects without async traces, and a request nobody answers still fails with TIMEOUT', async () => {
    const connection = app.get<NatsConnection>(NATS_CONNECTION);
    expect((connection as unknown as { options: ConnectionOptions }).options.noAsyncTraces).toBe(true);
    const silent = connection.subscribe(`${prefix}.silent`);
    try {
      await expect(connection.request(`${prefix}.silent`, undefined, { timeout: 100 })).rejects.toMatchObject(
        {
          code: ErrorCode.Timeout,
        },
      );
      const js = app.get<JetStreamClient>(JETSTREAM);
      await expect(
        js.publish(`${prefix}.nostream`, new Uint8Array([1]), { timeout: 500 }),
      ).rejects.toMatchObject({
        code: ErrorCode.NoResponders,
      });
    } finally {
      silent.unsubscribe();
    }
  });

  it('answers health while connected, drains on close', async () => {
    await expect(app.get(NatsHealthIndicator).check()).resolves.toBeUndefined();
    const connection = app.get<NatsConnection>(NATS_CONNECTION);
    expect(connection.isClosed()).toBe(false);
  });
});

describe(NatsNames.name, () => {
  it('keeps production names without a prefix', () => {
    const sut = new NatsNames('');
    expect([sut.stream('EVT'), sut.subject('evt.BTC-USDT')]).toEqual(['EVT', 'evt.BTC-USDT']);
  });

  it('refuses to delete all streams without a prefix', async () => {
    const admin = new JetStreamAdmin({} as never, new NatsNames(''));
    await expect(admin.deleteAllWithPrefix()).rejects.toThrow(/without a name prefix/);
  });

  it('refuses prefixes that would change subject structure', () =>
    expect(() => new NatsNames('a.b')).toThrow(/bad NATS name prefix/));
});
