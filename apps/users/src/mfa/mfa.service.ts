import { Inject, Injectable } from '@nestjs/common';
import { toDataURL } from 'qrcode';

import { type ConfirmMfaReply, type EnrolMfaReply } from '@exchange/shared-contracts';
import { APP_CONFIG } from '@exchange/shared-util-config';

import { decodeSealed, encodeSealed, SecretBox } from '../api-keys/secret-box';
import { type UsersConfig } from '../config/users.config';
import { type UserEntity } from '../entities/user.entity';
import { UsersError, UsersErrorCode } from '../errors/users.error';
import { AuditLogRepository } from '../repositories/audit-log.repository';
import { ClockRepository } from '../repositories/clock.repository';
import { TransactionsRepository } from '../repositories/transactions.repository';
import { UsersRepository } from '../repositories/users.repository';
import { type Caller } from '../sessions/sessions.service';
import { hashRecoveryCode, newRecoveryCodes } from './recovery-codes';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp';

export interface SecondFactor {
  code?: string;
  recoveryCode?: string;
}

export interface SecondFactorOptions {
  /** The client's address, for the audit log. */
  ip?: string;
  /**
   * The change the factor authorises: it runs in the transaction that spends the code, so the code is spent
   * only if the change (and its audit row) commits, and the change never lands without a spent code.
   */
  action?: () => Promise<void>;
}

