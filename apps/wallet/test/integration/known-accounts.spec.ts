import { type EntityManager } from 'typeorm';

import { type AccountKey } from '@exchange/wallet-domain';

import { UnitOfWork } from '../../src/common/unit-of-work.repository';
import { LedgerRepository } from '../../src/ledger/ledger.repository';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(90_000);

let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
});
afterAll(() => h?.close());

/** Runs `ensureAccounts` in a transaction and counts the statements it sent. */
async function ensure(accounts: AccountKey[]): Promise<number> {
  const ledger = h.app!.get(LedgerRepository);
  return h.app!.get(UnitOfWork).run(async (tx: EntityManager) => {
    let statements = 0;
    const query = tx.query.bind(tx);
    const counting = Object.create(tx) as EntityManager;
    counting.query = (...args: Parameters<EntityManager['query']>) => {
      statements += 1;
      return query(...args);
    };
    await ledger.ensureAccounts(counting, accounts);
    return statements;
  });
}

const account = (userId: string): AccountKey => ({ owner: 'USER', userId, asset: 'BTC', kind: 'AVAILABLE' });

describe("settlement's accounts: created when missing, skipped once known committed", () => {
  it('creates an account it has not seen, and sends nothing for one remembered as committed', async () => {
    expect(await ensure([account('kira')])).toBe(1);
    expect(
      await h.query(`select 1 from ledger_account where account_id = 'user:kira:BTC:AVAILABLE'`),
    ).toHaveLength(1);
    h.app!.get(LedgerRepository).rememberCommitted([account('kira')]);
    expect(await ensure([account('kira')])).toBe(0);
    // A known account beside an unknown one: only the unknown one is sent, and created.
    expect(await ensure([account('kira'), account('omar')])).toBe(1);
    expect(
      await h.query(`select account_id from ledger_account where user_id in ('kira', 'omar') order by 1`),
    ).toEqual([{ account_id: 'user:kira:BTC:AVAILABLE' }, { account_id: 'user:omar:BTC:AVAILABLE' }]);
  });
});
