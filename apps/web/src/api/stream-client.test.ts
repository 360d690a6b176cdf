// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, type WebSocket as ServerSocket, WebSocketServer } from 'ws';

import { type ConnectionState, StreamClient } from './stream-client';

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 300 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(condition()).toBe(true);
}

/** A Binance-style stream server: acks SUBSCRIBE, records requests, and lets the test push events or hang up. */
function streamServer() {
  const wss = new WebSocketServer({ port: 0 });
  const sockets: ServerSocket[] = [];
  const requests: { method: string; params: string[] }[] = [];
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { method: string; params: string[]; id: number };
      requests.push(request);
      socket.send(JSON.stringify({ result: null, id: request.id }));
    });
  });
  const port = (wss.address() as { port: number }).port;
  return { wss, sockets, requests, url: `ws://127.0.0.1:${port}/stream` };
}

describe(StreamClient.name, () => {
  let server: ReturnType<typeof streamServer>;

  afterEach(async () => {
    for (const socket of server.sockets) socket.terminate();
    await new Promise((resolve) => server.wss.close(resolve));
  });

  it('subscribes, routes combined and raw events, and resubscribes after the connection drops', async () => {
    server = streamServer();
    const sut = new StreamClient(
      server.url,
      WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    );
    const states: ConnectionState[] = [];
    sut.onState((state) => states.push(state));
    const events: unknown[] = [];
    let live = 0;
    const unsubscribe = sut.subscribe('btcusdt@trade', {
      onEvent: (e) => events.push(e),
      onLive: () => live++,
    });

    await until(() => live === 1);
    expect(server.requests).toEqual([{ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }]);
    server.sockets[0]!.send(
      JSON.stringify({ stream: 'btcusdt@trade', data: { e: 'trade', s: 'BTCUSDT', t: 1 } }),
    );
    server.sockets[0]!.send(JSON.stringify({ e: 'trade', s: 'BTCUSDT', t: 2 }));
    server.sockets[0]!.send(
      JSON.stringify({ stream: 'ethusdt@trade', data: { e: 'trade', s: 'ETHUSDT', t: 3 } }),
    );
    await until(() => events.length === 2);
    expect(events).toEqual([
      { e: 'trade', s: 'BTCUSDT', t: 1 },
      { e: 'trade', s: 'BTCUSDT', t: 2 },
    ]);

    server.sockets[0]!.terminate();
    await until(() => live === 2);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(server.requests.at(-1)).toMatchObject({ method: 'SUBSCRIBE', params: ['btcusdt@trade'] });

    unsubscribe();
    await until(() => server.requests.at(-1)?.method === 'UNSUBSCRIBE');
    expect(server.requests.at(-1)?.params).toEqual(['btcusdt@trade']);
  });
});
