import { type EntityManager } from 'typeorm';

import { type OrdersReply, type SubmitOrderReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';

import { StatementBatch } from '../../src/common/statement-batch';
import { UnitOfWork } from '../../src/common/unit-of-work.repository';
import { type OrderProgress, OrderRepository } from '../../src/orders/order.repository';

import { limitBuy, WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

const S = WALLET_SUBJECTS;
/** Enough orders to fill several pages of `wallet_order`, as a settlement of a busy market finds them. */
const ORDERS = 60;

let h: WalletHarness;
let ids: string[];

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('alice', 'USDT', '100000');
  ids = [];
  for (let i = 0; i < ORDERS; i++) {
    const reply = await h.rpc<SubmitOrderReply>(
      S.cmd.submitOrder,
      limitBuy('alice', `in-place-${i}`, '100.00'),
    );
    ids.push(reply.orderId);
  }
});
afterAll(async () => {
  await h?.close();
});

interface Updates {
  updated: number;
  hot: number;
}

/**
 * Runs settlement's order and hold updates in a transaction of the wallet's; its updates of `wallet_order` and `hold`
 * counted, all and HOT.
 */
async function saveProgress(progress: OrderProgress[]): Promise<{ orders: Updates; holds: Updates }> {
  const uow = h.app!.get(UnitOfWork);
  const orders = h.app!.get(OrderRepository);
  // The backend's counts not yet reported to the statistics (this transaction's, and earlier ones' still pending).
  const counts = async (tx: EntityManager, table: string): Promise<Updates> =>
    (
      await tx.query(
        `select pg_stat_get_xact_tuples_updated($1::regclass)::int as updated,
                pg_stat_get_xact_tuples_hot_updated($1::regclass)::int as hot`,
        [table],
      )
    )[0];
  const delta = (after: Updates, before: Updates) => ({
    updated: after.updated - before.updated,
    hot: after.hot - before.hot,
  });
  return uow.run(async (tx) => {
    const before = { orders: await counts(tx, 'wallet_order'), holds: await counts(tx, 'hold') };
    const writes = new StatementBatch();
    orders.saveProgress(writes, progress);
    await writes.run(tx);
    return {
      orders: delta(await counts(tx, 'wallet_order'), before.orders),
      holds: delta(await counts(tx, 'hold'), before.holds),
    };
  });
}

const progress = (orderId: string, status: OrderProgress['status'], filledLots: number): OrderProgress => ({
  orderId,
  lots: 1_000_000,
  filledLots,
  spentQuoteUnits: BigInt(filledLots) * 100n,
  status,
  holdAmount: status === 'ACCEPTED' ? 1_000_000n : 0n,
});

describe("settlement's order updates, in place (migration 1765000000004)", () => {
  it('writes no index entry of wallet_order when orders are accepted, filled or cancelled, nor of hold while they stay open', async () => {
    // Accepted, the hold's amount changed (as a partial fill changes it): both updated in place.
    const accepted = await saveProgress(ids.map((id) => progress(id, 'ACCEPTED', 0)));
    expect(accepted).toEqual({
      orders: { updated: ORDERS, hot: ORDERS },
      holds: { updated: ORDERS, hot: ORDERS },
    });

    // In a later transaction, as the next settlement: half filled, half cancelled. The orders' updates stay HOT; the
    // holds', released, leave the open holds' index, so they write their new primary key entries.
    const ended = await saveProgress(
      ids.map((id, i) => (i % 2 === 0 ? progress(id, 'FILLED', 1_000_000) : progress(id, 'CANCELLED', 0))),
    );
    expect(ended).toEqual({ orders: { updated: ORDERS, hot: ORDERS }, holds: { updated: ORDERS, hot: 0 } });
  });

  it("finds the user's open orders by their active holds, and none once they ended", async () => {
    await h.faucet('bob', 'USDT', '1000');
    const placed: SubmitOrderReply[] = [];
    for (const i of [1, 2, 3])
      placed.push(await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, limitBuy('bob', `bob-${i}`, '100.00')));
    const open = async () =>
      (await h.rpc<OrdersReply>(S.query.openOrders, { userId: 'bob' })).orders.map((o) => o.clientOrderId);
    expect(await open()).toEqual(['bob-1', 'bob-2', 'bob-3']);

    await saveProgress([progress(placed[1].orderId, 'CANCELLED', 0)]);
    expect(await open()).toEqual(['bob-1', 'bob-3']);
    await saveProgress([
      progress(placed[0].orderId, 'FILLED', 1_000_000),
      progress(placed[2].orderId, 'ACCEPTED', 0),
    ]);
    expect(await open()).toEqual(['bob-3']);
  });
});
