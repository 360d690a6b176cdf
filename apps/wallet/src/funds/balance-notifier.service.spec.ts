import { type BalancesReply, type BalanceUpdate } from '@exchange/shared-contracts';
import { type Logger } from '@exchange/shared-util-logging';

import { type ClockRepository } from '../common/clock.repository';
import { type LedgerQueryService } from '../reconciliation/ledger-query.service';
import { type BalanceEventsRepository } from './balance-events.repository';
import { BalanceNotifierService } from './balance-notifier.service';

/** Balance reads that the test answers one by one, in the order they were asked. */
class Reads {
  readonly asked: string[][] = [];
  private readonly pending: { resolve: (r: BalancesReply[]) => void; reject: (e: Error) => void }[] = [];

  balancesOf = (userIds: readonly string[]): Promise<BalancesReply[]> => {
    this.asked.push([...userIds]);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  };

  /** Answers the oldest read with one reply per user it asked for (balances tagged with the read's number). */
  async answer(): Promise<void> {
    const n = this.asked.length - this.pending.length;
    this.pending.shift()!.resolve(this.asked[n]!.map((userId) => reply(userId, n)));
    await settle();
  }

  async fail(): Promise<void> {
    this.pending.shift()!.reject(new Error('connection lost'));
    await settle();
  }
}

const reply = (userId: string, read: number): BalancesReply => ({
  userId,
  balances: [{ asset: 'USDT', available: String(read), held: '0', total: String(read) }],
});
const settle = () => new Promise((r) => setImmediate(r));

function setUp() {
  const reads = new Reads();
  const published: BalanceUpdate[] = [];
  const warnings: unknown[] = [];
  const notifier = new BalanceNotifierService(
    { balancesOf: reads.balancesOf } as unknown as LedgerQueryService,
    { publish: (u: BalanceUpdate) => published.push(u) } as unknown as BalanceEventsRepository,
    { now: () => 1_700_000_000_000 } as unknown as ClockRepository,
    { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger,
  );
  const heard = () => published.map((u) => `${u.userId}@${u.balances[0]!.available}`);
  return { reads, notifier, heard, warnings };
}

describe('BalanceNotifierService.notifyLatest', () => {
  it('reads at once, then reads the users named meanwhile together, each once, after the running read', async () => {
    const { reads, notifier, heard } = setUp();
    notifier.notifyLatest(['a', 'b']);
    notifier.notifyLatest(['b', 'c']);
    notifier.notifyLatest(['a']);
    expect(reads.asked).toEqual([['a', 'b']]);

    await reads.answer();
    expect(heard()).toEqual(['a@0', 'b@0']);
    // The second read covers every commit named while the first ran.
    expect(reads.asked).toEqual([
      ['a', 'b'],
      ['b', 'c', 'a'],
    ]);
    await reads.answer();
    expect(heard()).toEqual(['a@0', 'b@0', 'b@1', 'c@1', 'a@1']);

    // Idle again: the next commit is read at once.
    notifier.notifyLatest(['c']);
    expect(reads.asked).toHaveLength(3);
    await reads.answer();
    expect(heard().at(-1)).toBe('c@2');
  });

  it('logs a failed read and still reads the users named meanwhile', async () => {
    const { reads, notifier, heard, warnings } = setUp();
    notifier.notifyLatest(['a']);
    notifier.notifyLatest(['b']);
    await reads.fail();
    expect(warnings).toHaveLength(1);
    expect(reads.asked).toEqual([['a'], ['b']]);
    await reads.answer();
    expect(heard()).toEqual(['b@1']);
    notifier.notifyLatest(['a']);
    expect(reads.asked).toHaveLength(3);
  });

  it('reads nothing for no users', () => {
    const { reads, notifier } = setUp();
    notifier.notifyLatest([]);
    expect(reads.asked).toEqual([]);
  });
});
