import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { connect, type JetStreamManager, type NatsConnection } from 'nats';

import { STREAMS, matchingCommandMessageSchema } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, WORKSPACE_ROOT, startServiceProcess } from '@exchange/shared-util-testing';

import { runCli } from '../src/cli';
import { readLeaders } from '../src/kube/leases';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SHARED_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Spawns processes and waits on servers: generous, never a timing threshold. */
const TIMEOUT_MS = 90_000;

const run = `t_exchangectl_${process.pid}_${randomBytes(3).toString('hex')}`;

/** Runs the CLI in this process, as `main.ts` would, capturing its output. */
async function ctl(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForNats(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const nc = await connect({ servers: url, reconnect: false, timeout: 1_000 });
      await (await nc.jetstreamManager()).getAccountInfo();
      await nc.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * The status subjects carry no run prefix (every pod of a service answers `<svc>.query.status.v1`), so on the shared
 * NATS server another run's services could answer this spec's queries. These tests use a NATS server of their own,
 * started from the same `nats-server` binary, where only what the spec starts can answer.
 */
describe('exchangectl status and health (own NATS server, users service as a real process)', () => {
  let natsServer: ChildProcess;
  let natsDir: string;
  let natsUrl: string;
  let users: ServiceProcess;
  let usersBase: string;

  beforeAll(async () => {
    natsDir = mkdtempSync(join(tmpdir(), 'exchangectl-nats-'));
    const port = await freePort();
    natsUrl = `nats://127.0.0.1:${port}`;
    natsServer = spawn('nats-server', ['-js', '-sd', natsDir, '-a', '127.0.0.1', '-p', String(port)], {
      stdio: 'ignore',
    });
    await waitForNats(natsUrl);
    await createDatabase(SERVER_URL, run);
    users = startServiceProcess('apps/users/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, run),
      NATS_URL: natsUrl,
      NATS_STREAM_PREFIX: run,
      // Read only if the service uses Redis (its config schema ignores what it does not read).
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    const listening = await users.waitForLog((line) => line.msg === 'listening');
    usersBase = `http://127.0.0.1:${listening.port as number}`;
  }, TIMEOUT_MS);

  afterAll(async () => {
    await users?.stop('SIGTERM');
    natsServer?.kill('SIGTERM');
    await dropDatabase(SERVER_URL, run);
    const redis = createRedisClient({
      url: REDIS_URL,
      keyPrefix: `${run}:`,
      connectionName: 'exchangectl-spec',
    });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
    rmSync(natsDir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  it(
    'reports a running service ready, with its checks, and exits 0',
    async () => {
      const result = await ctl(['status', '--service', 'users', '--nats', natsUrl]);
      expect(result).toMatchObject({ code: 0, err: '' });
      // Every check the service reports is up; which ones depends on the service (postgres, nats, maybe redis).
      expect(result.out).toMatch(/^users\s+ready\s+\d+\.\d+\.\d+\s+\d+s\s+postgres=up nats=up( \w+=up)*$/m);

      const json = await ctl(['status', '--service', 'users', '--json'], { NATS_URL: natsUrl });
      expect(JSON.parse(json.out)).toEqual([
        expect.objectContaining({
          service: 'users',
          subject: 'users.query.status.v1',
          state: 'ready',
          status: expect.objectContaining({
            service: 'users',
            ready: true,
            checks: expect.objectContaining({ postgres: 'up', nats: 'up' }),
          }),
        }),
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'reports the services that do not answer and exits 1',
    async () => {
      const result = await ctl(['status', '--nats', natsUrl, '--timeout', '1000']);
      expect(result.code).toBe(1);
      expect(result.out).toMatch(/^users\s+ready\b/m);
      for (const service of ['gateway', 'wallet', 'matching', 'market-data']) {
        expect(result.out).toMatch(new RegExp(`^${service}\\s+no answer\\s+-\\s+-\\s+no responders$`, 'm'));
      }
      expect(result.err).toBe(
        '4 of 5 services not ready: gateway (no answer), wallet (no answer), matching (no answer), market-data (no answer)',
      );
    },
    TIMEOUT_MS,
  );

  it(
    'exits 1 from the real process when a service is missing',
    () => {
      const child = spawnSync(
        process.execPath,
        [
          'tools/run.cjs',
          'tools/exchangectl/src/main.ts',
          'status',
          '--service',
          'wallet',
          '--nats',
          natsUrl,
        ],
        { cwd: WORKSPACE_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: TIMEOUT_MS },
      );
      expect({ status: child.status, stderr: child.stderr }).toEqual({
        status: 1,
        stderr: '1 of 1 services not ready: wallet (no answer)\n',
      });
      expect(child.stdout).toMatch(/^wallet\s+no answer\b/m);
    },
    TIMEOUT_MS,
  );

  it(
    'health: 200 from a ready service exits 0; no answer exits 1',
    async () => {
      const ready = await ctl(['health', '--url', usersBase]);
      expect(ready).toMatchObject({ code: 0, err: '' });
      expect(ready.out).toMatch(
        new RegExp(`^${usersBase}/health/ready: 200 ok  postgres=up nats=up( \\w+=up)*$`),
      );

      const closed = `http://127.0.0.1:${await freePort()}`;
      const down = await ctl(['health', '--url', closed]);
      expect(down.code).toBe(1);
      expect(down.err).toBe(`${closed}/health/ready: no answer (ECONNREFUSED)`);
    },
    TIMEOUT_MS,
  );

  it(
    'health: 503 once the service loses NATS exits 1 naming the check; status cannot connect and exits 1',
    async () => {
      natsServer.kill('SIGTERM');
      await new Promise((resolve) => natsServer.once('exit', resolve));
      let result = await ctl(['health', '--url', usersBase, '--timeout', '10000']);
      for (let i = 0; i < 20 && result.code === 0; i++) {
        await new Promise((r) => setTimeout(r, 500));
        result = await ctl(['health', '--url', usersBase, '--timeout', '10000']);
      }
      expect(result.code).toBe(1);
      expect(result.out).toMatch(
        new RegExp(`^${usersBase}/health/ready: 503 unavailable  postgres=up nats=down`),
      );

      const status = await ctl(['status', '--nats', natsUrl]);
      expect(status.code).toBe(1);
      expect(status.err).toMatch(new RegExp(`^exchangectl: cannot connect to NATS at ${natsUrl}: `));
    },
    TIMEOUT_MS,
  );
});

describe('exchangectl market --engine-only and streams (shared NATS, run prefix)', () => {
  const names = new NatsNames(run);
  const cmdStream = names.stream(STREAMS.CMD.name);
  const evtStream = names.stream(STREAMS.EVT.name);
  const subject = names.subject('cmd.BTC-USDT');
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connect({ servers: SHARED_NATS_URL });
    jsm = await nc.jetstreamManager();
  }, TIMEOUT_MS);

  afterAll(async () => {
    await new JetStreamAdmin(jsm, names).deleteAllWithPrefix();
    await nc.close();
  }, TIMEOUT_MS);

  const common = ['--nats', SHARED_NATS_URL, '--prefix', run];
  // The recovery path: straight to the engine, no wallet involved.
  const engine = [...common, '--engine-only'];
  // No matching runs under this prefix: the commands are published with --force (no writer's consumer exists).
  const forced = [...engine, '--force'];

  it(
    'market halt --engine-only refuses a market no matching writer reads (no consumer matching-<M>), publishing nothing',
    async () => {
      const result = await ctl(['market', 'halt', 'BTC-USDT', ...engine]);
      expect(result).toMatchObject({ code: 1, out: '' });
      expect(result.err).toBe(
        `exchangectl: unknown market BTC-USDT: no matching writer reads ${subject} (no consumer matching-BTC-USDT on stream ${cmdStream}); ` +
          "check the market id and the shards' MATCHING_MARKETS, or pass --force to publish it anyway",
      );
      expect((await jsm.streams.info(cmdStream)).state.messages).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'market halt --engine-only lands one schema-valid status command on the prefixed CMD stream, Nats-Msg-Id = commandId',
    async () => {
      const commandId = `halt-${run}`;
      const result = await ctl(['market', 'halt', 'BTC-USDT', '--command-id', commandId, ...forced]);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toBe(
        `BTC-USDT: HALTED published to ${subject} (stream ${cmdStream}, seq 1, command ${commandId})`,
      );

      const stored = await jsm.streams.getMessage(cmdStream, { last_by_subj: subject });
      expect(stored.seq).toBe(1);
      expect(stored.header.get('Nats-Msg-Id')).toBe(commandId);
      const message = matchingCommandMessageSchema.parse(stored.json());
      expect(message).toEqual({
        v: 1,
        market: 'BTC-USDT',
        commandId,
        command: { type: 'status', status: 'HALTED', ts: expect.any(Number) },
      });
      expect((await jsm.streams.info(cmdStream)).state.messages).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'a repeat with the same command id is deduplicated by JetStream',
    async () => {
      const result = await ctl(['market', 'halt', 'BTC-USDT', '--command-id', `halt-${run}`, ...forced]);
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toBe(
        `duplicate: ${cmdStream} already holds command halt-${run} (seq 1); nothing new was published`,
      );
      expect((await jsm.streams.info(cmdStream)).state.messages).toBe(1);
    },
    TIMEOUT_MS,
  );

  it(
    'resume and cancel-only get fresh command ids and their statuses',
    async () => {
      const resume = await ctl(['market', 'resume', 'BTC-USDT', '--json', ...forced]);
      const cancelOnly = await ctl(['market', 'cancel-only', 'BTC-USDT', '--json', ...forced]);
      expect([resume.code, cancelOnly.code]).toEqual([0, 0]);
      const [a, b] = [JSON.parse(resume.out), JSON.parse(cancelOnly.out)] as {
        commandId: string;
        seq: number;
        duplicate: boolean;
        command: { status: string };
      }[];
      expect(a).toMatchObject({ seq: 2, duplicate: false, command: { status: 'TRADING' } });
      expect(b).toMatchObject({ seq: 3, duplicate: false, command: { status: 'CANCEL_ONLY' } });
      expect(a.commandId).toMatch(/^admin-[0-9a-f-]{36}$/);
      expect(a.commandId).not.toBe(b.commandId);
      const stored = await jsm.streams.getMessage(cmdStream, { seq: 3 });
      expect(stored.header.get('Nats-Msg-Id')).toBe(b.commandId);
      expect(matchingCommandMessageSchema.parse(stored.json()).command).toMatchObject({
        status: 'CANCEL_ONLY',
      });
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a bad market or action with exit 2 and publishes nothing',
    async () => {
      const badMarket = await ctl(['market', 'halt', 'btc', ...engine]);
      expect(badMarket.code).toBe(2);
      expect(badMarket.err).toMatch(/^exchangectl: invalid market: /);
      const badAction = await ctl(['market', 'pause', 'BTC-USDT', ...engine]);
      expect(badAction.code).toBe(2);
      expect(badAction.err).toMatch(
        /^exchangectl: unknown market action "pause": expected one of halt, resume, cancel-only/,
      );
      expect((await jsm.streams.info(cmdStream)).state.messages).toBe(3);
    },
    TIMEOUT_MS,
  );

  it(
    'streams shows CMD with its counts, EVT and DLQ missing (exit 1), then all (exit 0), prefix from the environment',
    async () => {
      const missing = await ctl(['streams', ...common]);
      expect(missing.code).toBe(1);
      expect(missing.out).toMatch(
        new RegExp(`^${cmdStream}\\s+${run}\\.cmd\\.>\\s+3\\s+\\d+\\s+1\\s+3\\s+0$`, 'm'),
      );
      expect(missing.out).toMatch(new RegExp(`^${evtStream}\\s+\\(missing\\)`, 'm'));
      expect(missing.err).toBe(`missing streams: ${evtStream}, ${names.stream(STREAMS.DLQ.name)}`);

      await new JetStreamAdmin(jsm, names).ensureStream(STREAMS.EVT);
      await new JetStreamAdmin(jsm, names).ensureStream(STREAMS.DLQ);
      const both = await ctl(['streams', '--json'], { NATS_URL: SHARED_NATS_URL, NATS_STREAM_PREFIX: run });
      expect(both).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(both.out)).toEqual([
        expect.objectContaining({
          stream: cmdStream,
          exists: true,
          subjects: [`${run}.cmd.>`],
          messages: 3,
          lastSeq: 3,
        }),
        expect.objectContaining({ stream: evtStream, exists: true, subjects: [`${run}.evt.>`], messages: 0 }),
        expect.objectContaining({
          stream: names.stream(STREAMS.DLQ.name),
          exists: true,
          subjects: [`${run}.dlq.>`],
          messages: 0,
        }),
      ]);
    },
    TIMEOUT_MS,
  );
});

describe('exchangectl market against the real matching service', () => {
  const prefix = `${run}_m`;
  const names = new NatsNames(prefix);
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let matching: ServiceProcess;

  beforeAll(async () => {
    await createDatabase(SERVER_URL, prefix);
    nc = await connect({ servers: SHARED_NATS_URL });
    jsm = await nc.jetstreamManager();
    matching = startServiceProcess('apps/matching/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, prefix),
      NATS_URL: SHARED_NATS_URL,
      NATS_STREAM_PREFIX: prefix,
      MATCHING_MARKETS: 'ETH-USDT',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    await matching.waitForLog((line) => line.msg === 'listening');
  }, TIMEOUT_MS);

  afterAll(async () => {
    await matching?.stop('SIGTERM');
    const admin = new JetStreamAdmin(jsm, names);
    await admin.deleteAllWithPrefix(); // CMD, EVT and matching's snapshot bucket
    await nc.close();
    await dropDatabase(SERVER_URL, prefix);
  }, TIMEOUT_MS);

  it(
    'halts the market (--engine-only, no wallet here): the engine answers with a status event HALTED (was TRADING)',
    async () => {
      const result = await ctl([
        'market',
        'halt',
        'ETH-USDT',
        '--engine-only',
        '--nats',
        SHARED_NATS_URL,
        '--prefix',
        prefix,
      ]);
      expect(result).toMatchObject({ code: 0, err: '' });

      const evtStream = names.stream(STREAMS.EVT.name);
      const subject = names.subject('evt.ETH-USDT');
      let batch: { events: { type: string; status?: string; previousStatus?: string }[] } | undefined;
      for (let i = 0; i < 120 && !batch; i++) {
        try {
          batch = (await jsm.streams.getMessage(evtStream, { last_by_subj: subject })).json();
        } catch {
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      expect(batch?.events).toEqual([
        expect.objectContaining({ type: 'status', status: 'HALTED', previousStatus: 'TRADING' }),
      ]);
    },
    TIMEOUT_MS,
  );

  const at = () => ['--nats', SHARED_NATS_URL, '--prefix', prefix];

  it(
    'leaders and status name the shard leader from the lease the real service writes; cluster status reads the same lease',
    async () => {
      const holder = `${hostname()}-${matching.child.pid}`; // MATCHING_INSTANCE_ID's default
      const table = await ctl(['leaders', ...at()]);
      expect(table).toMatchObject({ code: 0, err: '' });
      expect(table.out).toMatch(new RegExp(`^main\\s+${holder}\\s+\\d{4}-\\d\\d-\\d\\dT`, 'm'));
      const json = await ctl(['leaders', '--json', ...at()]);
      expect(JSON.parse(json.out)).toEqual([{ shard: 'main', holder, at: expect.any(Number) }]);
      expect(await readLeaders(nc, prefix, ['main', 'eu-2'])).toEqual([
        { shard: 'main', holder, at: expect.any(Number) },
        { shard: 'eu-2', holder: null },
      ]);

      // status asks matching.query.status.v1 (unprefixed: any matching on this server may answer); the leaders
      // section comes from this run's prefixed bucket.
      const status = await ctl(['status', '--service', 'matching', ...at()]);
      expect(status.out).toMatch(/^SHARD\s+LEADER\s+RENEWED$/m);
      expect(status.out).toMatch(new RegExp(`^main\\s+${holder}\\s`, 'm'));

      const elsewhere = await ctl(['leaders', '--nats', SHARED_NATS_URL, '--prefix', `${prefix}_none`]);
      expect(elsewhere.code).toBe(1);
      expect(elsewhere.err).toMatch(
        new RegExp(`^exchangectl: no lease bucket ${prefix}_nonematching_leases in NATS \\(`),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'snapshot: the shard leader stores one (table and --json); it is in the bucket under the revision printed',
    async () => {
      const table = await ctl(['snapshot', 'ETH-USDT', ...at()]);
      expect(table).toMatchObject({ code: 0, err: '' });
      const [header, row] = table.out.split('\n');
      expect(header).toMatch(
        /^MARKET\s+SHARD\s+LEADER\s+COMMAND SEQ\s+EVENT SEQ\s+STATE HASH\s+STATUS\s+BYTES\s+STORED AS$/,
      );
      // The halt above is the market's only command: command 1, event 1, and the market HALTED.
      expect(row).toMatch(
        new RegExp(
          `^ETH-USDT\\s+main\\s+\\S+\\s+1\\s+1\\s+[0-9a-f]{16}\\s+HALTED\\s+\\d+\\s+${prefix}matching_snapshots/ETH-USDT rev \\d+$`,
        ),
      );

      const json = await ctl(['snapshot', 'ETH-USDT', '--json', ...at()]);
      expect(json).toMatchObject({ code: 0, err: '' });
      const reply = JSON.parse(json.out) as {
        subject: string;
        ok: boolean;
        snapshot: { revision: number; stateHash: string; bucket: string; key: string; commandSeq: number };
      };
      expect(reply).toMatchObject({
        subject: `${prefix}.matching.cmd.snapshot.v1.main`,
        ok: true,
        snapshot: { market: 'ETH-USDT', shard: 'main', commandSeq: 1, eventSeq: 1, marketStatus: 'HALTED' },
      });
      const kv = await nc.jetstream().views.kv(reply.snapshot.bucket, { bindOnly: true });
      const entry = await kv.get(reply.snapshot.key);
      expect(entry?.revision).toBe(reply.snapshot.revision);
      const stored = JSON.parse(gunzipSync(entry!.value).toString('utf8')) as {
        commandSeq: number;
        stateHash: string;
      };
      expect(stored).toMatchObject({ commandSeq: 1, stateHash: reply.snapshot.stateHash });
    },
    TIMEOUT_MS,
  );

  it(
    'snapshot: an unknown market is refused by the leader; a shard without a leader, no NATS and bad input are errors',
    async () => {
      const unknown = await ctl(['snapshot', 'XRP-USDT', ...at()]);
      expect(unknown).toMatchObject({ code: 1, out: '' });
      expect(unknown.err).toBe(
        'exchangectl: unknown market: shard main does not write XRP-USDT (it writes ETH-USDT) (code 3902)',
      );

      const leaderless = await ctl(['snapshot', 'ETH-USDT', '--shard', 'eu-2', ...at()]);
      expect(leaderless.code).toBe(1);
      expect(leaderless.err).toMatch(
        new RegExp(
          `^exchangectl: no leader for shard eu-2: nobody answers ${prefix}\\.matching\\.cmd\\.snapshot\\.v1\\.eu-2 `,
        ),
      );

      const closed = `nats://127.0.0.1:${await freePort()}`;
      const noNats = await ctl(['snapshot', 'ETH-USDT', '--nats', closed, '--prefix', prefix]);
      expect(noNats.code).toBe(1);
      expect(noNats.err).toMatch(new RegExp(`^exchangectl: cannot connect to NATS at ${closed}: `));

      for (const args of [
        ['snapshot', 'eth-usdt'],
        ['snapshot'],
        ['snapshot', 'ETH-USDT', '--shard', 'EU'],
      ]) {
        const bad = await ctl([...args, ...at()]);
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(/^exchangectl: (invalid market: |usage: snapshot|--shard must be)/);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'snapshot without --shard asks every shard with a leader: the one writing the market answers; unknown everywhere is an error',
    async () => {
      const alts = startServiceProcess('apps/matching/src/main.ts', {
        DATABASE_URL: databaseUrl(SERVER_URL, prefix),
        NATS_URL: SHARED_NATS_URL,
        NATS_STREAM_PREFIX: prefix,
        MATCHING_MARKETS: 'SOL-USDT',
        MATCHING_SHARD: 'alts',
        MATCHING_INSTANCE_ID: 'alts-0',
        HTTP_PORT: '0',
        LOG_LEVEL: 'info',
      });
      try {
        await alts.waitForLog((line) => line.msg === 'answering snapshot requests');
        const sol = await ctl(['snapshot', 'SOL-USDT', ...at()]);
        expect(sol).toMatchObject({ code: 0, err: '' });
        expect(sol.out).toMatch(/^SOL-USDT\s+alts\s+alts-0\s+0\s+0\s+[0-9a-f]{16}\s+TRADING\s/m);
        const eth = await ctl(['snapshot', 'ETH-USDT', '--json', ...at()]);
        expect(JSON.parse(eth.out)).toMatchObject({
          ok: true,
          snapshot: { market: 'ETH-USDT', shard: 'main' },
        });

        const unknown = await ctl(['snapshot', 'XRP-USDT', ...at()]);
        expect(unknown).toMatchObject({ code: 1, out: '' });
        expect(unknown.err).toBe(
          'exchangectl: unknown market: no shard with a leader writes XRP-USDT (alts writes SOL-USDT; main writes ETH-USDT) (code 3902)',
        );
      } finally {
        expect(await alts.stop('SIGTERM')).toMatchObject({ code: 0 });
      }
      // Its lease released, shard alts is neither found nor led.
      const gone = await ctl(['snapshot', 'SOL-USDT', '--shard', 'alts', ...at()]);
      expect(gone.code).toBe(1);
      expect(gone.err).toMatch(/^exchangectl: no leader for shard alts: nobody answers /);
    },
    TIMEOUT_MS,
  );
});
