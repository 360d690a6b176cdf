import { randomBytes, randomUUID } from 'node:crypto';

import { type MatchingCommand, OrderBook } from '@exchange/matching-domain';
import {
  MATCHING_OPS_ERRORS,
  type MatchingSnapshotReply,
  matchingSnapshotReplySchema,
  matchingSnapshotSubject,
} from '@exchange/shared-contracts';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { MarketNotWritingError } from '../../src/matching/errors/market-not-writing.error';
import { decodeMarketSnapshot } from '../../src/matching/market-snapshot.codec';
import { MarketWriter } from '../../src/matching/market-writer';
import { type SnapshotRepository } from '../../src/repositories/snapshot.repository';
import {
  eventually,
  MatchingTestBed,
  NATS_URL,
  referenceRun,
  seededCommands,
} from '../support/command-stream.fixture';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = `t_matching_snap_${process.pid}_${randomBytes(3).toString('hex')}`;
const bed = new MatchingTestBed(run);
const TIMEOUT_MS = 180_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let snapshots: SnapshotRepository;

beforeAll(async () => {
  await createDatabase(SERVER_URL, run);
  await bed.open();
  snapshots = await bed.snapshots(5);
});
afterAll(async () => {
  await bed.close(); // streams, snapshot and lease buckets under the prefix
  await dropDatabase(SERVER_URL, run);
});

function writer(market: string, batchMax = 50): MarketWriter {
  return new MarketWriter(
    { market, durableName: `matching-${market}`, batchMax, snapshotEvery: 1_000_000 },
    {
      commands: bed.commands(),
      events: bed.events(),
      snapshots,
      deadLetters: bed.deadLetters(),
      logger: bed.logger,
    },
  );
}

/** The book a stored revision restores to, checked the way recovery checks it. */
async function restored(market: string, revision: number): Promise<{ book: OrderBook; commandSeq: number }> {
  const stored = (await snapshots.list(market)).find((s) => s.revision === revision);
  expect(stored).toBeDefined();
  const snapshot = decodeMarketSnapshot(stored!.data);
  return { book: OrderBook.fromSnapshot(snapshot.book), commandSeq: snapshot.commandSeq };
}

describe('MarketWriter.snapshotNow', () => {
  it(
    'takes a snapshot between two batches while commands flow; it restores to the same state as a replay up to its command',
    async () => {
      const market = 'SNA-USDT';
      const commands = seededCommands(21, 3_000);
      const sut = writer(market);
      await sut.recover();
      await sut.start();
      const publishing = bed.publishCommands(market, commands);
      await eventually(() => sut.lastCommandSeq >= 500, 5);
      const taken = await Promise.all([sut.snapshotNow(), sut.snapshotNow()]);
      const last = await publishing;
      await eventually(() => sut.lastCommandSeq >= last);
      await sut.stop({ snapshot: false });

      for (const info of taken) {
        // What the snapshot says it reflects is exactly the commands up to its command sequence.
        const reference = referenceRun(commands.slice(0, info.commandSeq));
        expect(info).toMatchObject({ stateHash: reference.stateHash, marketStatus: 'TRADING' });
        expect(info.bytes).toBeGreaterThan(0);
        const { book, commandSeq } = await restored(market, info.revision);
        expect({ commandSeq, hash: book.stateHash(), seq: book.sequence }).toEqual({
          commandSeq: info.commandSeq,
          hash: info.stateHash,
          seq: info.eventSeq,
        });
      }
      expect(taken[1]!.revision).toBeGreaterThan(taken[0]!.revision);
      expect(taken[1]!.commandSeq).toBeGreaterThanOrEqual(taken[0]!.commandSeq);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({ msg: 'snapshot stored', market, trigger: 'requested' }),
      );

      // A writer recovering now starts from the newest of them and replays the rest to the full run's state.
      const next = writer(market);
      const report = await next.recover();
      expect(report.snapshot).toMatchObject({
        revision: taken[1]!.revision,
        commandSeq: taken[1]!.commandSeq,
      });
      expect(next.stateHash()).toBe(taken[1]!.stateHash);
      await next.start();
      await eventually(() => next.lastCommandSeq >= last);
      await next.stop({ snapshot: false });
      expect(next.stateHash()).toBe(referenceRun(commands).stateHash);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses while the writer does not run, naming its state',
    async () => {
      const sut = writer('SNB-USDT');
      await expect(sut.snapshotNow()).rejects.toThrow(MarketNotWritingError);
      await sut.recover();
      await expect(sut.snapshotNow()).rejects.toThrow(
        "SNB-USDT: the market's writer is recovered, not running",
      );
      await sut.start();
      await expect(sut.snapshotNow()).resolves.toMatchObject({ commandSeq: 0, eventSeq: 0 });
      await sut.stop();
      await expect(sut.snapshotNow()).rejects.toMatchObject({
        name: 'MarketNotWritingError',
        state: 'stopped',
      });
    },
    TIMEOUT_MS,
  );
});

function startPod(name: string, shard: string, markets: string): ServiceProcess {
  return startServiceProcess('apps/matching/src/main.ts', {
    DATABASE_URL: databaseUrl(SERVER_URL, run),
    NATS_URL,
    NATS_STREAM_PREFIX: run,
    HTTP_PORT: '0',
    LOG_LEVEL: 'info',
    MATCHING_MARKETS: markets,
    MATCHING_BATCH_MAX: '50',
    MATCHING_SHARD: shard,
    MATCHING_INSTANCE_ID: name,
    MATCHING_LEASE_TTL_MS: '3000',
  });
}

