import { Injectable } from '@nestjs/common';

import { type AuditEntry } from '@exchange/shared-contracts';

import { AuditLogRepository } from '../repositories/audit-log.repository';
import { type Caller } from '../sessions/sessions.service';

/** The caller's own security events, newest first. */
@Injectable()
export class AuditLogService {
  constructor(private readonly audit: AuditLogRepository) {}

  async list(caller: Caller, limit: number): Promise<AuditEntry[]> {
    const entries = await this.audit.listForUser(caller.userId, limit);
    return entries.map((entry) => ({
      id: entry.id,
      event: entry.event,
      ip: entry.ip,
      details: entry.details,
      createdAt: entry.createdAt.toISOString(),
    }));
  }
}
