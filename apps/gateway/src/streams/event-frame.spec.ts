import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

import { Registry } from 'prom-client';
import { WebSocket, WebSocketServer } from 'ws';

import { createLogger } from '@exchange/shared-util-logging';

import { envelopeOf, EventFrame, textFrame } from './event-frame';
import { joinFrames, WRITE_SLICE } from './frame-writer';
import { StreamConnection } from './stream-connection';
import { type StreamHubService } from './stream-hub.service';
import { type StreamResolver } from './stream-resolver';
import { type StreamsConfig } from './streams.config';
import { StreamsMetrics } from './streams.metrics';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A `ws` server and client on loopback: the server side's socket, the client's messages as read, and a close. */
async function wsPair() {
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
  const close = async () => {
    client.terminate();
    wss.close();
    server.close();
    await once(server, 'close');
  };
  return { peer, received, close };
}

/** Writes `frames` as they are to a `ws` client's TCP socket and returns the messages it read. */
async function throughWs(frames: Buffer[]): Promise<string[]> {
  const { peer, received, close } = await wsPair();
  const tcp = (peer as unknown as { _socket: { write(b: Buffer): void } })._socket;
  for (const f of frames) tcp.write(f);
  while (received.length < frames.length) await new Promise((resolve) => setTimeout(resolve, 5));
  await close();
  return received;
}

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

describe(textFrame.name, () => {
  it.each([0, 1, 125, 126, 65_535, 65_536])(
    'frames a %i-byte payload as one unmasked text frame that ws reads back',
    async (length) => {
      const payload = Buffer.alloc(length, 'a');
      const frame = textFrame(payload);
      const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
      expect(frame.length).toBe(header + length);
      expect(frame[0]).toBe(0x81);
      expect(frame[1]! & 0x80).toBe(0);
      const received = await throughWs([frame]);
      expect(received).toEqual([`text ${payload.toString()}`]);
    },
  );

  it('keeps the frame of each form with the event', () => {
    const frame = new EventFrame('{"e":"trade"}', envelopeOf('btcusdt@trade'));
    expect(frame.rawFrame.subarray(2)).toEqual(frame.raw);
    expect(frame.combinedFrame.subarray(2)).toEqual(frame.combined);
    expect(frame.rawFrame).toBe(frame.rawFrame);
    expect(frame.combinedFrame).toBe(frame.combinedFrame);
  });
});

