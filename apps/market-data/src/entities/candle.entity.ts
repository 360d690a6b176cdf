import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A candle (open or closed): OHLCV as numeric, times in epoch milliseconds UTC. */
@Entity({ name: 'md_candle' })
export class CandleEntity {
  @PrimaryColumn('text') market!: string;
  @PrimaryColumn('text') interval!: string;
  @PrimaryColumn('bigint', { name: 'open_time' }) openTime!: string;
  @Column('bigint', { name: 'close_time' }) closeTime!: string;
  @Column('numeric') open!: string;
  @Column('numeric') high!: string;
  @Column('numeric') low!: string;
  @Column('numeric') close!: string;
  @Column('numeric') volume!: string;
  @Column('numeric', { name: 'quote_volume' }) quoteVolume!: string;
  @Column('integer') trades!: number;
  @Column('numeric', { name: 'taker_buy_volume' }) takerBuyVolume!: string;
  @Column('numeric', { name: 'taker_buy_quote_volume' }) takerBuyQuoteVolume!: string;
  @Column('boolean') closed!: boolean;
}
