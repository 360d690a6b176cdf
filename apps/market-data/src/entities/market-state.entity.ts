import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Per market: the last engine sequence applied and the derived state at that sequence, written with the data. */
@Entity({ name: 'md_market_state' })
export class MarketStateEntity {
  @PrimaryColumn('text') market!: string;
  @Column('bigint', { name: 'last_seq' }) lastSeq!: string;
  @Column('bigint', { name: 'last_ts' }) lastTs!: string;
  @Column('jsonb') state!: unknown;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
