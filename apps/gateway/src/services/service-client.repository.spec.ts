import { randomBytes } from 'node:crypto';

import { Controller, type INestApplication, Module } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { connect } from 'nats';
import { Subscription } from 'rxjs';
import { z } from 'zod';

import { natsClientModule, natsMicroserviceOptions, NatsNames } from '@exchange/shared-data-access-nats';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { SERVICES_CLIENT, ServiceClientRepository, ServiceRequestError } from './service-client.repository';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = `t_gw_client_${process.pid}_${randomBytes(3).toString('hex')}`;
const subjects = {
  echo: `${run}.echo`,
  fail: `${run}.fail`,
  wrong: `${run}.wrong`,
  silent: `${run}.silent`,
  slow: `${run}.slow`,
  peek: `${run}.peek`,
};

@Controller()
class ResponderController {
  @MessagePattern(subjects.echo)
  echo(@Payload() payload: { n: number }) {
    return { doubled: payload.n * 2 };
  }

  @MessagePattern(subjects.fail)
  fail(): never {
    throw new RpcException({ code: 5003, message: 'insufficient balance' });
  }

  @MessagePattern(subjects.wrong)
  wrong() {
    return { doubled: 'not a number' };
  }
}

@Module({
  imports: [natsClientModule(SERVICES_CLIENT, NATS_URL)],
  controllers: [ResponderController],
  providers: [ServiceClientRepository, { provide: NatsNames, useValue: new NatsNames(run) }],
})
class SpecModule {}

describe(ServiceClientRepository.name, () => {
  let app: INestApplication;
  let sut: ServiceClientRepository;
  const reply = z.object({ doubled: z.number() });

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SpecModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice(natsMicroserviceOptions(NATS_URL, run));
    await app.startAllMicroservices();
    await app.init();
    sut = app.get(ServiceClientRepository);
  });
  afterAll(() => app.close());

  it('returns a reply that fits its contract', async () => {
    await expect(sut.request('echo', { n: 21 }, reply)).resolves.toEqual({ doubled: 42 });
  });

  it("passes a service's typed error on", async () => {
    const error = await sut.request('fail', {}, reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceRequestError);
    expect((error as ServiceRequestError).serviceError).toEqual({
      code: 5003,
      message: 'insufficient balance',
    });
  });

  it('refuses a reply that breaks its contract', async () => {
    await expect(sut.request('wrong', {}, reply)).rejects.toThrow(/does not match its contract/);
  });

  it('answers -1001 when no pod of the service listens', async () => {
    const error = await sut.request('silent', {}, reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BinanceApiError);
    expect(error).toMatchObject({ code: BinanceErrorCode.DISCONNECTED, httpStatus: 503 });
  });

  it("asks on the connection's shared reply subscription once connected, with the same packet", async () => {
    const nc = await connect({ servers: NATS_URL });
    const seen: { reply?: string; packet: unknown; traceparent?: string }[] = [];
    nc.subscribe(subjects.peek, {
      callback: (_error, msg) => {
        const packet = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string; data: { n: number } };
        seen.push({ reply: msg.reply, packet, traceparent: msg.headers?.get('traceparent') });
        msg.respond(
          JSON.stringify({ id: packet.id, response: { doubled: packet.data.n * 2 }, isDisposed: true }),
        );
      },
    });
    await nc.flush();
    try {
      for (let n = 1; n <= 3; n++)
        await expect(sut.request('peek', { n }, reply)).resolves.toEqual({ doubled: 2 * n });
      // Nest's own inbox per request is `_INBOX.<id>`; the shared one `_INBOX.<id>.<token>`.
      expect(seen.at(-1)!.reply).toMatch(/^_INBOX\.\w+\.\w+$/);
      expect(seen.at(-1)!.packet).toEqual({
        pattern: subjects.peek,
        data: { n: 3 },
        id: expect.stringMatching(/^[\da-f-]{36}$/),
      });
    } finally {
      await nc.close();
    }
  });

  it('answers -1001 when the service does not reply in time', async () => {
    const silent = new Subscription();
    const nc = await connect({ servers: NATS_URL });
    nc.subscribe(subjects.slow, { callback: () => undefined }); // listens, never answers
    silent.add(() => void nc.close());
    await nc.flush();
    try {
      const error = await sut.request('slow', {}, reply, 300).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: BinanceErrorCode.DISCONNECTED, httpStatus: 503 });
    } finally {
      silent.unsubscribe();
    }
  });
});
