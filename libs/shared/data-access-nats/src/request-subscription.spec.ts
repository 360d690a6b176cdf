import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ClientProxyFactory, type ClientProxy, RpcException, Transport } from '@nestjs/microservices';
import { connect, headers, type NatsConnection } from 'nats';
import { Registry } from 'prom-client';
import { firstValueFrom, throwError } from 'rxjs';

import { serveRequests } from './request-subscription';
import { MALFORMED_MESSAGE, TracingServerNats } from './trace-context';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const spans = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  context.disable();
});
beforeEach(() => spans.reset());

/**
 * What both servers do with a request: echo it, refuse `refuse` with a typed error, answer nothing for `none`, and
 * answer `trace` with the trace the handler runs in.
 */
async function echo(data: unknown): Promise<unknown> {
  if (data === 'refuse') throw { code: 2101, message: 'insufficient funds' };
  if (data === 'none') return undefined;
  if (data === 'trace') return { traceId: trace.getActiveSpan()?.spanContext().traceId };
  return { echo: data };
}

const encoder = new TextEncoder();
const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as unknown;

describe(serveRequests.name, () => {
  const prefix = `t_reqsub_${process.pid}`;
  const direct = `${prefix}.direct`;
  const viaNest = `${prefix}.nest`;
  const registry = new Registry();
  let nest: TracingServerNats;
  let nc: NatsConnection;
  let server: NatsConnection;
  let client: ClientProxy;
  let subscription: ReturnType<typeof serveRequests>;

  beforeAll(async () => {
    nest = new TracingServerNats({ servers: [NATS_URL], queue: 'q' });
    nest.instrument(registry);
    // What a wallet handler behind its exception filter amounts to: a typed error leaves as `throwError`.
    nest.addHandler(viaNest, async (data: unknown) =>
      echo(data).catch((error: unknown) => throwError(() => new RpcException(error as object).getError())),
    );
    await new Promise<void>((resolve, reject) =>
      nest.listen((error?: unknown) => (error ? reject(error) : resolve())),
    );
    server = await connect({ servers: NATS_URL });
    subscription = serveRequests(server, {
      subject: direct,
      queue: 'q',
      handle: echo,
      toError: (error) => error as { code: number; message: string },
      registry,
    });
    nc = await connect({ servers: NATS_URL });
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await client.connect();
  });
  afterAll(async () => {
    client.close();
    await nc.close();
    await subscription.drain();
    await server.close();
    await nest.close();
  });

  const ask = async (subject: string, body: Uint8Array) =>
    decode((await nc.request(subject, body, { timeout: 2_000 })).data);
  const packet = (subject: string, data: unknown, id: string) =>
    encoder.encode(JSON.stringify({ pattern: subject, data, id }));

  it("answers with the packets Nest's transport answers: response, typed error, nothing, malformed", async () => {
    for (const data of [{ n: 7 }, 'refuse', 'none']) {
      const fromNest = await ask(viaNest, packet(viaNest, data, 'a'));
      const fromDirect = await ask(direct, packet(direct, data, 'a'));
      expect(fromDirect).toEqual(fromNest);
    }
    expect(await ask(direct, packet(direct, 'refuse', 'b'))).toEqual({
      err: { code: 2101, message: 'insufficient funds' },
      isDisposed: true,
      id: 'b',
    });
    for (const bytes of [new Uint8Array(0), encoder.encode('not json'), encoder.encode('{"pattern":')]) {
      const fromDirect = await ask(direct, bytes);
      expect(fromDirect).toEqual(await ask(viaNest, bytes));
      expect(fromDirect).toMatchObject({ err: { code: MALFORMED_MESSAGE }, status: 'error' });
    }
  });

  it("is what Nest's ClientNats expects: the response, or the typed error as the rejection", async () => {
    await expect(firstValueFrom(client.send(direct, { n: 1 }))).resolves.toMatchObject({ echo: { n: 1 } });
    await expect(firstValueFrom(client.send(direct, 'refuse'))).rejects.toEqual({
      code: 2101,
      message: 'insufficient funds',
    });
  });

  it("counts and times requests in the service's request metrics, and continues the caller's trace", async () => {
    const traceId = 'a'.repeat(32);
    const h = headers();
    h.set('traceparent', `00-${traceId}-${'b'.repeat(16)}-01`);
    const reply = decode(
      (await nc.request(direct, packet(direct, 'trace', 'c'), { timeout: 2_000, headers: h })).data,
    );
    expect(reply).toMatchObject({ response: { traceId } });
    const span = spans.getFinishedSpans().find((s) => s.name === `${direct} process`);
    expect(span).toMatchObject({ kind: SpanKind.SERVER });
    expect(span!.spanContext().traceId).toBe(traceId);

    await ask(direct, packet(direct, 'refuse', 'd'));
    const handled = (await registry.getSingleMetricAsString('nats_server_handled_total')).split('\n');
    expect(handled).toContainEqual(expect.stringMatching(new RegExp(`subject="${direct}",code="OK"} [1-9]`)));
    expect(handled).toContainEqual(
      expect.stringMatching(new RegExp(`subject="${direct}",code="2101"} [1-9]`)),
    );
    expect(handled).toContainEqual(
      expect.stringMatching(new RegExp(`subject="${viaNest}",code="OK"} [1-9]`)),
    );
    expect(await registry.getSingleMetricAsString('nats_server_handling_seconds')).toContain(
      `subject="${direct}"`,
    );
  });

  it('handles a request without an id as an event (no answer), like Nest', async () => {
    const seen: unknown[] = [];
    const events = serveRequests(server, {
      subject: `${prefix}.event`,
      queue: 'q',
      handle: async (data) => seen.push(data),
      toError: () => ({ code: 0, message: '' }),
    });
    // The subscription reaches the server before the request does (another connection): without it the request
    // could find no responder, and the handler would never see it.
    await server.flush();
    await expect(
      nc.request(`${prefix}.event`, encoder.encode(JSON.stringify({ pattern: 'x', data: 5 })), {
        timeout: 300,
      }),
    ).rejects.toThrow();
    await events.drain();
    expect(seen).toEqual([5]);
  });

  it('drains: requests taken before are still answered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = serveRequests(server, {
      subject: `${prefix}.slow`,
      queue: 'q',
      handle: async () => {
        await gate;
        return 'done';
      },
      toError: () => ({ code: 0, message: '' }),
    });
    await server.flush();
    const pending = nc.request(`${prefix}.slow`, packet(`${prefix}.slow`, 0, 'e'), { timeout: 5_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drained = slow.drain();
    release();
    await drained;
    expect(decode((await pending).data)).toEqual({ response: 'done', isDisposed: true, id: 'e' });
  });
});
