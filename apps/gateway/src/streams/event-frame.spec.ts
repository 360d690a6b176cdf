import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

import { Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';

import { createLogger } from '@exchange/shared-util-logging';

import { corkForThisTurn, envelopeOf, EventFrame } from './event-frame';
import { StreamConnection } from './stream-connection';
import { type StreamHubService } from './stream-hub.service';
import { type StreamResolver } from './stream-resolver';
import { type StreamsConfig } from './streams.config';
import { StreamsMetrics } from './streams.metrics';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe(EventFrame.name, () => {
  const json = JSON.stringify({ e: 'trade', s: 'BTCUSDT', p: '1.00', T: 5 });

  it('encodes the raw event and its combined envelope once each, as Binance words them', () => {
    const frame = new EventFrame(json, envelopeOf('btcusdt@trade'));
    expect(frame.raw.toString()).toBe(json);
    expect(JSON.parse(frame.combined.toString())).toEqual({
      stream: 'btcusdt@trade',
      data: JSON.parse(json),
    });
    expect(frame.combined.toString()).toBe(`{"stream":"btcusdt@trade","data":${json}}`);
    expect(frame.raw).toBe(frame.raw);
    expect(frame.combined).toBe(frame.combined);
  });
});

describe(corkForThisTurn.name, () => {
  const fake = () => {
    const tcp = { corks: 0, uncorks: 0, cork: () => void tcp.corks++, uncork: () => void tcp.uncorks++ };
    return { tcp, socket: { _socket: tcp } as unknown as WebSocket };
  };

  it('corks a socket once per I/O turn and uncorks it after', async () => {
    const a = fake();
    const b = fake();
    corkForThisTurn(a.socket);
    corkForThisTurn(a.socket);
    corkForThisTurn(b.socket);
    expect([a.tcp.corks, a.tcp.uncorks, b.tcp.corks, b.tcp.uncorks]).toEqual([1, 0, 1, 0]);
    await nextTurn();
    expect([a.tcp.uncorks, b.tcp.uncorks]).toEqual([1, 1]);
    corkForThisTurn(a.socket);
    await nextTurn();
    expect([a.tcp.corks, a.tcp.uncorks]).toEqual([2, 2]);
  });

  it('leaves a socket without a TCP socket alone', () => {
    expect(() => corkForThisTurn({} as WebSocket)).not.toThrow();
  });
});

describe('StreamConnection.deliver', () => {
  function connect(socket: unknown, combined: boolean, config: Partial<StreamsConfig> = {}) {
    const registry = new Registry();
    const metrics = new StreamsMetrics(registry);
    const connection = new StreamConnection(socket as WebSocket, combined, {
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
    return { connection, registry };
  }

  it('sends every subscriber of a form the same Buffer as a text frame, and drops a slow consumer', async () => {
    const sockets = Array.from({ length: 3 }, () => {
      const sent: [Buffer, unknown][] = [];
      return {
        sent,
        bufferedAmount: 0,
        closedWith: 0,
        on: () => undefined,
        send: (data: Buffer, options: unknown) => sent.push([data, options]),
        terminate() {
          this.closedWith = -1;
        },
      };
    });
    const raw = connect(sockets[0], false).connection;
    const combined = connect(sockets[1], true).connection;
    const slowSocket = sockets[2]!;
    slowSocket.bufferedAmount = 2048;
    const slow = connect(slowSocket, false, { WS_SEND_BUFFER_BYTES: 2048 });
    const frame = new EventFrame('{"e":"trade"}', envelopeOf('btcusdt@trade'));
    expect([raw.deliver(frame), combined.deliver(frame), slow.connection.deliver(frame)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(sockets[0]!.sent).toEqual([[frame.raw, { binary: false }]]);
    expect(sockets[0]!.sent[0]![0]).toBe(frame.raw);
    expect(sockets[1]!.sent[0]![0]).toBe(frame.combined);
    expect(slowSocket.sent).toEqual([]);
    expect(slowSocket.closedWith).toBe(-1);
    expect(await slow.registry.getSingleMetricAsString('ws_slow_consumer_disconnects_total')).toMatch(/ 1$/m);
    // Closed now: nothing more is sent.
    expect(slow.connection.deliver(frame)).toBe(false);
  });

  it('delivers the events of one turn over a real WebSocket whole and in order, replies among them', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received: string[] = [];
    client.on('message', (data: Buffer, isBinary: boolean) =>
      received.push(`${isBinary ? 'binary' : 'text'} ${data}`),
    );
    await once(client, 'open');
    const [peer] = await accepted;
    const { connection } = connect(peer, true);
    const events = Array.from({ length: 50 }, (_, i) =>
      JSON.stringify({ e: 'trade', t: i, p: 'x'.repeat(i * 40) }),
    );
    const envelope = envelopeOf('btcusdt@trade');
    for (const e of events.slice(0, 25)) connection.deliver(new EventFrame(e, envelope));
    peer.emit(
      'message',
      Buffer.from(JSON.stringify({ method: 'GET_PROPERTY', params: ['combined'], id: 7 })),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const e of events.slice(25)) connection.deliver(new EventFrame(e, envelope));
    while (received.length < 51) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual([
      ...events.slice(0, 25).map((e) => `text {"stream":"btcusdt@trade","data":${e}}`),
      'text {"result":true,"id":7}',
      ...events.slice(25).map((e) => `text {"stream":"btcusdt@trade","data":${e}}`),
    ]);
    client.terminate();
    wss.close();
    server.close();
    await once(server, 'close');
  });
});
