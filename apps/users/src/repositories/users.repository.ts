import { Injectable } from '@nestjs/common';

import { RecoveryCodeEntity } from '../entities/recovery-code.entity';
import { UserEntity } from '../entities/user.entity';
import { TransactionsRepository } from './transactions.repository';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Accounts, their TOTP state and recovery codes. */
@Injectable()
export class UsersRepository {
  constructor(private readonly tx: TransactionsRepository) {}

  private get users() {
    return this.tx.manager.getRepository(UserEntity);
  }

  /** The new account, or null when the email (compared lower-cased) is taken. */
  async insert(email: string, passwordHash: string, now: Date): Promise<UserEntity | null> {
    try {
      const user = this.users.create({
        email,
        passwordHash,
        mfaEnabled: false,
        createdAt: now,
        updatedAt: now,
      });
      return await this.users.save(user);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async updatePasswordHash(id: string, passwordHash: string, now: Date): Promise<void> {
    await this.users.update({ id }, { passwordHash, updatedAt: now });
  }

  async setPendingTotp(id: string, sealed: string, now: Date): Promise<void> {
    await this.users.update({ id }, { totpPendingSealed: sealed, updatedAt: now });
  }

  /**
   * Records `step` as the last accepted TOTP step if it is later than the stored one: true when it was,
   * false when a code of this step (or a later one) was already used. Atomic, so two requests racing with
   * the same code cannot both pass.
   */
  async consumeTotpStep(id: string, step: number, now: Date): Promise<boolean> {
    const result = await this.tx.manager.query(
      `update users set totp_last_step = $2, updated_at = $3
        where id = $1 and (totp_last_step is null or totp_last_step < $2) returning id`,
      [id, step, now],
    );
    return (result as [unknown[], number])[1] === 1;
  }

  /** Turns MFA on with the confirmed secret and replaces the recovery codes, in one transaction. */
  async enableMfa(
    id: string,
    secretSealed: string,
    step: number,
    codeHashes: Buffer[],
    now: Date,
  ): Promise<boolean> {
    return this.tx.run(async () => {
      const manager = this.tx.manager;
      const result = await manager.query(
        `update users set mfa_enabled = true, totp_secret_sealed = $2, totp_pending_sealed = null,
                totp_last_step = $3, updated_at = $4
          where id = $1 and not mfa_enabled and totp_pending_sealed is not null returning id`,
        [id, secretSealed, step, now],
      );
      if ((result as [unknown[], number])[1] !== 1) return false;
      await manager.delete(RecoveryCodeEntity, { userId: id });
      await manager.insert(
        RecoveryCodeEntity,
        codeHashes.map((codeHash) => ({ userId: id, codeHash, createdAt: now, usedAt: null })),
      );
      return true;
    });
  }

  async disableMfa(id: string, now: Date): Promise<void> {
    await this.tx.run(async () => {
      const manager = this.tx.manager;
      await manager.update(
        UserEntity,
        { id },
        { mfaEnabled: false, totpSecretSealed: null, totpPendingSealed: null, updatedAt: now },
      );
      await manager.delete(RecoveryCodeEntity, { userId: id });
    });
  }

  /** Spends an unused recovery code of the user: true once, false ever after (or for an unknown code). */
  async consumeRecoveryCode(userId: string, codeHash: Buffer, now: Date): Promise<boolean> {
    const result = await this.tx.manager.query(
      `update recovery_codes set used_at = $3 where user_id = $1 and code_hash = $2 and used_at is null returning id`,
      [userId, codeHash, now],
    );
    return (result as [unknown[], number])[1] === 1;
  }
}
