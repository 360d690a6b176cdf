import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('asset')
export class AssetEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 }) code!: string;
  @Column({ type: 'smallint' }) decimals!: number;
  @Column({ type: 'boolean' }) enabled!: boolean;
}

@Entity('market')
export class MarketEntity {
  @PrimaryColumn({ type: 'varchar', length: 25 }) symbol!: string;
  @Column({ type: 'varchar', length: 20 }) base!: string;
  @Column({ type: 'varchar', length: 20 }) quote!: string;
  @Column({ name: 'tick_size', type: 'varchar', length: 40 }) tickSize!: string;
  @Column({ name: 'step_size', type: 'varchar', length: 40 }) stepSize!: string;
  @Column({ name: 'min_qty', type: 'varchar', length: 40 }) minQty!: string;
  @Column({ name: 'min_notional', type: 'varchar', length: 40 }) minNotional!: string;
  @Column({ name: 'maker_fee_ppm', type: 'integer' }) makerFeePpm!: number;
  @Column({ name: 'taker_fee_ppm', type: 'integer' }) takerFeePpm!: number;
  @Column({ type: 'varchar', length: 12 }) status!: 'TRADING' | 'HALTED' | 'CANCEL_ONLY';
}
