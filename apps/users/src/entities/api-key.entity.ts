import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key. HMAC keys keep their secret sealed (SecretBox); Ed25519 keys keep only the user's public key. */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  /** The public identifier clients send (`X-MBX-APIKEY`). */
  @Column({ name: 'api_key', type: 'text' })
  apiKey!: string;

  @Column({ type: 'text' })
  kind!: 'HMAC' | 'ED25519';

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', array: true })
  permissions!: ('READ' | 'TRADE' | 'WITHDRAW')[];

  @Column({ name: 'ip_allow_list', type: 'text', array: true })
  ipAllowList!: string[];

  @Column({ name: 'secret_sealed', type: 'text', nullable: true })
  secretSealed!: string | null;

  @Column({ name: 'public_key_pem', type: 'text', nullable: true })
  publicKeyPem!: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
