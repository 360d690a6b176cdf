import { Injectable } from '@nestjs/common';

import { AuditLogEntity } from '../entities/audit-log.entity';
import { TransactionsRepository } from './transactions.repository';

export type AuditEvent =
  | 'SIGN_UP'
  | 'LOGIN_SUCCEEDED'
  | 'LOGIN_FAILED'
  | 'LOGIN_LOCKED'
  | 'PASSWORD_REHASHED'
  | 'PASSWORD_CHANGED'
  | 'REFRESH_TOKEN_REUSED'
  | 'LOGOUT'
  | 'LOGOUT_EVERYWHERE'
  | 'MFA_ENROLMENT_STARTED'
  | 'MFA_ENABLED'
  | 'MFA_DISABLED'
  | 'MFA_VERIFIED'
  | 'MFA_CODE_REFUSED'
  | 'RECOVERY_CODE_USED'
  | 'API_KEY_CREATED'
  | 'API_KEY_UPDATED'
  | 'API_KEY_REVOKED';

/**
 * The append-only log of security events (the table's trigger refuses UPDATE and DELETE). An entry appended
 * inside `TransactionsRepository.run` commits or rolls back with the change it records.
 */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly tx: TransactionsRepository) {}

  async append(entry: {
    userId: string | null;
    event: AuditEvent;
    ip?: string | null;
    details?: Record<string, unknown>;
    now: Date;
  }): Promise<void> {
    await this.tx.manager.query(
      `insert into audit_log (user_id, event, ip, details, created_at) values ($1, $2, $3, $4, $5)`,
      [entry.userId, entry.event, entry.ip ?? null, JSON.stringify(entry.details ?? {}), entry.now],
    );
  }

  listForUser(userId: string, limit: number): Promise<AuditLogEntity[]> {
    return this.tx.manager
      .getRepository(AuditLogEntity)
      .find({ where: { userId }, order: { id: 'DESC' }, take: limit });
  }
}
