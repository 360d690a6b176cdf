import { type ReconcileReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { OrderIntakeService } from '../../src/orders/order-intake.service';
import { limitBuy, type SubmitOutcome, WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
});
afterAll(() => h?.close());

describe('intake locks the accounts first and creates only the missing ones (migration 1764900000001)', () => {
  it('keeps room on the account pages for updates that stay on the page', async () => {
    const [row] = await h.query<{ options: string[] }>(
      `select reloptions as options from pg_class where oid = 'ledger_account'::regclass`,
    );
    expect(row!.options).toContain('fillfactor=40');
  });

  it("creates a user's HELD account at the first hold while a second group waits for it, both deciding on the latest balance", async () => {
    await h.faucet('lena', 'USDT', '1000');
    expect(
      await h.query(`select 1 from ledger_account where account_id = 'user:lena:USDT:HELD'`),
    ).toHaveLength(0);
    const intake = h.app!.get(OrderIntakeService);
    // While this test holds lena's AVAILABLE row, two groups (one order each) find it and wait; the HELD account
    // is missing for both. The first to get the row creates it; the other finds it taken when it inserts, locks
    // it too and decides on the balance the first left: 400.4 fits twice in 1,000, not three times.
    await h.query('begin');
    let results: Promise<SubmitOutcome>[] = [];
    try {
      await h.query(`select 1 from ledger_account where account_id = 'user:lena:USDT:AVAILABLE' for update`);
      results = [h.submitOrder(limitBuy('lena', 'l-1', '400.00'))];
      await waitFor(async () => intake.depth.inFlight === 1);
      results.push(h.submitOrder(limitBuy('lena', 'l-2', '400.00')));
      await waitFor(async () => intake.depth.inFlight === 2);
      results.push(h.submitOrder(limitBuy('lena', 'l-3', '400.00')));
      await waitFor(async () => intake.depth.waiting === 1);
    } finally {
      await h.query('commit');
    }
    const settled = await Promise.all(results);
    expect(settled.filter((r) => r.ok)).toHaveLength(2);
    expect(settled.filter((r) => !r.ok)).toEqual([{ ok: false, code: 2101 }]);
    expect(await h.balance('user:lena:USDT:AVAILABLE')).toBe(1_000_000_000n - 2n * 400_400_000n);
    expect(await h.balance('user:lena:USDT:HELD')).toBe(2n * 400_400_000n);
    const [held] = await h.query<{ n: number }>(
      `select count(*)::int as n from ledger_account where user_id = 'lena'`,
    );
    expect(held!.n).toBe(2);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });
});
