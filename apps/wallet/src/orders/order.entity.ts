import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity('wallet_order')
export class WalletOrderEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 64 }) orderId!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 64 }) userId!: string;
  @Column({ name: 'client_order_id', type: 'varchar', length: 64 }) clientOrderId!: string;
  @Column({ type: 'varchar', length: 25 }) market!: string;
  @Column({ type: 'varchar', length: 4 }) side!: 'BUY' | 'SELL';
  @Column({ name: 'order_type', type: 'varchar', length: 20 }) orderType!: string;
  @Column({ name: 'time_in_force', type: 'varchar', length: 3, nullable: true }) timeInForce!: string | null;
  @Column({ name: 'limit_ticks', type: 'bigint', nullable: true }) limitTicks!: string | null;
  @Column({ name: 'stop_ticks', type: 'bigint', nullable: true }) stopTicks!: string | null;
  @Column({ name: 'triggered_at_ms', type: 'bigint', nullable: true }) triggeredAtMs!: string | null;
  @Column({ type: 'bigint', nullable: true }) lots!: string | null;
  @Column({ name: 'quote_units', type: 'numeric', precision: 38, scale: 0, nullable: true })
  quoteUnits!: string | null;
  @Column({ name: 'headroom_ppm', type: 'integer' }) headroomPpm!: number;
  @Column({ name: 'filled_lots', type: 'bigint' }) filledLots!: string;
  @Column({ name: 'spent_quote_units', type: 'numeric', precision: 38, scale: 0 }) spentQuoteUnits!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'text' }) fingerprint!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** What an open order's hold still covers (its `remainingNeed`), 0 once released. */
@Entity('hold')
export class HoldEntity {
  @PrimaryColumn({ name: 'order_id', type: 'varchar', length: 64 }) orderId!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 64 }) userId!: string;
  @Column({ type: 'varchar', length: 20 }) asset!: string;
  @Column({ type: 'numeric', precision: 38, scale: 0 }) amount!: string;
  @Column({ type: 'varchar', length: 8 }) status!: 'ACTIVE' | 'RELEASED';
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'message_id', type: 'varchar', length: 100 }) messageId!: string;
  @Column({ type: 'varchar', length: 200 }) subject!: string;
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('market_event_cursor')
export class MarketEventCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 25 }) market!: string;
  @Column({ name: 'last_seq', type: 'bigint' }) lastSeq!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
