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

function connection(config: Partial<StreamsConfig>) {
  const socket = new FakeSocket();
  const registry = new Registry();
  const metrics = new StreamsMetrics(registry);
  new StreamConnection(socket as unknown as WebSocket, false, {
    hub: {} as StreamHubService,
    resolver: {} as StreamResolver,
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

  it('counts pings too', async () => {
    const { socket } = connection({ WS_MESSAGE_BURST: 3 });
    for (let i = 0; i < 4; i++) socket.emit('ping');
    await flush();
    expect(socket.closedWith).toBe(1008);
  });
});
