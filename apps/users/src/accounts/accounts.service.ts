import { Inject, Injectable } from '@nestjs/common';

import {
  type ChangePasswordRequest,
  type LoginRequest,
  type SignUpReply,
  type SignUpRequest,
  type TokenPair,
} from '@exchange/shared-contracts';
import { APP_CONFIG } from '@exchange/shared-util-config';

import { clientNetwork } from '../api-keys/cidr';
import { type UsersConfig } from '../config/users.config';
import { type UserEntity } from '../entities/user.entity';
import { UsersError, UsersErrorCode } from '../errors/users.error';
import { MfaService } from '../mfa/mfa.service';
import { AuditLogRepository } from '../repositories/audit-log.repository';
import { ClockRepository } from '../repositories/clock.repository';
import { LoginThrottleRepository, type ThrottleSubject } from '../repositories/login-throttle.repository';
import { TransactionsRepository } from '../repositories/transactions.repository';
import { UsersRepository } from '../repositories/users.repository';
import { type Caller, SessionsService } from '../sessions/sessions.service';
import { type ActiveLock, lockSeconds, type LoginThrottlePolicy, longestLock } from './login-throttle';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy';

/** Trimmed and lower-cased: the form emails are stored, compared and throttled in. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const WRONG_CREDENTIALS = 'email or password is wrong';

/** Sign-up and login. */
@Injectable()
export class AccountsService {
  private readonly throttlePolicies: Record<ThrottleSubject['scope'], LoginThrottlePolicy>;
  private readonly failureWindowSeconds: number;

  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly audit: AuditLogRepository,
    private readonly tx: TransactionsRepository,
    private readonly clock: ClockRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly sessions: SessionsService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) config: UsersConfig,
  ) {
    const locks = {
      baseLockSeconds: config.LOGIN_LOCK_BASE_SECONDS,
      maxLockSeconds: config.LOGIN_LOCK_MAX_SECONDS,
    };
    this.throttlePolicies = {
      account: { freeAttempts: config.LOGIN_FREE_ATTEMPTS, ...locks },
      ip: { freeAttempts: config.LOGIN_IP_FREE_ATTEMPTS, ...locks },
    };
    this.failureWindowSeconds = config.LOGIN_FAILURE_WINDOW_SECONDS;
  }

  async signUp(request: SignUpRequest): Promise<SignUpReply> {
    this.requirePolicy(request.password);
    const email = normaliseEmail(request.email);
    const passwordHash = await this.hasher.hash(request.password);
    const now = this.clock.now();
    return this.tx.run(async () => {
      const user = await this.users.insert(email, passwordHash, now);
      if (!user) throw new UsersError(UsersErrorCode.EMAIL_TAKEN, 'an account with this email exists');
      await this.audit.append({ userId: user.id, event: 'SIGN_UP', ip: request.client?.ip, now });
      return { userId: user.id, email: user.email, createdAt: user.createdAt.toISOString() };
    });
  }

  /**
   * A new password for the caller: the current one must match (INVALID_CREDENTIALS, counted like a failed
   * login), a second factor is needed once MFA is on, the new one must meet the policy; every other session ends.
   */
  async changePassword(caller: Caller, request: ChangePasswordRequest): Promise<number> {
    this.requirePolicy(request.newPassword);
    const user = await this.mfa.user(caller.userId);
    const now = this.clock.now();
    if (!(await this.hasher.verify(user.passwordHash, request.currentPassword))) {
      await this.fail(user.email, user.id, undefined, 'password-change', now);
      throw new UsersError(UsersErrorCode.INVALID_CREDENTIALS, 'the current password is wrong');
    }
    const passwordHash = await this.hasher.hash(request.newPassword);
    let revoked = 0;
    // The new hash, the other sessions' end and the audit row commit together (with the MFA code's use, if any).
    const change = async () => {
      await this.users.updatePasswordHash(user.id, passwordHash, now);
      revoked = await this.sessions.revokeOthers(caller, 'password-changed');
      await this.audit.append({
        userId: user.id,
        event: 'PASSWORD_CHANGED',
        details: { otherSessionsRevoked: revoked },
        now,
      });
    };
    if (user.mfaEnabled)
      await this.mfa.requireSecondFactor(
        user,
        { code: request.mfaCode, recoveryCode: request.recoveryCode },
        { action: change },
      );
    else await this.tx.run(change);
    return revoked;
  }

  private requirePolicy(password: string): void {
    const verdict = this.policy.check(password);
    if (verdict.ok) return;
    throw verdict.reason === 'too-short'
      ? new UsersError(UsersErrorCode.PASSWORD_TOO_SHORT, 'the password needs at least 12 characters')
      : new UsersError(UsersErrorCode.PASSWORD_TOO_COMMON, 'the password is too common; choose another');
  }

  /**
   * Password, then the second factor when MFA is on. Unknown emails cost one argon2 verification too and get
   * the same answer as a wrong password; failures (password or MFA) count towards the per-account and
   * per-client-IP locks (Redis), and a success clears the account's count.
   */
  async login(request: LoginRequest): Promise<TokenPair> {
    const email = normaliseEmail(request.email);
    const ip = request.client?.ip;
    const now = this.clock.now();
    const subjects = this.throttleSubjects(email, ip);
    const user = await this.users.findByEmail(email);

    const lock = await this.activeLock(subjects);
    if (lock) {
      // While locked only the MFA-backed way in is open; a failed try at it counts, a plain retry does not.
      const lift = await this.liftLock(user, request);
      if (lift === 'failed') await this.fail(email, user?.id ?? null, ip, 'lock-lift', now);
      if (lift !== 'lifted') return this.refuseLocked(user, ip, lock, now);
    } else {
      const busy = await this.admit(subjects);
      if (busy) return this.refuseLocked(user, ip, busy, now);
      try {
        await this.checkCredentials(user, email, request, now);
      } finally {
        for (const subject of subjects) await this.throttle.release(subject);
      }
    }
    if (!user) throw new UsersError(UsersErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);

    // The client's network keeps its count: one account of its own must not let an address reset it.
    await this.throttle.reset({ scope: 'account', id: email });
    if (this.hasher.needsUpgrade(user.passwordHash)) {
      const upgraded = await this.hasher.hash(request.password);
      await this.tx.run(async () => {
        await this.users.updatePasswordHash(user.id, upgraded, now);
        await this.audit.append({
          userId: user.id,
          event: 'PASSWORD_REHASHED',
          details: { ...this.hasher.policy },
          now,
        });
      });
    }
    return this.tx.run(async () => {
      const pair = await this.sessions.open(user.id, request.client);
      await this.audit.append({
        userId: user.id,
        event: 'LOGIN_SUCCEEDED',
        ip,
        details: { sessionId: pair.sessionId, mfa: user.mfaEnabled, device: request.client?.device ?? null },
        now,
      });
      return pair;
    });
  }

  /** What failed logins of this email from this client count against: the account, and the client's network. */
  private throttleSubjects(email: string, ip: string | undefined): ThrottleSubject[] {
    const network = ip ? clientNetwork(ip) : null;
    return [{ scope: 'account', id: email }, ...(network ? [{ scope: 'ip' as const, id: network }] : [])];
  }

  /** The longest lock on the account or the client's network, if any holds. */
  private async activeLock(
    subjects: ThrottleSubject[],
  ): Promise<ActiveLock<ThrottleSubject['scope']> | null> {
    const remaining = await this.throttle.lockRemainingMs(subjects);
    return longestLock(
      subjects.map((subject) => subject.scope),
      remaining,
    );
  }

  /**
   * Counts this attempt in flight against every subject, or none of them: null when admitted, else the wait
   * (a lock set meanwhile, or as many attempts in flight as the subject may have).
   */
  private async admit(subjects: ThrottleSubject[]): Promise<ActiveLock<ThrottleSubject['scope']> | null> {
    const admitted: ThrottleSubject[] = [];
    for (const subject of subjects) {
      const waitMs = await this.throttle.admit(subject, this.throttlePolicies[subject.scope].freeAttempts);
      if (waitMs > 0) {
        for (const earlier of admitted) await this.throttle.release(earlier);
        return longestLock([subject.scope], [waitMs]);
      }
      admitted.push(subject);
    }
    return null;
  }

  private async refuseLocked(
    user: UserEntity | null,
    ip: string | undefined,
    lock: ActiveLock<ThrottleSubject['scope']>,
    now: Date,
  ): Promise<never> {
    await this.audit.append({
      userId: user?.id ?? null,
      event: 'LOGIN_LOCKED',
      ip,
      details: { ...lock },
      now,
    });
    throw new UsersError(
      UsersErrorCode.LOGIN_LOCKED,
      `too many login attempts; try again in ${lock.retryAfterSeconds} s`,
      lock,
    );
  }

  /** The password, then the second factor once MFA is on; a wrong one is counted and refused. */
  private async checkCredentials(
    user: UserEntity | null,
    email: string,
    request: LoginRequest,
    now: Date,
  ): Promise<void> {
    const ip = request.client?.ip;
    const passwordOk = user
      ? await this.hasher.verify(user.passwordHash, request.password)
      : await this.hasher.verifyNothing(request.password);
    if (!user || !passwordOk) {
      await this.fail(email, user?.id ?? null, ip, 'password', now);
      throw new UsersError(UsersErrorCode.INVALID_CREDENTIALS, WRONG_CREDENTIALS);
    }
    if (!user.mfaEnabled) return;
    if (request.mfaCode === undefined && request.recoveryCode === undefined)
      throw new UsersError(UsersErrorCode.MFA_REQUIRED, 'an MFA code or a recovery code is required');
    try {
      await this.mfa.requireSecondFactor(
        user,
        { code: request.mfaCode, recoveryCode: request.recoveryCode },
        { ip },
      );
    } catch (error) {
      if (error instanceof UsersError) await this.fail(email, user.id, ip, 'mfa', now);
      throw error;
    }
  }

  /**
   * The MFA-backed way out of a lock: the right password and a valid second factor in one request lift it.
   * Which of them was wrong is never said while locked (the answer stays LOGIN_LOCKED), so the lock is no oracle.
   */
  private async liftLock(
    user: UserEntity | null,
    request: LoginRequest,
  ): Promise<'lifted' | 'failed' | 'not-tried'> {
    if (request.mfaCode === undefined && request.recoveryCode === undefined) return 'not-tried';
    if (!user?.mfaEnabled) {
      if (!user) await this.hasher.verifyNothing(request.password);
      return 'failed';
    }
    if (!(await this.hasher.verify(user.passwordHash, request.password))) return 'failed';
    try {
      await this.mfa.requireSecondFactor(
        user,
        { code: request.mfaCode, recoveryCode: request.recoveryCode },
        { ip: request.client?.ip },
      );
      return 'lifted';
    } catch (error) {
      if (error instanceof UsersError) return 'failed';
      throw error;
    }
  }

  /** Counts a failed login against the account and the client's network, and audits it with both counts. */
  private async fail(
    email: string,
    userId: string | null,
    ip: string | undefined,
    factor: string,
    now: Date,
  ) {
    const counts: Partial<Record<ThrottleSubject['scope'], number>> = {};
    for (const subject of this.throttleSubjects(email, ip))
      counts[subject.scope] = await this.throttle.recordFailure(subject, this.failureWindowSeconds, (n) =>
        lockSeconds(n, this.throttlePolicies[subject.scope]),
      );
    await this.audit.append({
      userId,
      event: 'LOGIN_FAILED',
      ip,
      details: {
        factor,
        failures: counts.account,
        ...(counts.ip === undefined ? {} : { ipFailures: counts.ip }),
      },
      now,
    });
  }
}
