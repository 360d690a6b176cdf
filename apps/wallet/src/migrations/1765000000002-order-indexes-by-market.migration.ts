import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The order pages' indexes begin with the market: `(market, user_id, order_no)` and `(market, user_id, created_at)`
 * instead of `(user_id, market, …)`. The pages (`OrderRepository.page`) always give both the user and the market, so
 * they use them as before. What changes is which indexes a lookup by user alone can use: the order intake's probe of
 * stored (user, clientOrderId) pairs could take any index that begins with `user_id`, and PL/pgSQL keeps the plan a
 * connection first made. Made while `wallet_order` held a few rows (a fresh venue, every bench run), that plan used
 * `wallet_order_user_market_time` with `client_order_id` as a filter: every order of the user read for each
 * submission (`bench:wallet --auto-explain`: 97–99 rows per probe at 100 orders per user, 5 ms of a group of 126,
 * growing with the user's orders). Now the unique `(user_id, client_order_id)` index is the only one that probe (and
 * `byClientOrderId`) can use: one step per submission whenever its plan was made. The user's open orders keep their
 * partial index `wallet_order_open (user_id)`.
 *
 * On a large table the two indexes are rebuilt inside the migration's transaction (writes to `wallet_order` wait for
 * it); a venue with years of orders would build the new ones `concurrently` first, by hand, under the same names.
 */
export class OrderIndexesByMarket1765000000002 implements MigrationInterface {
  name = 'OrderIndexesByMarket1765000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `create index if not exists wallet_order_market_user on wallet_order (market, user_id, order_no)`,
    );
    await q.query(
      `create index if not exists wallet_order_market_user_time on wallet_order (market, user_id, created_at)`,
    );
    await q.query(`drop index wallet_order_user_market`);
    await q.query(`drop index wallet_order_user_market_time`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`create index wallet_order_user_market on wallet_order (user_id, market, order_no)`);
    await q.query(`create index wallet_order_user_market_time on wallet_order (user_id, market, created_at)`);
    await q.query(`drop index wallet_order_market_user`);
    await q.query(`drop index wallet_order_market_user_time`);
  }
}
