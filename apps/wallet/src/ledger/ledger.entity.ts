import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A running balance per account (`accountId` of the domain key); numeric(38,0) read as a string. */
@Entity('ledger_account')
export class LedgerAccountEntity {
  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 160 }) accountId!: string;
  @Column({ type: 'varchar', length: 5 }) owner!: 'USER' | 'VENUE';
  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true }) userId!: string | null;
  @Column({ type: 'varchar', length: 20 }) asset!: string;
  @Column({ type: 'varchar', length: 24 }) kind!: string;
  @Column({ type: 'numeric', precision: 38, scale: 0 }) balance!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Immutable: a trigger refuses updates and deletes. */
@Entity('journal_transaction')
export class JournalTransactionEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 }) id!: string;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('idempotency_key')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 250 }) key!: string;
  @Column({ type: 'text' }) fingerprint!: string;
  @Column({ type: 'jsonb' }) response!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
