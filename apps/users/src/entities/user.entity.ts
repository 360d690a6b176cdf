import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An account. `email` is stored normalised (trimmed, lower-cased); a unique index on lower(email) guards it. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  email!: string;

  /** argon2id encoded hash: algorithm, version, m/t/p and salt travel with it. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'mfa_enabled', type: 'boolean', default: false })
  mfaEnabled!: boolean;

  /** The confirmed TOTP secret, sealed with the key-encryption key (see SecretBox). */
  @Column({ name: 'totp_secret_sealed', type: 'text', nullable: true })
  totpSecretSealed!: string | null;

  /** A secret waiting for its first code (enrolment started, not confirmed). */
  @Column({ name: 'totp_pending_sealed', type: 'text', nullable: true })
  totpPendingSealed!: string | null;

  /** The last TOTP time step accepted: codes of this step or earlier are refused (no replay). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