/** Every reply to one request within `windowMs` (not only the first), so that a second responder would show. */
async function ask(shard: string, payload: unknown, windowMs = 1_500): Promise<MatchingSnapshotReply[]> {
  const subject = bed.names.subject(matchingSnapshotSubject(shard));
  const replies: MatchingSnapshotReply[] = [];
  try {
    const iterator = await bed.nc.requestMany(subject, encoder.encode(JSON.stringify(payload)), {
      maxWait: windowMs,
    });
    for await (const msg of iterator) {
      if (msg.data.length === 0) break; // no responders (status 503) ends the stream empty
      replies.push(matchingSnapshotReplySchema.parse(JSON.parse(decoder.decode(msg.data))));
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '503') throw error;
  }
  return replies;
}

const request = (market: string) => ({ v: 1, market, requestId: randomUUID() });

describe('matching.cmd.snapshot.v1.<shard> against real matching pods', () => {
  it(
    'the leader answers alone (not its standby, not another shard); unknown markets and bad requests get errors; the answer moves with the lease',
    async () => {
      const MARKET = 'BTC-USDT';
      const commands: MatchingCommand[] = seededCommands(5, 800, 'sr-');
      const leader = startPod('pod-a', 'snap', `${MARKET},ETH-USDT`);
      let standby: ServiceProcess | undefined;
      let other: ServiceProcess | undefined;
      try {
        await leader.waitForLog((line) => line.msg === 'answering snapshot requests');
        standby = startPod('pod-b', 'snap', `${MARKET},ETH-USDT`);
        other = startPod('pod-c', 'other', 'SOL-USDT');
        await standby.waitForLog((line) => line.msg === 'market followed: standing by with a warm book');
        await other.waitForLog((line) => line.msg === 'answering snapshot requests');

        const last = await bed.publishCommands(MARKET, commands);
        await eventually(
          async () => ((await bed.events().lastPosition(MARKET))?.commandSeq ?? 0) >= last,
          100,
        );
        // ETH-USDT halted by an operator: a halted market is snapshotted all the same, and says so.
        await bed.publishRaw('ETH-USDT', [
          JSON.stringify({
            v: 1,
            market: 'ETH-USDT',
            commandId: 'halt-1',
            command: { type: 'status', status: 'HALTED', ts: 1 },
          }),
        ]);
        await eventually(async () => (await bed.events().lastPosition('ETH-USDT')) !== null, 100);

        // One reply, from the leader; the standby and the other shard's leader stay silent.
        const replies = await ask('snap', request(MARKET));
        expect(replies).toHaveLength(1);
        const reply = replies[0]!;
        if (!reply.ok) throw new Error(`refused: ${reply.msg}`);
        const reference = referenceRun(commands);
        expect(reply.snapshot).toEqual({
          market: MARKET,
          shard: 'snap',
          holder: 'pod-a',
          commandSeq: last,
          eventSeq: reference.events[reference.events.length - 1]!.seq,
          stateHash: reference.stateHash,
          marketStatus: 'TRADING',
          bytes: expect.any(Number),
          bucket: `${run}matching_snapshots`,
          key: MARKET,
          revision: expect.any(Number),
          storedAt: expect.any(Number),
        });
        // The stored snapshot restores to the same state hash.
        const { book } = await restored(MARKET, reply.snapshot.revision);
        expect(book.stateHash()).toBe(reference.stateHash);
        expect(leader.logs).toContainEqual(
          expect.objectContaining({ msg: 'snapshot stored', market: MARKET, trigger: 'requested' }),
        );
        expect(standby.logs).not.toContainEqual(expect.objectContaining({ msg: 'snapshot requested' }));
        expect(other.logs).not.toContainEqual(expect.objectContaining({ msg: 'snapshot requested' }));

        const halted = await ask('snap', request('ETH-USDT'));
        expect(halted).toEqual([
          expect.objectContaining({
            ok: true,
            snapshot: expect.objectContaining({ market: 'ETH-USDT', marketStatus: 'HALTED', eventSeq: 1 }),
          }),
        ]);

        // A market the shard does not write: an error naming the shard's markets, from each shard's leader.
        const unknown = request('XRP-USDT');
        expect(await ask('snap', unknown)).toEqual([
          {
            v: 1,
            ok: false,
            requestId: unknown.requestId,
            code: MATCHING_OPS_ERRORS.UNKNOWN_MARKET,
            msg: 'shard snap does not write XRP-USDT (it writes BTC-USDT, ETH-USDT)',
            shard: 'snap',
            markets: ['BTC-USDT', 'ETH-USDT'],
          },
        ]);
        expect(await ask('other', request(MARKET))).toEqual([
          expect.objectContaining({
            ok: false,
            code: MATCHING_OPS_ERRORS.UNKNOWN_MARKET,
            markets: ['SOL-USDT'],
          }),
        ]);
        expect(await ask('snap', { v: 1, market: 'btc', requestId: 'x' })).toEqual([
          expect.objectContaining({ ok: false, code: MATCHING_OPS_ERRORS.VALIDATION_FAILED }),
        ]);
        // A shard nobody leads has no responder at all.
        expect(await ask('nobody', request(MARKET))).toEqual([]);

        // The leader hands over (SIGTERM releases the lease): the promoted standby answers now.
        expect(await leader.stop('SIGTERM')).toMatchObject({ code: 0 });
        await standby.waitForLog((line) => line.msg === 'answering snapshot requests');
        const after = await ask('snap', request(MARKET));
        expect(after).toEqual([
          expect.objectContaining({
            ok: true,
            snapshot: expect.objectContaining({
              holder: 'pod-b',
              commandSeq: last,
              stateHash: reference.stateHash,
            }),
          }),
        ]);
      } finally {
        await other?.stop('SIGTERM');
        await standby?.stop('SIGTERM');
        await leader.stop('SIGTERM');
      }
    },
    TIMEOUT_MS,
  );
});
