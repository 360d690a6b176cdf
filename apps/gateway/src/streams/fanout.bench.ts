/**
 * `node tools/run.cjs apps/gateway/src/streams/fanout.bench.ts [--connections 1000] [--events 2000] [--per-turn 2]
 * [--combined] [--streams-dir <dir>]`: the gateway's WebSocket fan-out alone — `StreamConnection`s on a real `ws`
 * server, fed events the way `StreamHubService` emits them (one serialisation per event), to `--connections`
 * subscribers in another process that only read — and the CPU it costs per delivered message (process.cpuUsage of
 * this process, which holds only the server side). Events come `--per-turn` at a time in one I/O turn (as a NATS
 * batch of trades does), one turn every 5 ms. `--streams-dir` loads another copy of this folder (e.g. HEAD's, from
 * `git archive`) to compare builds back to back.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { Registry } from 'prom-client';
import { type WebSocket, WebSocketServer } from 'ws';

import { createLogger } from '@exchange/shared-util-logging';

import { type StreamConnection as Connection } from './stream-connection';
import { type StreamsConfig } from './streams.config';
import { StreamsMetrics } from './streams.metrics';

/** The subscribers: plain TCP sockets that upgrade and then read and drop every byte. */
const READERS = `
const net = require('node:net');
const [port, n] = process.argv.slice(1).map(Number);
let open = 0, bytes = 0;
for (let i = 0; i < n; i++) {
  const s = net.connect(port, '127.0.0.1', () => s.write('GET /ws/btcusdt@trade HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n'));
  let upgraded = false;
  s.on('data', (c) => { bytes += c.length; if (!upgraded) { upgraded = true; if (++open === n) process.stdout.write('open\\n'); } });
}
process.stdin.on('data', () => process.stdout.write(bytes + '\\n'));
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '1000' },
      events: { type: 'string', default: '2000' },
      'per-turn': { type: 'string', default: '2' },
      combined: { type: 'boolean', default: false },
      'streams-dir': { type: 'string', default: __dirname },
    },
  });
  const n = Number(values.connections);
  const perTurn = Number(values['per-turn']);
  const dir = path.resolve(values['streams-dir']);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StreamConnection } = require(path.join(dir, 'stream-connection')) as {
    StreamConnection: typeof Connection;
  };
  const frames = (() => {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(path.join(dir, 'event-frame')) as typeof import('./event-frame');
    } catch {
      return undefined; // a build from before event-frame.ts
    }
  })();
  const metrics = new StreamsMetrics(new Registry());
  const context = {
    hub: {} as never,
    resolver: {} as never,
    metrics,
    config: {
      WS_MAX_STREAMS_PER_CONNECTION: 1024,
      WS_SEND_BUFFER_BYTES: 4 << 20,
      WS_MESSAGES_PER_SECOND: 5,
      WS_MESSAGE_BURST: 50,
    } as StreamsConfig,
    logger: createLogger({ service: 'gateway', level: 'silent' }),
  };
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const connections: Connection[] = [];
  wss.on('connection', (ws: WebSocket) =>
    connections.push(new StreamConnection(ws, values.combined, context)),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const readers = spawn(
    process.execPath,
    ['-e', READERS, String((server.address() as AddressInfo).port), String(n)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await once(readers.stdout, 'data');
  while (connections.length < n) await new Promise((resolve) => setTimeout(resolve, 10));

  // What StreamHubService.emit does, in the build being measured.
  const name = 'btcusdt@trade';
  const emit = (data: object) => {
    if (frames) {
      const frame = new frames.EventFrame(JSON.stringify(data), frames.envelopeOf(name));
      let sent = 0;
      for (const c of connections) if ((c.deliver as (f: unknown) => boolean)(frame)) sent++;
      if (sent) metrics.messagesSent.inc(sent);
    } else {
      const raw = JSON.stringify(data);
      const combined = `{"stream":${JSON.stringify(name)},"data":${raw}}`;
      for (const c of connections) (c.deliver as unknown as (r: string, c: string) => void)(raw, combined);
    }
  };
  let t = 0;
  const trade = () => ({
    e: 'trade',
    E: Date.now(),
    s: 'BTCUSDT',
    t: ++t,
    p: '30000.00',
    q: '0.0010',
    T: Date.now(),
    m: false,
    M: true,
  });
  const turns = Math.ceil(Number(values.events) / perTurn);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < turns; i++) {
    for (let k = 0; k < perTurn; k++) emit(trade());
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  const cpu = process.cpuUsage(cpu0);
  const elapsed = (performance.now() - started) / 1000;
  readers.stdin.write('bytes\n');
  const [bytes] = (await once(readers.stdout, 'data')) as [Buffer];
  const messages = turns * perTurn * n;
  process.stdout.write(
    `${frames ? 'event-frame' : 'before'} (${dir}): ${n} connections${values.combined ? ' (combined)' : ''}, ${messages} messages in ${elapsed.toFixed(1)} s, ${perTurn} per turn; server CPU ${((cpu.user + cpu.system) / messages).toFixed(2)} µs per message (user ${(cpu.user / messages).toFixed(2)}, system ${(cpu.system / messages).toFixed(2)}); readers got ${String(bytes).trim()} bytes\n`,
  );
  readers.kill();
  for (const c of wss.clients) c.terminate();
  wss.close();
  server.close();
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
