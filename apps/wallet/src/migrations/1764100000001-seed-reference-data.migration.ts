import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Demo reference data: BTC (8 decimals), ETH (18), USDT (6) and three markets whose grids settle exactly
 * (tick × step is a whole number of quote minor units). Fees in ppm: maker 0.08 %, taker 0.10 %.
 */
export class SeedReferenceData1764100000001 implements MigrationInterface {
  name = 'SeedReferenceData1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      insert into asset (code, decimals, enabled) values ('BTC', 8, true), ('ETH', 18, true), ('USDT', 6, true)
      on conflict (code) do nothing`);
    await q.query(`
      insert into market (symbol, base, quote, tick_size, step_size, min_qty, min_notional, maker_fee_ppm, taker_fee_ppm, status)
      values
        ('BTC-USDT', 'BTC', 'USDT', '0.01', '0.0001', '0.0001', '5', 800, 1000, 'TRADING'),
        ('ETH-USDT', 'ETH', 'USDT', '0.01', '0.0001', '0.0001', '5', 800, 1000, 'TRADING'),
        ('ETH-BTC', 'ETH', 'BTC', '0.000001', '0.01', '0.01', '0.0001', 800, 1000, 'TRADING')
      on conflict (symbol) do nothing`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`delete from market where symbol in ('BTC-USDT', 'ETH-USDT', 'ETH-BTC')`);
    await q.query(`delete from asset where code in ('BTC', 'ETH', 'USDT')`);
  }
}
