/**
 * `node tools/run.cjs tools/reliability/src/bench-client-cost.ts [--requests 20000] [--messages 200000]`: what
 * bench:load's load processes cost themselves, per order and per WebSocket message, with the exchange replaced by a
 * stub server in another process (an order's RESULT answer; a trade frame broadcast to 200 connections), so that
 * only the client's CPU is counted (process.cpuUsage). Compares the shared test client (fetch, URLSearchParams,
 * JSON.parse of every answer and frame) with load-client.ts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';

import WebSocket from 'ws';

import { GatewayClient } from './client';
import {
  eventTime,
  FormPoster,
  FormSigner,
  ownCpuSeconds,
  RawSubscriber,
  TRADE_TIME_KEY,
} from './load-client';

const RESULT = JSON.stringify({
  symbol: 'BTCUSDT',
  orderId: 123456,
  orderListId: -1,
  clientOrderId: 'b1234x1m',
  transactTime: 1764150000000,
  price: '30000.00',
  origQty: '0.0010',
  executedQty: '0.0010',
  cummulativeQuoteQty: '30.00',
  status: 'FILLED',
  timeInForce: 'IOC',
  type: 'LIMIT',
  side: 'BUY',
  workingTime: 1764150000000,
  selfTradePreventionMode: 'NONE',
});

const SERVER = `
const http = require('node:http');
const { WebSocketServer } = require('ws');
const body = ${JSON.stringify(RESULT)};
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
});
const wss = new WebSocketServer({ server });
let t = 0;
process.stdin.on('data', (c) => {
  const n = Number(String(c).trim());
  for (let i = 0; i < n; i++) {
    const frame = Buffer.from(JSON.stringify({ e: 'trade', E: Date.now(), s: 'BTCUSDT', t: ++t, p: '30000.00', q: '0.0010', T: Date.now(), m: false, M: true }));
    for (const c of wss.clients) c.send(frame, { binary: false });
  }
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function httpCost(base: string, mode: 'shared' | 'load', requests: number): Promise<number> {
  const secret = 'x'.repeat(64);
  const shared = new GatewayClient(base);
  const poster = new FormPoster(base, 32);
  const signer = new FormSigner(secret);
  let seq = 0;
  const one = async () => {
    const id = `b1x${(seq += 1)}`;
    if (mode === 'shared') {
      const answer = await shared.signed<{ status: string }>(
        'POST',
        'order',
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          quantity: '0.0010',
          price: '30000.00',
          timeInForce: 'IOC',
          newOrderRespType: 'RESULT',
          newClientOrderId: id,
        },
        { apiKey: 'k', secret },
      );
      if (answer.body.status !== 'FILLED') throw new Error('stub answer');
    } else {
      const body = signer.payload([
        ['symbol', 'BTCUSDT'],
        ['side', 'BUY'],
        ['type', 'LIMIT'],
        ['quantity', '0.0010'],
        ['price', '30000.00'],
        ['timeInForce', 'IOC'],
        ['newOrderRespType', 'RESULT'],
        ['newClientOrderId', id],
      ]);
      const answer = await poster.post('/api/v3/order', body, 'k');
      if (!answer.body.includes('"status":"FILLED"')) throw new Error('stub answer');
    }
  };
  const run = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next++ < n) await one();
      }),
    );
  };
  await run(1000); // warm-up: connections, JIT
  const cpu0 = ownCpuSeconds();
  await run(requests);
  poster.close();
  return (ownCpuSeconds() - cpu0) / requests;
}

async function wsCost(
  base: string,
  server: { stdin: NodeJS.WritableStream },
  mode: 'shared' | 'load' | 'raw',
  messages: number,
): Promise<number> {
  const connections = 200;
  let received = 0;
  let target = Infinity;
  let reached: () => void = () => undefined;
  const got = () => {
    received += 1;
    if (received >= target) reached();
  };
  let sum = 0;
  const onRaw = (data: Buffer) => {
    const T = eventTime(data, '"e":"trade"', TRADE_TIME_KEY);
    if (T >= 0) sum += Date.now() - T;
    got();
  };
  const sockets: { terminate(): void }[] = await Promise.all(
    Array.from({ length: connections }, async () => {
      if (mode !== 'raw') return undefined;
      const s = new RawSubscriber(`${base.replace('http', 'ws')}/`, onRaw);
      await s.connect();
      return s;
    }),
  ).then(async (raw) =>
    mode === 'raw'
      ? (raw as RawSubscriber[])
      : Promise.all(
          Array.from(
            { length: connections },
            () =>
              new Promise<WebSocket>((resolve) => {
                const socket =
                  mode === 'shared'
                    ? new WebSocket(`${base.replace('http', 'ws')}/`)
                    : new WebSocket(`${base.replace('http', 'ws')}/`, {
                        perMessageDeflate: false,
                        skipUTF8Validation: true,
                      });
                socket.on('message', (data: Buffer) => {
                  const now = Date.now();
                  if (mode === 'shared') {
                    const event = JSON.parse(data.toString()) as { e?: string; T?: number };
                    if (event.e === 'trade' && event.T) sum += now - event.T;
                  } else {
                    const T = eventTime(data, '"e":"trade"', TRADE_TIME_KEY);
                    if (T >= 0) sum += now - T;
                  }
                  got();
                });
                socket.once('open', () => resolve(socket));
              }),
          ),
        ),
  );
  const frames = Math.ceil(messages / connections);
  const cpu0 = ownCpuSeconds();
  // One frame at a time to every connection (as trades come), the next once all have it.
  for (let sent = 0; sent < frames; sent += 1) {
    target = received + connections;
    const done = new Promise<void>((resolve) => (reached = resolve));
    server.stdin.write(`1\n`);
    await done;
  }
  const cpu = ownCpuSeconds() - cpu0;
  const count = received;
  for (const s of sockets) s.terminate();
  if (sum < 0) throw new Error('clock');
  return cpu / count;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '20000' },
      messages: { type: 'string', default: '200000' },
    },
  });
  const server = spawn(process.execPath, ['-e', SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [port] = (await once(server.stdout, 'data')) as [Buffer];
  const base = `http://127.0.0.1:${String(port).trim()}`;
  try {
    for (let round = 1; round <= 2; round++) {
      for (const mode of ['shared', 'load'] as const) {
        const perOrder = await httpCost(base, mode, Number(values.requests));
        const perMessage = await wsCost(base, server, mode, Number(values.messages));
        process.stdout.write(
          `round ${round}, ${mode === 'shared' ? 'shared client (fetch, JSON.parse; ws)' : 'load-client.ts (raw HTTP sockets; ws, eventTime)'}: ${(perOrder * 1e6).toFixed(0)} µs CPU per order, ${(perMessage * 1e6).toFixed(1)} µs CPU per WebSocket message\n`,
        );
        if (mode === 'load') {
          const raw = await wsCost(base, server, 'raw', Number(values.messages));
          process.stdout.write(
            `round ${round}, load-client.ts RawSubscriber: ${(raw * 1e6).toFixed(1)} µs CPU per WebSocket message\n`,
          );
        }
      }
    }
  } finally {
    server.kill();
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
