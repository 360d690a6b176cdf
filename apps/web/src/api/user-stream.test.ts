// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, type WebSocket as ServerSocket, WebSocketServer } from 'ws';

import { type UserEvent } from '../lib/account-events';
import { UserStream } from './user-stream';

async function until(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 300 && !condition(); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(condition()).toBe(true);
}

/** A gateway stand-in: hands out listen keys, serves `/ws/<key>` for the current one and records keepalives. */
function gateway() {
  const wss = new WebSocketServer({ port: 0 });
  const sockets: ServerSocket[] = [];
  const paths: string[] = [];
  let current = 'k'.repeat(64);
  const keepalives: string[] = [];
  const deleted: string[] = [];
  wss.on('connection', (socket, request) => {
    paths.push(request.url ?? '');
    sockets.push(socket);
  });
  const api = {
    openUserStream: () => Promise.resolve({ listenKey: current }),
    keepUserStream: (listenKey: string) => {
      keepalives.push(listenKey);
      return listenKey === current ? Promise.resolve({}) : Promise.reject(new Error('-1125'));
    },
    closeUserStream: (listenKey: string) => {
      deleted.push(listenKey);
      return Promise.resolve({});
    },
  };
  const port = (wss.address() as { port: number }).port;
  return {
    wss,
    sockets,
    paths,
    keepalives,
    deleted,
    api,
    base: `ws://127.0.0.1:${port}`,
    rotate: (next: string) => (current = next),
  };
}

describe(UserStream.name, () => {
  let server: ReturnType<typeof gateway>;
  let sut: UserStream | undefined;

  afterEach(async () => {
    sut?.stop();
    for (const socket of server.sockets) socket.terminate();
    await new Promise((resolve) => server.wss.close(resolve));
  });

  it('connects with the listen key, delivers events, and after a drop asks for a key again and re-reads', async () => {
    server = gateway();
    sut = new UserStream(
      server.api,
      () => server.base,
      WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    );
    const events: UserEvent[] = [];
    let live = 0;
    sut.subscribe({ onEvent: (e) => events.push(e), onLive: () => live++ });
    sut.start();
    await until(() => live === 1);
    expect(server.paths).toEqual([`/ws/${'k'.repeat(64)}`]);
    expect(sut.connectionState).toBe('open');

    const position = { e: 'outboundAccountPosition', E: 1, u: 1, B: [{ a: 'BTC', f: '1.0', l: '0.0' }] };
    server.sockets[0]!.send(JSON.stringify(position));
    server.sockets[0]!.send('not json');
    await until(() => events.length === 1);
    expect(events).toEqual([position]);

    // The key expired: the server says so and hangs up; the client gets the new key and reads afresh.
    server.rotate('n'.repeat(64));
    server.sockets[0]!.send(JSON.stringify({ e: 'listenKeyExpired', E: 2, listenKey: 'k'.repeat(64) }));
    server.sockets[0]!.close(1000);
    await until(() => live === 2);
    expect(server.paths).toEqual([`/ws/${'k'.repeat(64)}`, `/ws/${'n'.repeat(64)}`]);
    expect(events.map((e) => e.e)).toEqual(['outboundAccountPosition', 'listenKeyExpired']);
  });

  it('keeps the key alive and reconnects when the keepalive finds it gone', async () => {
    server = gateway();
    sut = new UserStream(
      server.api,
      () => server.base,
      WebSocket as unknown as new (url: string) => globalThis.WebSocket,
      100,
    );
    let live = 0;
    sut.subscribe({ onLive: () => live++ });
    sut.start();
    await until(() => server.keepalives.length >= 2);
    expect(new Set(server.keepalives)).toEqual(new Set(['k'.repeat(64)]));
    server.rotate('m'.repeat(64));
    await until(() => live === 2 && server.paths.length === 2);
    expect(server.paths[1]).toBe(`/ws/${'m'.repeat(64)}`);
  });

  it('closes on sign-out and connects afresh on the next sign-in', async () => {
    server = gateway();
    sut = new UserStream(
      server.api,
      () => server.base,
      WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    );
    let live = 0;
    sut.subscribe({ onLive: () => live++ });
    sut.start();
    await until(() => live === 1);
    const closed = new Promise((resolve) => server.sockets[0]!.once('close', resolve));
    sut.stop();
    expect(sut.connectionState).toBe('connecting');
    await closed;
    sut.start();
    await until(() => live === 2);
    expect(server.paths).toEqual([`/ws/${'k'.repeat(64)}`, `/ws/${'k'.repeat(64)}`]);
    expect(server.deleted).toEqual([]);
  });

  it('deletes its listen key on log-out', async () => {
    server = gateway();
    sut = new UserStream(
      server.api,
      () => server.base,
      WebSocket as unknown as new (url: string) => globalThis.WebSocket,
    );
    let live = 0;
    sut.subscribe({ onLive: () => live++ });
    sut.start();
    await until(() => live === 1);
    const closed = new Promise((resolve) => server.sockets[0]!.once('close', resolve));
    await sut.close();
    await closed;
    expect(server.deleted).toEqual(['k'.repeat(64)]);
  });
});
