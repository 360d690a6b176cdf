import { UnitOfWork } from '../../src/common/unit-of-work.repository';
import { OutboxRelayService } from '../../src/outbox/outbox-relay.service';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(120_000);

let h: WalletHarness;
// The relay's own passes stay away: its first pass at start finds nothing, the next is a minute on.
beforeAll(async () => {
  h = await WalletHarness.start({ WALLET_OUTBOX_POLL_MS: '60000' });
});
afterAll(() => h?.close());

/** Queues `count` cancel commands from `first` on; rows whose number is in `batchOf` share that batch. */
async function queue(
  first: number,
  count: number,
  batchOf: (id: number) => string | null,
): Promise<number[]> {
  const ids = Array.from({ length: count }, (_, i) => first + i);
  await h.query(
    `insert into outbox (id, message_id, subject, payload, batch_id)
     select id, 'relay-test-' || id, 'cmd.BTC-USDT',
       jsonb_build_object('v', 1, 'market', 'BTC-USDT', 'commandId', 'relay-test-' || id,
         'command', jsonb_build_object('type', 'cancel', 'orderId', 'relay-test-' || id, 'userId', 'u1', 'ts', 1)),
       b
     from unnest($1::bigint[], $2::varchar[]) as t(id, b)`,
    [ids, ids.map(batchOf)],
  );
  return ids;
}

describe('OutboxRepository.take', () => {
  it('returns a batch whole when the limit cuts it, and a second relay skips the rows the first holds', async () => {
    // 1001..1003 alone, 1004..1010 one batch, 1011.. alone.
    await queue(1001, 15, (id) => (id >= 1004 && id <= 1010 ? 'relay-test-batch-a' : null));
    const uow = h.app!.get(UnitOfWork, { strict: false });
    const outbox = h.app!.get(OutboxRepository, { strict: false });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstIds: string[] = [];
    const first = uow.runLean(async (tx) => {
      firstIds = (await outbox.take(tx, 5)).map((m) => m.id);
      await held;
    });
    await waitUntil(() => firstIds.length > 0);
    const second = await uow.runLean(async (tx) => (await outbox.take(tx, 3)).map((m) => m.id));
    release();
    await first;
    expect(firstIds).toEqual([
      '1001',
      '1002',
      '1003',
      '1004',
      '1005',
      '1006',
      '1007',
      '1008',
      '1009',
      '1010',
    ]);
    expect(second).toEqual(['1011', '1012', '1013']);
    // Both committed: what they took is gone, the rest is left.
    expect(await left()).toEqual(['1014', '1015']);
  });

  it('leaves what it took when the transaction rolls back (a publish failed)', async () => {
    const uow = h.app!.get(UnitOfWork, { strict: false });
    const outbox = h.app!.get(OutboxRepository, { strict: false });
    let taken: string[] = [];
    await expect(
      uow.runLean(async (tx) => {
        taken = (await outbox.take(tx, 10)).map((m) => m.id);
        throw new Error('publish failed');
      }),
    ).rejects.toThrow('publish failed');
    expect(taken).toEqual(['1014', '1015']);
    expect(await left()).toEqual(['1014', '1015']);
    await h.query(`delete from outbox where message_id like 'relay-test-%'`);
  });

  it('runs as one prepared statement, parsed once per connection and reused', async () => {
    const uow = h.app!.get(UnitOfWork, { strict: false });
    const outbox = h.app!.get(OutboxRepository, { strict: false });
    const runs = await uow.runLean(async (tx) => {
      const count = async (): Promise<number> => {
        const rows: { runs: string }[] = await tx.query(
          `select (generic_plans + custom_plans)::text as runs from pg_prepared_statements
           where name = 'wallet_outbox_take'`,
        );
        return rows.length === 1 ? Number(rows[0]!.runs) : 0;
      };
      const before = await count();
      await outbox.take(tx, 10);
      const once = await count();
      await outbox.take(tx, 10);
      await outbox.take(tx, 10);
      return { before, once, after: await count() };
    });
    expect(runs.once).toBe(runs.before + 1);
    expect(runs.after).toBe(runs.once + 2);
  });
});

describe('OutboxRelayService', () => {
  it('publishes a backlog of several passes in number order, each batch whole in one message, and deletes it', async () => {
    // 2,600 rows in blocks of 7: the first alone, the other 6 one batch (the pass limit of 1,000 cuts some).
    const batchOf = (id: number): string | null =>
      id % 7 === 0 ? null : `relay-test-b${Math.floor(id / 7)}`;
    const ids = await queue(5001, 2600, batchOf);
    const relay = h.app!.get(OutboxRelayService, { strict: false });
    let published = 0;
    for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) published += n;
    expect(published).toBe(2600);

    const stored = (await h.commands()).filter((c) => c.message.commandId.startsWith('relay-test-'));
    expect(stored.map((c) => c.message.commandId)).toEqual(ids.map((id) => `relay-test-${id}`));
    const messages = new Map<string, string[]>();
    for (const c of stored) {
      const key = c.msgId ?? '';
      messages.set(key, [...(messages.get(key) ?? []), c.message.commandId]);
    }
    // Every batch is one message holding all its rows (so a limit never split one), each lone row its own.
    const expected = new Map<string, string[]>();
    for (const id of ids) {
      const key = batchOf(id) ?? `relay-test-${id}`;
      expected.set(key, [...(expected.get(key) ?? []), `relay-test-${id}`]);
    }
    expect(messages).toEqual(expected);
    expect(await left()).toEqual([]);
  });
});

/** The ids of the test's rows still in the outbox, in order. */
async function left(): Promise<string[]> {
  const rows = await h.query<{ id: string }>(
    `select id::text as id from outbox where message_id like 'relay-test-%' order by id`,
  );
  return rows.map((r) => r.id);
}

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not reached');
}
