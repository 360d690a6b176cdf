import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The book's tracked orders, one row each, written as they change: the stored market state no longer carries the
 * whole order set, whose rewrite on every commit grew with the book.
 */
export class BookOrders1764300000000 implements MigrationInterface {
  name = 'BookOrders1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table md_book_order (
        market text not null,
        order_id text not null,
        data text not null,
        primary key (market, order_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('drop table md_book_order');
  }
}
