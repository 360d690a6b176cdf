import { randomBytes } from 'node:crypto';

import { type MatchingCommand } from '@exchange/matching-domain';

import { MarketWriter, type MarketWriterOptions } from '../../src/matching/market-writer';
import { type EventBatchBounds, EventStreamRepository } from '../../src/repositories/event-stream.repository';
import { type SnapshotRepository } from '../../src/repositories/snapshot.repository';
import {
  commandMessage,
  eventually,
  MatchingTestBed,
  referenceRun,
  seededCommands,
} from '../support/command-stream.fixture';

const TIMEOUT_MS = 90_000;
const bed = new MatchingTestBed(`t_matching_w_${process.pid}_${randomBytes(3).toString('hex')}`);
let snapshots: SnapshotRepository;

beforeAll(async () => {
  await bed.open();
  snapshots = await bed.snapshots(5);
});
afterAll(() => bed.close());

function writer(
  market: string,
  options: Partial<MarketWriterOptions> = {},
  events: EventStreamRepository = bed.events(),
): MarketWriter {
  return new MarketWriter(
    { market, durableName: `matching-${market}`, batchMax: 500, snapshotEvery: 1_000_000, ...options },
    { commands: bed.commands(), events, snapshots, deadLetters: bed.deadLetters(), logger: bed.logger },
  );
}

/** The real repository, made to die (throw before publishing) once the stream ends inside a command. */
class CrashingEventStream extends EventStreamRepository {
  private previousCommandSeq = -1;
  private midCommand = false;

  override async append(
    batch: EventBatchBounds,
    events: readonly string[],
    expected: number,
    hash?: string,
  ): Promise<number> {
    if (this.midCommand) throw new Error('injected crash');
    const seq = await super.append(batch, events, expected, hash);
    // A message carrying the same command sequence as the one before holds part of a command.
    this.midCommand = batch.commandSeq === this.previousCommandSeq;
    this.previousCommandSeq = batch.commandSeq;
    return seq;
  }
}

async function started(sut: MarketWriter): Promise<MarketWriter> {
  await sut.recover();
  await sut.start();
  return sut;
}

/** The events stored for the market must be contiguous from 1, each message's id `<market>:<firstSeq>`. */
async function expectWellFormedStream(market: string): Promise<void> {
  const messages = await bed.eventMessages(market);
  let next = 1;
  for (const { batch, msgId } of messages) {
    expect({ firstSeq: batch.firstSeq, msgId }).toEqual({ firstSeq: next, msgId: `${market}:${next}` });
    next = batch.lastSeq + 1;
  }
}

