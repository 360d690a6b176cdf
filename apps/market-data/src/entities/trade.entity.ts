import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A public trade; `id` is the engine sequence of its `trade` event (unique per market). */
@Entity({ name: 'md_trade' })
export class TradeEntity {
  @PrimaryColumn('text') market!: string;
  @PrimaryColumn('bigint') id!: string;
  @Column('bigint') ts!: string;
  @Column('numeric') price!: string;
  @Column('numeric') qty!: string;
  @Column('numeric', { name: 'quote_qty' }) quoteQty!: string;
  @Column('text', { name: 'taker_side' }) takerSide!: 'BUY' | 'SELL';
  @Column('text', { name: 'maker_order_id' }) makerOrderId!: string;
  @Column('text', { name: 'taker_order_id' }) takerOrderId!: string;
}
