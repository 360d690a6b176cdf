import { EventEmitter } from 'node:events';

import { Registry } from 'prom-client';
import { type WebSocket } from 'ws';

import { createLogger } from '@exchange/shared-util-logging';

import { type StreamHubService } from './stream-hub.service';
import { type StreamResolver } from './stream-resolver';
import { StreamConnection } from './stream-connection';
import { type StreamsConfig } from './streams.config';
import { StreamsMetrics } from './streams.metrics';

/** A socket that records what the connection does to it. */
class FakeSocket extends EventEmitter {
  readonly sent: string[] = [];
  closedWith: number | undefined;
  bufferedAmount = 0;
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number): void {
    this.closedWith = code;
  }
  terminate(): void {
    this.closedWith = -1;
  }
}

function connection(
  config: Partial<StreamsConfig>,
  streams: { hub?: StreamHubService; resolver?: StreamResolver } = {},
) {
  const socket = new FakeSocket();
  const registry = new Registry();
  const metrics = new StreamsMetrics(registry);
  new StreamConnection(socket as unknown as WebSocket, false, {
    hub: streams.hub ?? ({} as StreamHubService),
    resolver: streams.resolver ?? ({} as StreamResolver),
    metrics,
    config: {
      WS_MAX_STREAMS_PER_CONNECTION: 1024,
      WS_SEND_BUFFER_BYTES: 1 << 20,
      WS_MESSAGES_PER_SECOND: 5,
      WS_MESSAGE_BURST: 10,
      ...config,
    } as StreamsConfig,
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  });
  return { socket, registry };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const LIST = JSON.stringify({ method: 'LIST_SUBSCRIPTIONS', id: 1 });

describe(StreamConnection.name, () => {
  afterEach(() => jest.useRealTimers());

  it('answers a burst within WS_MESSAGE_BURST and disconnects a client past it with 1008', async () => {
    const { socket, registry } = connection({ WS_MESSAGE_BURST: 10 });
    for (let i = 0; i < 10; i++) socket.emit('message', Buffer.from(LIST));
    await flush();
    expect(socket.sent).toHaveLength(10);
    expect(socket.closedWith).toBeUndefined();

    socket.emit('message', Buffer.from(LIST));
    await flush();
    expect(socket.closedWith).toBe(1008);
    expect(socket.sent).toHaveLength(10);
    expect(await registry.getSingleMetricAsString('ws_flood_disconnects_total')).toMatch(/ 1$/m);
  });

  it('refills at WS_MESSAGES_PER_SECOND: a client that keeps to the rate stays connected', async () => {
    jest.useFakeTimers({ now: 0, doNotFake: ['setImmediate'] });
    const { socket } = connection({ WS_MESSAGES_PER_SECOND: 5, WS_MESSAGE_BURST: 5 });
    for (let second = 0; second < 20; second++) {
      for (let i = 0; i < 5; i++) socket.emit('message', Buffer.from(LIST));
      jest.setSystemTime((second + 1) * 1000);
    }
    await flush();
    expect(socket.closedWith).toBeUndefined();
    expect(socket.sent).toHaveLength(100);
  });

  it('leaves the streams as they were when a SUBSCRIBE fails part way', async () => {
    const started: string[] = [];
    const stopped: string[] = [];
    const hub = {
      subscribe: (name: string) => {
        if (name === 'ethusdt@trade') return Promise.reject(new Error('NATS is away'));
        started.push(name);
        return Promise.resolve();
      },
      unsubscribe: (name: string) => void stopped.push(name),
    } as unknown as StreamHubService;
    const resolver = {
      resolve: (names: string[]) =>
        Promise.resolve({ ok: true, streams: names.map((name) => ({ name, spec: {}, symbol: undefined })) }),
    } as unknown as StreamResolver;
    const { socket, registry } = connection({}, { hub, resolver });
    const subscribe = (params: string[], id: number) =>
      socket.emit('message', Buffer.from(JSON.stringify({ method: 'SUBSCRIBE', params, id })));

    subscribe(['bnbusdt@trade'], 1);
    subscribe(['btcusdt@trade', 'btcusdt@depth', 'ethusdt@trade', 'solusdt@trade'], 2);
    socket.emit('message', Buffer.from(LIST));
    await flush();

    expect(socket.sent.map((text) => JSON.parse(text) as unknown)).toEqual([
      { result: null, id: 1 },
      { error: { code: 2, msg: 'Invalid request: the stream is unavailable, retry' }, id: 2 },
      { result: ['bnbusdt@trade'], id: 1 },
    ]);
    expect(started).toEqual(['bnbusdt@trade', 'btcusdt@trade', 'btcusdt@depth']);
    expect(stopped).toEqual(['btcusdt@trade', 'btcusdt@depth']);
    expect(await registry.getSingleMetricAsString('ws_subscriptions')).toMatch(/ 1$/m);
  });

  it('counts pings too', async () => {
    const { socket } = connection({ WS_MESSAGE_BURST: 3 });
    for (let i = 0; i < 4; i++) socket.emit('ping');
    await flush();
    expect(socket.closedWith).toBe(1008);
  });
});
