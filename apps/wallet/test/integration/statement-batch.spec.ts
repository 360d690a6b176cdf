import { type EventEmitter } from 'node:events';

import { type EntityManager } from 'typeorm';

import { prepared } from '../../src/common/prepared-statement';
import { StatementBatch } from '../../src/common/statement-batch';
import { UnitOfWork } from '../../src/common/unit-of-work.repository';

import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

let h: WalletHarness;
let uow: UnitOfWork;

beforeAll(async () => {
  h = await WalletHarness.start();
  uow = h.app!.get(UnitOfWork);
  await h.query(`create table batch_probe (id int primary key, tags text[] not null)`);
});
afterAll(async () => {
  await h?.query(`drop table if exists batch_probe`);
  await h?.close();
});

/** The transaction's node-postgres connection, whose messages from the server can be counted. */
const connectionOf = (tx: EntityManager) =>
  (tx.queryRunner as unknown as { databaseConnection: { connection: EventEmitter } }).databaseConnection
    .connection;

describe(StatementBatch.name, () => {
  it("runs its statements in order in one round trip and gives each its own rows, with node-postgres's parameters", async () => {
    const { rows, answers } = await uow.runLean(async (tx) => {
      let answers = 0;
      const count = () => answers++;
      connectionOf(tx).on('readyForQuery', count);
      const batch = new StatementBatch();
      const inserted = batch.add(`insert into batch_probe (id, tags) values ($1, $2), ($3, $4)`, [
        1,
        ['a,b'],
        2,
        ['c'],
      ]);
      const read = batch.add<{ id: number; tags: string[] }>(
        `select id, tags from batch_probe where id = any ($1::int[]) order by id`,
        [[1, 2, 3]],
      );
      const updated = batch.add<{ id: number }>(
        `update batch_probe set tags = $2 where id = $1 returning id`,
        [2, ['d', 'e"f']],
      );
      expect(batch.size).toBe(3);
      await batch.run(tx);
      connectionOf(tx).off('readyForQuery', count);
      return { rows: await Promise.all([inserted, read, updated]), answers };
    });
    expect(answers).toBe(1);
    expect(rows).toEqual([
      [],
      [
        { id: 1, tags: ['a,b'] },
        { id: 2, tags: ['c'] },
      ],
      [{ id: 2 }],
    ]);
    expect(await h.query(`select tags from batch_probe where id = 2`)).toEqual([{ tags: ['d', 'e"f'] }]);
  });

  it('fails as a whole when one statement fails: nothing after it runs and the transaction rolls back', async () => {
    const run = uow.runLean(async (tx) => {
      const batch = new StatementBatch();
      void batch.add(`insert into batch_probe (id, tags) values (10, '{}')`);
      void batch.add(`select 1 / $1::int as n`, [0]);
      void batch.add(`insert into batch_probe (id, tags) values (11, '{}')`);
      await batch.run(tx);
    });
    await expect(run).rejects.toThrow(/division by zero/);
    expect(await h.query(`select id from batch_probe where id >= 10`)).toEqual([]);

    // The pool's connections stay usable, batches included.
    const after = await uow.runLean(async (tx) => {
      const batch = new StatementBatch();
      const one = batch.add<{ n: number }>(`select $1::int as n`, [7]);
      await batch.run(tx);
      return one;
    });
    expect(after).toEqual([{ n: 7 }]);
  });

  it('parses a prepared statement once per connection, and only what PostgreSQL confirmed when a batch fails', async () => {
    const plusOne = prepared('wallet_spec_batch_plus_one', 'select $1::int + 1 as n');
    const plusTwo = prepared('wallet_spec_batch_plus_two', 'select $1::int + 2 as n');
    // The harness's own connection, outside a transaction: each batch is one implicit transaction.
    const db = { query: (q: unknown) => h.db.query(q as string) } as unknown as EntityManager;
    let parses = 0;
    const count = () => parses++;
    (h.db as unknown as { connection: EventEmitter }).connection.on('parseComplete', count);
    try {
      // plusOne is parsed, then the division fails, and PostgreSQL skips the rest: plusTwo is never parsed.
      const failing = new StatementBatch();
      void failing.add(plusOne, [1]);
      void failing.add('select 1 / $1::int as n', [0]);
      void failing.add(plusTwo, [1]);
      await expect(failing.run(db)).rejects.toThrow(/division by zero/);
      expect(parses).toBe(2);

      parses = 0;
      const again = new StatementBatch();
      const one = again.add(plusOne, [1]);
      const two = again.add(plusTwo, [1]);
      const twice = again.add(plusTwo, [5]);
      await again.run(db);
      expect([await one, await two, await twice]).toEqual([[{ n: 2 }], [{ n: 3 }], [{ n: 7 }]]);
      // Only plusTwo was parsed now: plusOne was already on the connection, and plusTwo's second use binds it.
      expect(parses).toBe(1);
    } finally {
      (h.db as unknown as { connection: EventEmitter }).connection.off('parseComplete', count);
    }
  });

  it('refuses a statement once it is sent, and sends nothing when empty', async () => {
    await uow.runLean(async (tx) => {
      const batch = new StatementBatch();
      await batch.run(tx);
      expect(() => batch.add('select 1')).toThrow(/already sent/);
    });
  });
});

describe('UnitOfWork.runBatched', () => {
  it('begins the transaction with the first batch and commits it with the last: two round trips in all', async () => {
    let answers = 0;
    const count = () => answers++;
    const mode = await uow.runBatched(
      async (tx, { first, last }) => {
        connectionOf(tx).on('readyForQuery', count);
        const plans = first.add<{ plan_cache_mode: string }>('show plan_cache_mode');
        await first.run(tx);
        void last.add(`insert into batch_probe (id, tags) values (20, '{}')`);
        await last.run(tx);
        connectionOf(tx).off('readyForQuery', count);
        return (await plans)[0]!.plan_cache_mode;
      },
      { customPlans: true },
    );
    expect(answers).toBe(2);
    expect(mode).toBe('force_custom_plan');
    expect(await h.query(`select id from batch_probe where id = 20`)).toEqual([{ id: 20 }]);
  });

  it('rolls back a failure between the batches, and refuses work that does not run its last batch', async () => {
    await expect(
      uow.runBatched(async (tx, { first }) => {
        void first.add(`insert into batch_probe (id, tags) values (21, '{}')`);
        await first.run(tx);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    await expect(
      uow.runBatched(async (tx, { first }) => {
        void first.add(`insert into batch_probe (id, tags) values (22, '{}')`);
        await first.run(tx);
      }),
    ).rejects.toThrow(/did not run its first and last batch/);
    expect(await h.query(`select id from batch_probe where id in (21, 22)`)).toEqual([]);
  });
});