describe(joinFrames.name, () => {
  it('joins frames in order, handing out the same join for the same frames, and passes one frame as it is', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((x) => Buffer.from(x));
    expect(joinFrames([a!])).toBe(a);
    const ab = joinFrames([a!, b!]);
    expect(ab.toString()).toBe('ab');
    expect(joinFrames([a!, b!])).toBe(ab);
    expect(joinFrames([b!, a!]).toString()).toBe('ba');
    expect(joinFrames([a!, b!, c!]).toString()).toBe('abc');
    // Equal bytes in other Buffers are other frames: joined again, never mixed up.
    const again = joinFrames([Buffer.from('a'), Buffer.from('b')]);
    expect(again.toString()).toBe('ab');
    expect(again).not.toBe(ab);
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

  /** A `ws` WebSocket's stand-in: its TCP socket records each write. */
  function fakeSocket(bufferedAmount = 0) {
    const writes: Buffer[] = [];
    return {
      writes,
      bufferedAmount,
      readyState: WebSocket.OPEN,
      closedWith: 0,
      _socket: { writable: true, write: (data: Buffer) => writes.push(data) },
      on: () => undefined,
      terminate() {
        this.closedWith = -1;
      },
    };
  }

  it('writes every subscriber of a form the same frame Buffer after the turn, and drops a slow consumer', async () => {
    const sockets = [fakeSocket(), fakeSocket(), fakeSocket(2048)];
    const raw = connect(sockets[0], false).connection;
    const combined = connect(sockets[1], true).connection;
    const slowSocket = sockets[2]!;
    const slow = connect(slowSocket, false, { WS_SEND_BUFFER_BYTES: 2048 });
    const frame = new EventFrame('{"e":"trade"}', envelopeOf('btcusdt@trade'));
    expect([raw.deliver(frame), combined.deliver(frame), slow.connection.deliver(frame)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(sockets[0]!.writes).toEqual([]);
    await nextTurn();
    expect(sockets[0]!.writes).toHaveLength(1);
    expect(sockets[0]!.writes[0]).toBe(frame.rawFrame);
    expect(sockets[1]!.writes[0]).toBe(frame.combinedFrame);
    expect(slowSocket.writes).toEqual([]);
    expect(slowSocket.closedWith).toBe(-1);
    expect(await slow.registry.getSingleMetricAsString('ws_slow_consumer_disconnects_total')).toMatch(/ 1$/m);
    // Closed now: nothing more is sent.
    expect(slow.connection.deliver(frame)).toBe(false);
  });

  it('counts the frames waiting for the writer as unsent: a consumer is dropped before they pass the limit', async () => {
    const socket = fakeSocket();
    const { connection, registry } = connect(socket, false, { WS_SEND_BUFFER_BYTES: 1024 });
    const frame = new EventFrame(JSON.stringify({ e: 'trade', p: 'x'.repeat(300) }), envelopeOf('x'));
    expect([1, 2, 3, 4].map(() => connection.deliver(frame))).toEqual([true, true, true, false]);
    expect(socket.closedWith).toBe(-1);
    expect(await registry.getSingleMetricAsString('ws_slow_consumer_disconnects_total')).toMatch(/ 1$/m);
    await nextTurn();
    // What waited when the connection was dropped is not written.
    expect(socket.writes).toEqual([]);
  });

  it("checks a frame against the socket's backlog as read at the last write, and against the live one before dropping", async () => {
    const socket = fakeSocket();
    const { connection } = connect(socket, false, { WS_SEND_BUFFER_BYTES: 1024 });
    const frame = new EventFrame(JSON.stringify({ e: 'trade', p: 'x'.repeat(300) }), envelopeOf('x'));
    expect(connection.deliver(frame)).toBe(true);
    // The write leaves 800 bytes in the socket's buffer: the next frame would pass the limit.
    socket._socket.write = (data: Buffer) => {
      socket.bufferedAmount = 800;
      return socket.writes.push(data);
    };
    await nextTurn();
    expect(socket.writes).toHaveLength(1);
    // Drained since: the stale backlog says no, the live one yes; the consumer stays.
    socket.bufferedAmount = 0;
    expect(connection.deliver(frame)).toBe(true);
    expect(socket.closedWith).toBe(0);
    // Still backed up after the next write (as read then): the frame after it is refused and the consumer dropped.
    await nextTurn();
    expect(socket.writes).toHaveLength(2);
    expect(connection.deliver(frame)).toBe(false);
    expect(socket.closedWith).toBe(-1);
  });

  it('writes all the frames of a turn in one write, and WRITE_SLICE connections per turn', async () => {
    const sockets = Array.from({ length: WRITE_SLICE + 1 }, () => fakeSocket());
    const connections = sockets.map((s) => connect(s, false).connection);
    const frames = ['{"e":"a"}', '{"e":"b"}'].map((e) => new EventFrame(e, envelopeOf('x')));
    for (const frame of frames) for (const c of connections) c.deliver(frame);
    await nextTurn();
    expect(sockets.filter((s) => s.writes.length === 1)).toHaveLength(WRITE_SLICE);
    const last = sockets[WRITE_SLICE]!;
    expect(last.writes).toEqual([]);
    // An event that comes before the last connection's turn joins what waits for it.
    const late = new EventFrame('{"e":"c"}', envelopeOf('x'));
    connections[WRITE_SLICE]!.deliver(late);
    connections[0]!.deliver(late);
    await nextTurn();
    expect(last.writes).toEqual([Buffer.concat([frames[0]!.rawFrame, frames[1]!.rawFrame, late.rawFrame])]);
    // The first connection, written already, gets the late event in a write of its own, after the last one's.
    expect(sockets[0]!.writes).toEqual([Buffer.concat(frames.map((f) => f.rawFrame)), late.rawFrame]);
    expect(sockets[0]!.writes[1]).toBe(late.rawFrame);
    // The connections of one slice got the same join.
    expect(sockets[1]!.writes[0]).toBe(sockets[2]!.writes[0]);
  });

  it('delivers the events of one turn over a real WebSocket whole and in order, replies among them', async () => {
    const { peer, received, close } = await wsPair();
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
    await close();
  });
});