describe(MarketWriter.name, () => {
  it(
    'applies batch messages in order as single commands would be, and parks a batch with a bad command whole',
    async () => {
      const market = 'BAT-USDT';
      const commands = seededCommands(3, 2000);
      await bed.publishCommandBatches(market, commands.slice(0, 1000), 0, [1, 50, 3, 200]);
      // A batch one of whose commands breaks the contract: none of its commands is applied.
      const bad = JSON.stringify({
        v: 1,
        market,
        batchId: 'bad',
        commands: [commands[0], { ...commands[1], orderId: '' }],
      });
      await bed.publishRaw(market, [bad]);
      const lastCmdSeq = await bed.publishCommandBatches(market, commands.slice(1000), 1000, [400, 1, 99]);

      const sut = await started(writer(market, { batchMax: 3 }));
      await eventually(() => sut.lastCommandSeq >= lastCmdSeq);
      await sut.stop();

      const reference = referenceRun(commands);
      expect(await bed.allEvents(market)).toEqual(reference.events);
      expect(sut.stateHash()).toBe(reference.stateHash);
      const messages = await bed.eventMessages(market);
      expect(messages[messages.length - 1]!.batch.commandSeq).toBe(lastCmdSeq);
      await expectWellFormedStream(market);
      const parked = await bed.parked(market);
      expect(parked.map((p) => [p.data, p.headers['Dead-Letter-Reason']])).toEqual([
        [bad, expect.stringMatching(/^does not match the contract: commands\.1\.orderId/)],
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'appends exactly the engine events, in batches, and skips malformed commands without stopping',
    async () => {
      const market = 'AAA-USDT';
      const commands = seededCommands(1, 3000);
      await bed.publishCommands(market, commands.slice(0, 1000));
      // Malformed: not JSON, not the contract, an oversized id, another market's command on this subject.
      const lastMalformedSeq = await bed.publishRaw(market, [
        'not json',
        JSON.stringify({ v: 1, market, commandId: 'x', command: { type: 'explode', ts: 1 } }),
        JSON.stringify(
          commandMessage(market, { ...commands[0]!, orderId: 'x'.repeat(65) } as MatchingCommand, 'y'),
        ),
        JSON.stringify(commandMessage('ZZZ-USDT', commands[1]!, 'z')),
      ]);
      const lastCmdSeq = await bed.publishCommands(market, commands.slice(1000), 1000);

      const sut = await started(writer(market));
      await eventually(() => sut.lastCommandSeq >= lastCmdSeq);
      await sut.stop();

      const reference = referenceRun(commands);
      expect(await bed.allEvents(market)).toEqual(reference.events);
      expect(sut.stateHash()).toBe(reference.stateHash);
      const messages = await bed.eventMessages(market);
      expect(messages.length).toBeLessThan(commands.length / 10);
      expect(messages[messages.length - 1]!.batch.commandSeq).toBe(lastCmdSeq);
      await expectWellFormedStream(market);
      const rejected = bed.logs.filter(
        (l) => l.market === market && String(l.msg).startsWith('command rejected'),
      );
      expect(rejected).toHaveLength(4);
      expect(sut.state).toBe('stopped');
      // Each is parked on the dead-letter subject, bytes unchanged, with the reason and where it came from.
      const parked = await bed.parked(market);
      expect(parked.map((p) => p.headers['Dead-Letter-Reason'])).toEqual([
        'not JSON',
        expect.stringMatching(/^does not match the contract/),
        expect.stringMatching(/^does not match the contract: command\.orderId/),
        "market ZZZ-USDT differs from its subject's AAA-USDT",
      ]);
      expect(parked[0]).toMatchObject({
        data: 'not json',
        headers: {
          'Dead-Letter-Source-Subject': bed.names.subject(`cmd.${market}`),
          'Dead-Letter-Source-Seq': String(lastMalformedSeq - 3),
        },
      });
      // A second run over the same commands (replay from scratch) parks nothing again.
      await bed.commands().deleteConsumer(`matching-${market}`);
      const again = await started(writer(market));
      await eventually(() => again.lastCommandSeq >= lastCmdSeq);
      await again.stop();
      expect(await bed.parked(market)).toHaveLength(4);
    },
    TIMEOUT_MS,
  );

  it(
    'resumes after a stop mid-stream with no duplicate and no lost event',
    async () => {
      const market = 'BBB-USDT';
      const commands = seededCommands(2, 4000);
      const lastCmdSeq = await bed.publishCommands(market, commands);

      const first = await started(writer(market, { batchMax: 100 }));
      await eventually(() => first.lastCommandSeq >= 1200);
      await first.stop({ snapshot: false });
      expect(first.lastCommandSeq).toBeLessThan(lastCmdSeq);

      const second = writer(market, { batchMax: 333 });
      const report = await second.recover();
      expect(report).toMatchObject({ snapshot: null, replayFrom: 1 });
      expect(report.storedEventSeq).toBeGreaterThan(0);
      await second.start();
      await eventually(() => second.lastCommandSeq >= lastCmdSeq);
      await second.stop({ snapshot: false });

      const reference = referenceRun(commands);
      expect(await bed.allEvents(market)).toEqual(reference.events);
      await expectWellFormedStream(market);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({
          market,
          msg: 'replay caught up with the stored events',
          eventSeq: report.storedEventSeq,
        }),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'fences a second writer that starts from stale state: it is refused and writes nothing',
    async () => {
      const market = 'CCC-USDT';
      const commands = seededCommands(3, 600);
      let lastCmdSeq = await bed.publishCommands(market, commands.slice(0, 300));
      const leader = await started(writer(market));
      await eventually(() => leader.lastCommandSeq >= lastCmdSeq);

      // The stale writer learns the stream's position now, on its own consumer...
      const stale = writer(market, { durableName: `stale-${market}` });
      await stale.recover();
      // ...then the leader appends more.
      lastCmdSeq = await bed.publishCommands(market, commands.slice(300), 300);
      await eventually(() => leader.lastCommandSeq >= lastCmdSeq);
      const before = await bed.eventMessages(market);

      await stale.start();
      await eventually(() => stale.state === 'fenced');
      await stale.stop();
      await leader.stop({ snapshot: false });

      expect(await bed.eventMessages(market)).toEqual(before);
      expect(await bed.allEvents(market)).toEqual(referenceRun(commands).events);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({
          market,
          level: 'fatal',
          msg: 'FENCED: another writer has appended to this market; this writer stops writing it',
        }),
      );
      expect(leader.state).toBe('stopped');
      await bed.commands().deleteConsumer(`stale-${market}`);

      // Either guard refuses on its own: here a fresh message id with a stale expected subject sequence.
      const stored = (await bed.events().lastPosition(market))!;
      const fresh = {
        market,
        firstSeq: stored.lastSeq + 1,
        lastSeq: stored.lastSeq + 1,
        commandSeq: stored.commandSeq,
      };
      const event = JSON.stringify({
        type: 'status',
        seq: stored.lastSeq + 1,
        ts: 1,
        status: 'HALTED',
        previousStatus: 'TRADING',
      });
      await expect(bed.events().append(fresh, [event], stored.streamSeq - 1)).rejects.toThrow(
        expect.objectContaining({
          name: 'EventStreamFencedError',
          message: expect.stringMatching(/wrong last sequence/i),
        }),
      );
      expect(await bed.eventMessages(market)).toEqual(before);
    },
    TIMEOUT_MS,
  );

  it(
    'restores a snapshot, replays what follows, and reaches the same state hash as a full replay',
    async () => {
      const market = 'DDD-USDT';
      const commands = seededCommands(4, 3000);
      const lastCmdSeq = await bed.publishCommands(market, commands);
      const first = await started(writer(market, { snapshotEvery: 700, batchMax: 100 }));
      await eventually(() => first.lastCommandSeq >= lastCmdSeq);
      await first.stop({ snapshot: false });
      const storedBefore = await bed.eventMessages(market);

      const second = writer(market);
      const report = await second.recover();
      expect(report.snapshot).not.toBeNull();
      expect(report.snapshot!.commandSeq).toBeGreaterThan(0);
      await second.start();
      await eventually(() => second.lastCommandSeq >= lastCmdSeq);
      await second.stop({ snapshot: false });

      expect(second.stateHash()).toBe(referenceRun(commands).stateHash);
      expect(await bed.eventMessages(market)).toEqual(storedBefore);
    },
    TIMEOUT_MS,
  );

  it(
    'survives a corrupt snapshot: falls back to an older one, then to a full replay, and says so',
    async () => {
      const market = 'EEE-USDT';
      const commands = seededCommands(5, 2000);
      const reference = referenceRun(commands);
      const lastCmdSeq = await bed.publishCommands(market, commands);
      const first = await started(writer(market, { snapshotEvery: 900, batchMax: 100 }));
      await eventually(() => first.lastCommandSeq >= lastCmdSeq);
      await first.stop({ snapshot: false });
      const good = await snapshots.list(market);
      expect(good.length).toBeGreaterThan(0);

      await snapshots.save(market, new TextEncoder().encode('garbage'));
      const second = writer(market);
      const report = await second.recover();
      expect(report.snapshot?.revision).toBe(good[0]!.revision);
      await second.start();
      await eventually(() => second.lastCommandSeq >= lastCmdSeq);
      await second.stop({ snapshot: false });
      expect(second.stateHash()).toBe(reference.stateHash);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({ market, level: 'warn', msg: 'snapshot unusable: trying an older one' }),
      );

      for (let i = 0; i < 5; i++) await snapshots.save(market, new TextEncoder().encode(`garbage ${i}`));
      const third = writer(market);
      expect(await third.recover()).toMatchObject({ snapshot: null, replayFrom: 1 });
      await third.start();
      await eventually(() => third.lastCommandSeq >= lastCmdSeq);
      await third.stop({ snapshot: false });
      expect(third.stateHash()).toBe(reference.stateHash);
      expect(await bed.allEvents(market)).toEqual(reference.events);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({
          market,
          msg: 'no usable snapshot: replaying the market from the start of the command stream',
        }),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'splits events that would exceed the max payload, inside a command if need be, and resumes from there',
    async () => {
      const market = 'FFF-USDT';
      const ts = 1;
      const commands: MatchingCommand[] = [
        ...Array.from({ length: 40 }, (_, i): MatchingCommand => ({
          type: 'place',
          orderId: `s${i}`,
          userId: `maker${i}`,
          side: 'SELL',
          orderType: 'LIMIT',
          timeInForce: 'GTC',
          price: 1000 + i,
          quantity: 2,
          ts,
        })),
        {
          type: 'place',
          orderId: 'sweep',
          userId: 'taker',
          side: 'BUY',
          orderType: 'MARKET',
          quantity: 80,
          ts,
        },
        ...seededCommands(6, 300),
      ];
      const lastCmdSeq = await bed.publishCommands(market, commands);
      const maxMessageBytes = 2_500;
      const crashing = writer(
        market,
        { maxMessageBytes, batchMax: 50 },
        new CrashingEventStream(bed.nc, bed.js, bed.jsm, bed.admin, bed.names),
      );
      await started(crashing);
      await eventually(() => crashing.state === 'recovering');
      await crashing.stop();

      const resumed = writer(market, { maxMessageBytes, batchMax: 50 });
      const report = await resumed.recover();
      // The stream ends inside the sweep (the 41st command): after the 40 makers' events, before its last.
      const sweepSeq = lastCmdSeq - commands.length + 41;
      expect(report.storedCommandSeq).toBe(sweepSeq - 1);
      expect(report.storedEventSeq).toBeGreaterThan(40);
      await resumed.start();
      await eventually(() => resumed.lastCommandSeq >= lastCmdSeq);
      await resumed.stop({ snapshot: false });

      expect(await bed.allEvents(market)).toEqual(referenceRun(commands).events);
      await expectWellFormedStream(market);
      const messages = await bed.eventMessages(market);
      for (const { batch } of messages)
        expect(Buffer.byteLength(JSON.stringify(batch))).toBeLessThanOrEqual(maxMessageBytes);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({
          market,
          msg: 'replay caught up with the stored events',
          commandSeq: 41 + (lastCmdSeq - commands.length),
        }),
      );
    },
    TIMEOUT_MS,
  );

  it(
    'recovers by itself from a failed append (the stream is read again) and loses nothing',
    async () => {
      const market = 'GGG-USDT';
      const commands = seededCommands(7, 2000);
      const lastCmdSeq = await bed.publishCommands(market, commands);
      let appends = 0;
      const flaky = new (class extends EventStreamRepository {
        override async append(
          batch: EventBatchBounds,
          events: readonly string[],
          expected: number,
          hash?: string,
        ): Promise<number> {
          appends++;
          // The 3rd append is stored but its acknowledgement is lost; the 6th never reaches the server.
          if (appends === 3) {
            await super.append(batch, events, expected, hash);
            throw new Error('injected: acknowledgement lost');
          }
          if (appends === 6) throw new Error('injected: publish failed');
          return super.append(batch, events, expected, hash);
        }
      })(bed.nc, bed.js, bed.jsm, bed.admin, bed.names);
      const sut = await started(writer(market, { batchMax: 100, retryDelayMs: 50 }, flaky));
      await eventually(() => sut.lastCommandSeq >= lastCmdSeq && sut.state === 'running');
      await sut.stop({ snapshot: false });

      expect(appends).toBeGreaterThan(6);
      expect(await bed.allEvents(market)).toEqual(referenceRun(commands).events);
      await expectWellFormedStream(market);
      expect(
        bed.logs.filter(
          (l) =>
            l.market === market &&
            l.msg === 'market writer interrupted: recovering from the stored event stream',
        ),
      ).toHaveLength(2);
    },
    TIMEOUT_MS,
  );

  it(
    'resumes when its command consumer is deleted under it',
    async () => {
      const market = 'HHH-USDT';
      const commands = seededCommands(8, 1000);
      let lastCmdSeq = await bed.publishCommands(market, commands.slice(0, 500));
      const sut = await started(writer(market, { retryDelayMs: 50 }));
      await eventually(() => sut.lastCommandSeq >= lastCmdSeq);
      await bed.commands().deleteConsumer(`matching-${market}`);
      lastCmdSeq = await bed.publishCommands(market, commands.slice(500), 500);
      await eventually(() => sut.lastCommandSeq >= lastCmdSeq && sut.state === 'running');
      await sut.stop({ snapshot: false });
      expect(await bed.allEvents(market)).toEqual(referenceRun(commands).events);
      expect(bed.logs).toContainEqual(
        expect.objectContaining({
          market,
          msg: 'market writer interrupted: recovering from the stored event stream',
        }),
      );
    },
    TIMEOUT_MS,
  );
});