/** TOTP enrolment, confirmation and removal, and checking a second factor for login and sensitive actions. */
@Injectable()
export class MfaService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditLogRepository,
    private readonly tx: TransactionsRepository,
    private readonly clock: ClockRepository,
    private readonly box: SecretBox,
    @Inject(APP_CONFIG) private readonly config: UsersConfig,
  ) {}

  async enrol(caller: Caller): Promise<EnrolMfaReply> {
    const user = await this.user(caller.userId);
    if (user.mfaEnabled) throw new UsersError(UsersErrorCode.MFA_ALREADY_ENABLED, 'MFA is already enabled');
    const now = this.clock.now();
    const secret = newTotpSecret();
    await this.tx.run(async () => {
      await this.users.setPendingTotp(user.id, encodeSealed(this.box.seal(secret, `totp:${user.id}`)), now);
      await this.audit.append({ userId: user.id, event: 'MFA_ENROLMENT_STARTED', now });
    });
    const uri = otpauthUri(user.email, this.config.MFA_ISSUER, secret);
    return { secret, otpauthUri: uri, qrCodeDataUrl: await toDataURL(uri) };
  }

  async confirm(caller: Caller, code: string): Promise<ConfirmMfaReply> {
    const user = await this.user(caller.userId);
    if (user.mfaEnabled) throw new UsersError(UsersErrorCode.MFA_ALREADY_ENABLED, 'MFA is already enabled');
    if (!user.totpPendingSealed)
      throw new UsersError(UsersErrorCode.MFA_NOT_ENROLLING, 'start enrolment first');
    const now = this.clock.now();
    const secret = this.box.open(decodeSealed(user.totpPendingSealed), `totp:${user.id}`);
    const verdict = verifyTotp({ code, secret, nowMs: now.getTime(), lastUsedStep: null });
    if (!verdict.ok)
      throw new UsersError(UsersErrorCode.MFA_CODE_INVALID, 'the code does not match the new secret');
    const codes = newRecoveryCodes();
    const pendingSealed = user.totpPendingSealed;
    await this.tx.run(async () => {
      const enabled = await this.users.enableMfa(
        user.id,
        pendingSealed,
        verdict.step,
        codes.map(hashRecoveryCode),
        now,
      );
      if (!enabled)
        throw new UsersError(UsersErrorCode.MFA_NOT_ENROLLING, 'enrolment changed meanwhile; start again');
      await this.audit.append({ userId: user.id, event: 'MFA_ENABLED', now });
    });
    return { recoveryCodes: codes };
  }

  async disable(caller: Caller, factor: SecondFactor): Promise<void> {
    const user = await this.user(caller.userId);
    await this.requireSecondFactor(user, factor, {
      action: async () => {
        const now = this.clock.now();
        await this.users.disableMfa(user.id, now);
        await this.audit.append({ userId: user.id, event: 'MFA_DISABLED', now });
      },
    });
  }

  /** A second factor for a sensitive action elsewhere (withdrawals): spent once, recorded with its purpose. */
  async verify(caller: Caller, factor: SecondFactor, purpose: string): Promise<void> {
    const user = await this.user(caller.userId);
    await this.requireSecondFactor(user, factor, {
      action: () =>
        this.audit.append({
          userId: user.id,
          event: 'MFA_VERIFIED',
          details: { purpose },
          now: this.clock.now(),
        }),
    });
  }

  /**
   * Checks a TOTP code (once per time step) or spends a recovery code, together with `options.action`; throws
   * MFA_NOT_ENABLED, MFA_REQUIRED, MFA_CODE_INVALID or MFA_CODE_REPLAYED. A refused code is audited outside any
   * transaction, so the refusal stays on record whatever the caller does next.
   */
  async requireSecondFactor(
    user: UserEntity,
    factor: SecondFactor,
    options: SecondFactorOptions = {},
  ): Promise<void> {
    if (!user.mfaEnabled || !user.totpSecretSealed)
      throw new UsersError(UsersErrorCode.MFA_NOT_ENABLED, 'MFA is not enabled on this account');
    const { ip, action } = options;
    const now = this.clock.now();
    if (factor.code !== undefined) {
      const secret = this.box.open(decodeSealed(user.totpSecretSealed), `totp:${user.id}`);
      const lastUsedStep = user.totpLastStep === null ? null : Number(user.totpLastStep);
      const verdict = verifyTotp({ code: factor.code, secret, nowMs: now.getTime(), lastUsedStep });
      // The conditional update decides races: of two requests with one code, one wins.
      if (
        verdict.ok &&
        (await this.spend(() => this.users.consumeTotpStep(user.id, verdict.step, now), action))
      )
        return;
      const replayed = verdict.ok || verdict.reason === 'replayed';
      await this.audit.append({ userId: user.id, event: 'MFA_CODE_REFUSED', ip, details: { replayed }, now });
      if (replayed)
        throw new UsersError(
          UsersErrorCode.MFA_CODE_REPLAYED,
          'this code was already used; wait for the next',
        );
      throw new UsersError(UsersErrorCode.MFA_CODE_INVALID, 'wrong MFA code');
    }
    if (factor.recoveryCode !== undefined) {
      const codeHash = hashRecoveryCode(factor.recoveryCode);
      const used = await this.spend(async () => {
        if (!(await this.users.consumeRecoveryCode(user.id, codeHash, now))) return false;
        await this.audit.append({ userId: user.id, event: 'RECOVERY_CODE_USED', ip, now });
        return true;
      }, action);
      if (used) return;
      await this.audit.append({
        userId: user.id,
        event: 'MFA_CODE_REFUSED',
        ip,
        details: { recoveryCode: true },
        now,
      });
      throw new UsersError(UsersErrorCode.MFA_CODE_INVALID, 'unknown or already used recovery code');
    }
    throw new UsersError(UsersErrorCode.MFA_REQUIRED, 'an MFA code is required');
  }

  /** Spends a factor and, when it was still unspent, runs the action it authorises, in one transaction. */
  private spend(
    consume: () => Promise<boolean>,
    action: (() => Promise<void>) | undefined,
  ): Promise<boolean> {
    return this.tx.run(async () => {
      if (!(await consume())) return false;
      await action?.();
      return true;
    });
  }

  async user(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw new UsersError(UsersErrorCode.SESSION_REVOKED, 'the account no longer exists');
    return user;
  }
}
