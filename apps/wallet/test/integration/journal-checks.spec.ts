import { type SubmitOrderReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { type EntityManager } from 'typeorm';

import { availableAccount, heldAccount, type JournalTransaction } from '@exchange/wallet-domain';

import { pgArray } from '../../src/common/pg-array';
import { type FillRow } from '../../src/orders/fill.repository';
import { SettlementRowsRepository } from '../../src/settlement/settlement-rows.repository';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;
let order: SubmitOrderReply;

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('alice', 'BTC', '1');
  order = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, {
    userId: 'alice',
    clientOrderId: 'o1',
    symbol: 'BTC-USDT',
    side: 'SELL',
    type: 'LIMIT',
    price: '30000.00',
    quantity: '0.1',
  });
});
afterAll(() => h?.close());

const entry = (tx: string, account: string, asset: string, amount: number) =>
  `insert into journal_entry (transaction_id, account_id, asset, amount) values ('${tx}', '${account}', '${asset}', ${amount})`;
const twoEntries = (tx: string, amount: number) =>
  `insert into journal_entry (transaction_id, account_id, asset, amount) values
     ('${tx}', 'user:alice:BTC:AVAILABLE', 'BTC', ${-amount}), ('${tx}', 'user:alice:BTC:HELD', 'BTC', ${amount})`;

const fill = (orderId: string, market: string, asset: string) =>
  `insert into wallet_fill (market, trade_id, side, order_id, user_id, is_maker, price_ticks, lots, base_units,
     quote_units, commission, commission_asset, traded_at_ms)
   values ('${market}', 1, 'SELL', '${orderId}', 'alice', true, 3000000, 1, 10000, 3000000, 0, '${asset}', 1)`;

