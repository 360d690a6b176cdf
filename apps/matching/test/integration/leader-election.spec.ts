import { randomBytes } from 'node:crypto';

import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { LeaseRepository } from '../../src/repositories/lease.repository';
import {
  eventually,
  MatchingTestBed,
  NATS_URL,
  referenceRun,
  seededCommands,
} from '../support/command-stream.fixture';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = `t_matching_le_${process.pid}_${randomBytes(3).toString('hex')}`;
const bed = new MatchingTestBed(run);
const MARKET = 'BTC-USDT';
const TTL_MS = 2_000;

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  await bed.open();
});
afterAll(async () => {
  await bed.close();
  await dropDatabase(SERVER_URL, run);
});

describe('LeaseRepository on a real JetStream key-value bucket', () => {
  let leases: LeaseRepository;
  beforeAll(async () => {
    leases = new LeaseRepository(bed.js, bed.names);
    await leases.open(TTL_MS);
  });

  it('lets one holder take a free lease, refuses a second, and renews only on the current revision', async () => {
    const key = 'shard-unit-a';
    const first = await leases.acquire(key, 'pod-a');
    expect(first).toEqual(expect.any(Number));
    expect(await leases.acquire(key, 'pod-b')).toBeNull();
    expect(await leases.holder(key)).toMatchObject({ holder: 'pod-a' });

    const renewed = await leases.renew(key, 'pod-a', first!);
    expect(renewed).toBeGreaterThan(first!);
    // A renewal on a stale revision (a paused leader waking up) is refused.
    expect(await leases.renew(key, 'pod-a', first!)).toBeNull();

    await leases.release(key, renewed!);
    expect(await leases.holder(key)).toBeNull();
    expect(await leases.acquire(key, 'pod-b')).toEqual(expect.any(Number));
  });

  it('lets a lease lapse when its holder stops renewing it', async () => {
    const key = 'shard-unit-b';
    expect(await leases.acquire(key, 'pod-a')).not.toBeNull();
    await eventually(async () => (await leases.acquire(key, 'pod-b')) !== null, 250);
    expect(await leases.holder(key)).toMatchObject({ holder: 'pod-b' });
  }, 30_000);
});

function startPod(name: string): ServiceProcess {
  return startServiceProcess('apps/matching/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    MATCHING_MARKETS: MARKET,
    MATCHING_BATCH_MAX: '50',
    MATCHING_SNAPSHOT_EVERY: '300',
    MATCHING_SHARD: 'le',
    MATCHING_INSTANCE_ID: name,
    MATCHING_LEASE_TTL_MS: String(TTL_MS),
  });
}

const writing = (pod: ServiceProcess) =>
  pod.waitForLog((line) => line.msg === 'market writer running' && line.market === MARKET);

async function readiness(pod: ServiceProcess): Promise<{ status: number; metrics: string }> {
  const listening = await pod.waitForLog((line) => line.msg === 'listening');
  const base = `http://127.0.0.1:${listening.port as number}`;
  const ready = await fetch(`${base}/health/ready`);
  return { status: ready.status, metrics: await (await fetch(`${base}/metrics`)).text() };
}

describe('two matching pods of one shard', () => {
  it('one writes, the other stands by and takes over after a SIGKILL; the event stream stays exact', async () => {
    const commands = seededCommands(77, 1_500, 'le-');
    const leader = startPod('pod-a');
    let standby: ServiceProcess | undefined;
    let successor: ServiceProcess | undefined;
    try {
      await writing(leader);
      standby = startPod('pod-b');
      await standby.waitForLog((line) => line.msg === 'standing by: another pod leads the shard');
      expect(standby.logs).not.toContainEqual(expect.objectContaining({ msg: 'market writer running' }));
      await standby.waitForLog((line) => line.msg === 'market followed: standing by with a warm book');

      // Both are ready (a standby is healthy); only the leader says it leads.
      const [leaderView, standbyView] = await Promise.all([readiness(leader), readiness(standby)]);
      expect([leaderView.status, standbyView.status]).toEqual([200, 200]);
      expect(leaderView.metrics).toMatch(/matching_shard_leader\{[^}]*shard="le"[^}]*\} 1/);
      expect(standbyView.metrics).toMatch(/matching_shard_leader\{[^}]*shard="le"[^}]*\} 0/);
      expect(standbyView.metrics).toMatch(/matching_writer_state\{[^}]*state="following"[^}]*\} 1/);

      await bed.publishCommands(MARKET, commands.slice(0, 700), 0);
      const events = bed.events();
      await eventually(async () => ((await events.lastPosition(MARKET))?.commandSeq ?? 0) >= 700, 100);

      expect((await leader.stop('SIGKILL')).signal).toBe('SIGKILL');
      const last = await bed.publishCommands(MARKET, commands.slice(700), 700);
      await writing(standby);
      expect(standby.logs).toContainEqual(
        expect.objectContaining({ msg: 'shard lease acquired', holder: 'pod-b' }),
      );
      // It took over with the book it kept warm, not by replaying from a snapshot or the start.
      const promoted = standby.logs.find((line) => line.msg === 'standby promoted with its warm book');
      expect(promoted).toMatchObject({ market: MARKET, commandSeq: expect.any(Number) });
      expect(promoted!.commandSeq as number).toBeGreaterThanOrEqual(700);
      await eventually(async () => ((await events.lastPosition(MARKET))?.commandSeq ?? 0) >= last, 100);

      // A graceful stop hands over at once: the lease is released, not left to lapse.
      successor = startPod('pod-c');
      await successor.waitForLog((line) => line.msg === 'standing by: another pod leads the shard');
      expect(await standby.stop('SIGTERM')).toMatchObject({ code: 0 });
      expect(standby.logs).toContainEqual(expect.objectContaining({ msg: 'shard lease released' }));
      await writing(successor);
    } finally {
      await successor?.stop('SIGTERM');
      await standby?.stop('SIGTERM');
      await leader.stop('SIGKILL');
    }

    const messages = await bed.eventMessages(MARKET);
    let next = 1;
    for (const { batch, msgId } of messages) {
      expect({ firstSeq: batch.firstSeq, msgId }).toEqual({ firstSeq: next, msgId: `${MARKET}:${next}` });
      next = batch.lastSeq + 1;
    }
    expect(messages.flatMap((m) => m.batch.events)).toEqual(referenceRun(commands).events);
  }, 180_000);
});
