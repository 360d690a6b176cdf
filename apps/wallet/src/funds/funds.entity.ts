import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('deposit')
export class DepositEntity {
  @PrimaryColumn({ name: 'deposit_id', type: 'varchar', length: 128 }) depositId!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 64 }) userId!: string;
  @Column({ type: 'varchar', length: 20 }) asset!: string;
  @Column({ type: 'numeric', precision: 38, scale: 0 }) amount!: string;
  @Column({ type: 'varchar', length: 8 }) source!: 'FAUCET' | 'CHAIN';
  @Column({ type: 'varchar', length: 10 }) status!: 'PENDING' | 'CONFIRMED' | 'REVERTED';
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity('withdrawal')
export class WithdrawalEntity {
  @PrimaryColumn({ name: 'withdrawal_id', type: 'varchar', length: 64 }) withdrawalId!: string;
  @Column({ name: 'user_id', type: 'varchar', length: 64 }) userId!: string;
  @Column({ type: 'varchar', length: 20 }) asset!: string;
  @Column({ type: 'numeric', precision: 38, scale: 0 }) amount!: string;
  @Column({ name: 'network_fee', type: 'numeric', precision: 38, scale: 0 }) networkFee!: string;
  @Column({ type: 'varchar', length: 128 }) address!: string;
  @Column({ type: 'varchar', length: 16 }) status!:
    'PENDING_APPROVAL' | 'REQUESTED' | 'SENT' | 'COMPLETED' | 'FAILED' | 'REJECTED';
  @Column({ name: 'failure_reason', type: 'varchar', length: 200, nullable: true }) failureReason!:
    string | null;
  @Column({ name: 'client_withdrawal_id', type: 'varchar', length: 64, nullable: true }) clientWithdrawalId!:
    string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
