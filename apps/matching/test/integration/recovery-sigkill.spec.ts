import { randomBytes } from 'node:crypto';

import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import {
  eventually,
  MatchingTestBed,
  NATS_URL,
  referenceRun,
  seededCommands,
} from '../support/command-stream.fixture';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = `t_matching_k_${process.pid}_${randomBytes(3).toString('hex')}`;
const bed = new MatchingTestBed(run);
const MARKETS = ['BTC-USDT', 'ETH-USDT'];
const KILLS = 5;

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  await bed.open();
});
afterAll(async () => {
  await bed.close();
  await dropDatabase(SERVER_URL, run);
});

function startService(): ServiceProcess {
  return startServiceProcess('apps/matching/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    MATCHING_MARKETS: MARKETS.join(','),
    MATCHING_BATCH_MAX: '100',
    MATCHING_SNAPSHOT_EVERY: '400',
    // A killed pod's lease lapses after this; the next one waits for it before it writes.
    MATCHING_LEASE_TTL_MS: '2000',
  });
}

const running = (sut: ServiceProcess, market: string) =>
  sut.waitForLog((line) => line.msg === 'market writer running' && line.market === market);

describe('matching service killed with SIGKILL at random points', () => {
  it(`gives the same event stream as an uninterrupted run, without gap or duplicate (${KILLS} kills)`, async () => {
    const commands = Object.fromEntries(MARKETS.map((m, i) => [m, seededCommands(10 + i, 3000, `${m}-`)]));
    const last: Record<string, number> = {};
    // Commands keep arriving while the service is killed and restarted.
    const publishing = (async () => {
      for (let from = 0; from < 3000; from += 50) {
        // BTC-USDT gets one command per message, ETH-USDT batch messages of 1 to 25 commands.
        const slice = (market: string) => commands[market]!.slice(from, from + 50);
        last['BTC-USDT'] = await bed.publishCommands('BTC-USDT', slice('BTC-USDT'), from);
        last['ETH-USDT'] = await bed.publishCommandBatches('ETH-USDT', slice('ETH-USDT'), from);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    const recovered: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const sut = startService();
      await Promise.all(MARKETS.map((m) => running(sut, m)));
      const report = sut.logs.find((l) => l.msg === 'market recovered' && l.market === MARKETS[0]);
      recovered.push(report!.storedEventSeq as number);
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 500)));
      const exit = await sut.stop('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
    }
    await publishing;
    // Each run found more stored events than the one before: the kills fell while commands were flowing.
    expect(recovered.slice(1).every((seq, i) => seq > recovered[i]!)).toBe(true);

    const sut = startService();
    try {
      await Promise.all(MARKETS.map((m) => running(sut, m)));
      const events = bed.events();
      await eventually(async () => {
        for (const market of MARKETS)
          if (((await events.lastPosition(market))?.commandSeq ?? 0) < last[market]!) return false;
        return true;
      }, 200);
      const listening = await sut.waitForLog((line) => line.msg === 'listening');
      const metrics = await (await fetch(`http://127.0.0.1:${listening.port as number}/metrics`)).text();
      expect(metrics).toMatch(/matching_commands_total\{[^}]*market="BTC-USDT"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/matching_writer_state\{[^}]*market="ETH-USDT",state="running"[^}]*\} 1/);
      expect(metrics).toMatch(/matching_command_to_event_seconds_count\{[^}]*market="BTC-USDT"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/matching_consumer_pending_commands\{[^}]*market="ETH-USDT"[^}]*\} \d+/);
      const ready = await fetch(`http://127.0.0.1:${listening.port as number}/health/ready`);
      expect(await ready.json()).toMatchObject({ checks: { matching: { status: 'up' } } });
    } finally {
      expect(await sut.stop('SIGTERM')).toMatchObject({ code: 0 });
    }

    for (const market of MARKETS) {
      const messages = await bed.eventMessages(market);
      let next = 1;
      for (const { batch, msgId } of messages) {
        expect({ firstSeq: batch.firstSeq, msgId }).toEqual({ firstSeq: next, msgId: `${market}:${next}` });
        next = batch.lastSeq + 1;
      }
      expect(messages.flatMap((m) => m.batch.events)).toEqual(referenceRun(commands[market]!).events);
    }
    // The last run restored a snapshot rather than replaying everything.
    expect(sut.logs).toContainEqual(
      expect.objectContaining({
        msg: 'market recovered',
        snapshot: expect.objectContaining({ revision: expect.any(Number) }),
      }),
    );
  }, 180_000);
});
