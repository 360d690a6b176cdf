import { type AddressInfo } from 'node:net';

import fc from 'fast-check';
import { WebSocketServer } from 'ws';

import { frameProblem, validSubscription, type WsFrame, wsBadUrls, wsFrameCases } from './ws-fuzz';

const LISTEN_KEY = 'K'.repeat(64);
const VALID_NAMES = new Set(['btcusdt@trade', LISTEN_KEY]);

describe('WebSocket fuzz generators', () => {
  it('never make a valid request: each text request names a stream that does not exist or is malformed', () => {
    fc.assert(
      fc.property(wsFrameCases(), ({ frames }) => {
        for (const frame of frames) {
          if (frame.binary || frame.expect !== 'error' || typeof frame.data !== 'string') continue;
          let body: unknown;
          try {
            body = JSON.parse(frame.data);
          } catch {
            continue;
          }
          const { method, params, id } = (body ?? {}) as { method?: unknown; params?: unknown; id?: unknown };
          const idOk =
            id === undefined ||
            id === null ||
            (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) ||
            (typeof id === 'string' && id.length > 0 && id.length <= 64);
          const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
          const wellFormed = keys.every((k) => ['method', 'params', 'id'].includes(k));
          // The only requests that could pass: SUBSCRIBE of existing names only, with nothing else wrong.
          if (wellFormed && idOk && method === 'SUBSCRIBE' && Array.isArray(params)) {
            expect(params.every((p) => VALID_NAMES.has(p as string))).toBe(false);
          }
        }
      }),
      { seed: 14, numRuns: 500 },
    );
  });

  it('URLs always name something that does not exist beside what does', () => {
    fc.assert(
      fc.property(wsBadUrls(LISTEN_KEY), (url) => {
        const names = url.startsWith('/stream')
          ? decodeURIComponent(url.slice('/stream?streams='.length)).split('/')
          : url.slice('/ws/'.length).split('/').map(decodeURIComponent);
        expect(names.some((n) => !VALID_NAMES.has(n))).toBe(true);
      }),
      { seed: 14, numRuns: 200 },
    );
  });
});

describe(frameProblem.name, () => {
  const bad: WsFrame = { kind: 'bad', data: '{}', binary: false, expect: 'error', id: 7 };
  const huge: WsFrame = { kind: 'huge', data: 'x', binary: false, expect: 'close', closeCodes: [1009] };

  it('accepts Binance error frames with the id sent, and the expected close', () => {
    expect(
      frameProblem(bad, { message: '{"error":{"code":2,"msg":"Invalid request"},"id":7}' }),
    ).toBeUndefined();
    expect(frameProblem(huge, { close: 1009 })).toBeUndefined();
    expect(
      frameProblem({ ...bad, expect: 'either', closeCodes: [1003], id: undefined }, { close: 1003 }),
    ).toBeUndefined();
  });

  it('refuses a success, another id, other shapes, the wrong close and silence', () => {
    expect(frameProblem(bad, { message: '{"result":null,"id":7}' })).toMatch(/not Binance's error frame/);
    expect(frameProblem(bad, { message: '{"error":{"code":2,"msg":"x"},"id":null}' })).toMatch(
      /with id null/,
    );
    expect(frameProblem(bad, { message: '{"error":{"code":-1,"msg":"x"},"id":7}' })).toMatch(/not Binance/);
    expect(frameProblem(bad, { message: '{"error":{"code":2,"msg":"x"},"id":7,"x":1}' })).toMatch(
      /not Binance/,
    );
    expect(frameProblem(bad, { message: 'oops' })).toMatch(/not JSON/);
    expect(frameProblem(bad, { close: 1006 })).toMatch(/closed with 1006/);
    expect(frameProblem(huge, { close: 1000 })).toMatch(/closed with 1000/);
    expect(frameProblem(huge, { message: '{"error":{"code":2,"msg":"x"},"id":1}' })).toMatch(
      /expected a close/,
    );
    expect(frameProblem(bad, { timeout: true })).toMatch(/no answer/);
  });
});

describe(validSubscription.name, () => {
  /** A stream server that starts with `streams` and, once subscribed, sends `extra` before the list's answer. */
  async function server(streams: string[], extra: object[] = []): Promise<{ base: string; close(): void }> {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    wss.on('connection', (socket) => {
      const mine = [...streams];
      socket.on('message', (data) => {
        const { method, params, id } = JSON.parse(String(data)) as {
          method: string;
          params?: string[];
          id: string;
        };
        if (method === 'SUBSCRIBE') {
          mine.push(...(params ?? []));
          socket.send(JSON.stringify({ result: null, id }));
        } else {
          for (const event of mine.length > streams.length ? extra : []) socket.send(JSON.stringify(event));
          socket.send(JSON.stringify({ result: mine, id }));
        }
      });
    });
    const { port } = wss.address() as AddressInfo;
    return { base: `ws://127.0.0.1:${port}`, close: () => wss.close() };
  }
  const trade = { e: 'trade', E: 1, s: 'BTCUSDT', t: 1, p: '1', q: '1', T: 1, m: false, M: true };

  it('passes a connection left without streams whose valid SUBSCRIBE lists exactly that stream', async () => {
    const s = await server([], [trade, { stream: 'btcusdt@trade', data: trade }]);
    try {
      expect(await validSubscription(s.base, undefined)).toBeUndefined();
    } finally {
      s.close();
    }
  });

  it('finds a stream that a refused request left subscribed', async () => {
    const s = await server(['btcusdt@depth']);
    try {
      expect(await validSubscription(s.base, undefined)).toMatch(
        /after the refused requests, LIST_SUBSCRIPTIONS gave \["btcusdt@depth"\]/,
      );
    } finally {
      s.close();
    }
  });

  it('finds an event of a stream the connection did not ask for', async () => {
    const s = await server([], [{ ...trade, s: 'ETHUSDT' }]);
    try {
      expect(await validSubscription(s.base, undefined)).toMatch(/before the answer to valid-2: .*ETHUSDT/);
    } finally {
      s.close();
    }
  });
});
