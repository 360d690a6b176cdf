import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * More demo reference data: SOL (9 decimals, as on its chain), USDC (6) and the SOL-USDT market, whose grid settles
 * exactly (tick 0.01 × step 0.001 = 10 USDT minor units). Fees as the other markets.
 */
export class SeedSolUsdc1764100000020 implements MigrationInterface {
  name = 'SeedSolUsdc1764100000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      insert into asset (code, decimals, enabled) values ('SOL', 9, true), ('USDC', 6, true)
      on conflict (code) do nothing`);
    await q.query(`
      insert into market (symbol, base, quote, tick_size, step_size, min_qty, min_notional, maker_fee_ppm, taker_fee_ppm, status)
      values ('SOL-USDT', 'SOL', 'USDT', '0.01', '0.001', '0.001', '5', 800, 1000, 'TRADING')
      on conflict (symbol) do nothing`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from market where symbol = 'SOL-USDT'`);
    await q.query(`delete from asset where code in ('SOL', 'USDC')`);
  }
}