describe('the journal checks PostgreSQL runs once per statement (migration 1764300000010)', () => {
  it('accepts a balanced transaction written in one statement or in several', async () => {
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('one', 'ORDER_HOLD'), ('several', 'ORDER_HOLD')`,
        twoEntries('one', 5),
        entry('several', 'user:alice:BTC:AVAILABLE', 'BTC', -7),
        entry('several', 'user:alice:BTC:HELD', 'BTC', 7),
      ),
    ).toBeUndefined();
    // Only the checks are under test here: no balance moves with these entries.
    const [n] = await h.query<{ n: number }>(
      `select count(*)::int as n from journal_entry where transaction_id in ('one', 'several')`,
    );
    expect(n.n).toBe(4);
    const [pending] = await h.query<{ n: number }>(`select count(*)::int as n from journal_balance_pending`);
    expect(pending.n).toBe(0);
  });

  it('refuses at commit a transaction left unbalanced, even after a balanced statement for it', async () => {
    const before = await h.snapshot();
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('late', 'ORDER_HOLD')`,
        twoEntries('late', 3),
        entry('late', 'user:alice:BTC:AVAILABLE', 'BTC', 1),
      ),
    ).toMatch(/journal transaction late is unbalanced: BTC sums to 1/);
    expect(await h.snapshot()).toBe(before);
  });

  it('refuses entries of an unknown journal transaction or account, and fills of an unknown order', async () => {
    const before = await h.snapshot();
    expect(await h.inTransaction(twoEntries('nowhere', 1))).toMatch(/unknown journal transaction nowhere/);
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('bad-account', 'ORDER_HOLD')`,
        `insert into journal_entry (transaction_id, account_id, asset, amount) values
           ('bad-account', 'user:alice:BTC:AVAILABLE', 'BTC', -1), ('bad-account', 'user:nobody:BTC:HELD', 'BTC', 1)`,
      ),
    ).toMatch(/unknown account user:nobody:BTC:HELD/);
    // The account exists, but not in that asset.
    expect(
      await h.inTransaction(
        `insert into journal_transaction (id, kind) values ('bad-asset', 'ORDER_HOLD')`,
        entry('bad-asset', 'user:alice:BTC:AVAILABLE', 'USDT', 1),
      ),
    ).toMatch(/unknown account user:alice:BTC:AVAILABLE \(USDT\)/);
    expect(await h.inTransaction(fill('no-such-order', 'BTC-USDT', 'USDT'))).toMatch(
      /unknown order no-such-order/,
    );
    expect(await h.inTransaction(fill(order.orderId, 'NO-SUCH', 'USDT'))).toMatch(/unknown market NO-SUCH/);
    expect(await h.inTransaction(fill(order.orderId, 'BTC-USDT', 'NOPE'))).toMatch(/unknown asset NOPE/);
    expect(await h.snapshot()).toBe(before);
  });

  it('never deletes or renames what the journal and fills refer to', async () => {
    expect(await h.inTransaction(fill(order.orderId, 'BTC-USDT', 'USDT'))).toBeUndefined();
    const refused = /never deleted and keep their keys/;
    for (const sql of [
      `delete from ledger_account where account_id = 'user:alice:BTC:HELD'`,
      `update ledger_account set asset = 'ETH' where account_id = 'user:alice:BTC:HELD'`,
      `delete from wallet_order where order_id = '${order.orderId}'`,
      `update market set symbol = 'BTC-USDX' where symbol = 'BTC-USDT'`,
      `update asset set code = 'USDX' where code = 'USDT'`,
    ])
      expect(await h.inTransaction(sql)).toMatch(refused);
    // Balances and statuses still change as usual, and a market no fill refers to may still be renamed.
    expect(
      await h.inTransaction(
        `update ledger_account set updated_at = now() where account_id = 'user:alice:BTC:HELD'`,
        `update wallet_order set updated_at = now() where order_id = '${order.orderId}'`,
      ),
    ).toBeUndefined();
    await h.query('begin');
    await h.query(`update market set symbol = 'ETH-BTCX' where symbol = 'ETH-BTC'`);
    await h.query('rollback');
  });

  it('reads the array literals settlement sends exactly as they were (pgArray)', async () => {
    const texts = ['trade:BTC-USDT:1', 'a,b', '{x}', ' ', 'NULL', '', 'say "hi"', 'back\\slash', null];
    const [row] = await h.query<{ texts: (string | null)[]; amounts: string[]; flags: boolean[] }>(
      `select $1::varchar[] as texts, $2::numeric[]::text[] as amounts, $3::boolean[] as flags`,
      [pgArray(texts), pgArray([-12345678901234567890n, 0, 7]), pgArray([true, false])],
    );
    expect(row.texts).toEqual(texts);
    expect(row.amounts).toEqual(['-12345678901234567890', '0', '7']);
    expect(row.flags).toEqual([true, false]);
  });

  it('stores the settlement rows sent by COPY exactly; a refused row fails the statement, the connection stays in step', async () => {
    // A manager over the harness's connection: the repository only runs statements on it.
    const tx = { query: (statement: unknown) => h.db.query(statement as string) } as unknown as EntityManager;
    const sut = new SettlementRowsRepository();
    const transaction = (id: string): JournalTransaction => ({
      id,
      kind: 'TRADE',
      entries: [
        { account: availableAccount('alice', 'BTC'), amount: -5n },
        { account: heldAccount('alice', 'BTC'), amount: 5n },
      ],
    });
    const chunk = (id: string) => ({
      transactions: [transaction(id)],
      accountIds: [['user:alice:BTC:AVAILABLE', 'user:alice:BTC:HELD']],
      newAccounts: [],
    });
    const fillRow: FillRow = {
      market: 'BTC-USDT',
      tradeId: 77,
      side: 'SELL',
      orderId: order.orderId,
      orderNo: '1',
      clientOrderId: 'o1',
      userId: 'alice',
      isMaker: true,
      priceTicks: 3_000_000,
      lots: 1,
      baseUnits: 10_000n,
      quoteUnits: 3_000_000_000n,
      commission: 123_456_789_012_345_678_901n,
      commissionAsset: 'USDT',
      tradedAtMs: 1_700_000_000_123,
    };
    const id = 'copy:back\\slash\ttab';
    await h.db.query('begin');
    try {
      await sut.insertEncoded(tx, sut.encode(chunk(id), [fillRow]));
      const entries = await h.db.query(
        `select transaction_id, account_id, asset, amount::text from journal_entry where transaction_id = $1 order by account_id`,
        [id],
      );
      expect(entries.rows).toEqual([
        { transaction_id: id, account_id: 'user:alice:BTC:AVAILABLE', asset: 'BTC', amount: '-5' },
        { transaction_id: id, account_id: 'user:alice:BTC:HELD', asset: 'BTC', amount: '5' },
      ]);
      const fills = await h.db.query(
        `select market, trade_id::text, side, order_id, user_id, is_maker, price_ticks::text, lots::text,
           base_units::text, quote_units::text, commission::text, commission_asset, traded_at_ms::text
         from wallet_fill where trade_id = 77`,
      );
      expect(fills.rows).toEqual([
        {
          market: 'BTC-USDT',
          trade_id: '77',
          side: 'SELL',
          order_id: order.orderId,
          user_id: 'alice',
          is_maker: true,
          price_ticks: '3000000',
          lots: '1',
          base_units: '10000',
          quote_units: '3000000000',
          commission: '123456789012345678901',
          commission_asset: 'USDT',
          traded_at_ms: '1700000000123',
        },
      ]);
      // The same journal id again: its COPY fails, the fills' COPY behind it never runs, and the next statement gets
      // its own answer (the aborted transaction's), not one meant for the COPY.
      await expect(
        sut.insertEncoded(tx, sut.encode(chunk(id), [{ ...fillRow, tradeId: 78 }])),
      ).rejects.toThrow(/journal_transaction_pkey/);
      await expect(h.db.query('select 1')).rejects.toThrow(/current transaction is aborted/);
    } finally {
      await h.db.query('rollback');
    }
    const [left] = await h.query<{ n: number }>(
      `select (select count(*) from journal_transaction where id = $1)::int
         + (select count(*) from wallet_fill where trade_id in (77, 78))::int as n`,
      [id],
    );
    expect(left.n).toBe(0);
  });
});
