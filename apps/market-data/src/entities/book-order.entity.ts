import { Entity, PrimaryColumn, Column } from 'typeorm';

/** One order the L2 book model tracks: `data` is its JSON tuple `[side, price, remaining, rests, phase, expiresWithMaker]`. */
@Entity({ name: 'md_book_order' })
export class BookOrderEntity {
  @PrimaryColumn('text') market!: string;
  @PrimaryColumn('text', { name: 'order_id' }) orderId!: string;
  @Column('text') data!: string;
}
