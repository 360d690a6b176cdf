import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Consecutive failed logins per normalised email, whether or not the account exists (so locking reveals
 * nothing), and the lock they earned.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ name: 'email_key', type: 'text' })
  emailKey!: string;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
