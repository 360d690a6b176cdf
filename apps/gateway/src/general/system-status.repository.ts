import { Injectable } from '@nestjs/common';

import { SUBJECTS, type ServiceKey, serviceStatusSchema } from '@exchange/shared-contracts';

import { ServiceClientRepository } from '../services/service-client.repository';
import { ClockRepository } from './clock.repository';

/** Binance's `GET /sapi/v1/system/status` answer. */
export interface SystemStatus {
  /** 0: normal, 1: system maintenance. */
  status: 0 | 1;
  msg: 'normal' | 'system_maintenance';
}

/** The services an order's path and the public API's answers need (the gateway itself is the one answering). */
const SERVICES_BEHIND_THE_API: readonly ServiceKey[] = ['users', 'wallet', 'matching', 'marketData'];

/** How long one answer serves every caller of the pod: the endpoint costs weight 1, the check four requests. */
const CACHE_MS = 1_000;
const ASK_TIMEOUT_MS = 1_000;

/**
 * Whether the exchange is up: every service behind the API answers its status query (`<svc>.query.status.v1`,
 * under the run's prefix) ready within a second, else "system maintenance". One check at a time for the pod, its
 * answer kept for a second.
 */
@Injectable()
export class SystemStatusRepository {
  private last?: { at: number; status: Promise<SystemStatus> };

  constructor(
    private readonly services: ServiceClientRepository,
    private readonly clock: ClockRepository,
  ) {}

  status(): Promise<SystemStatus> {
    const now = this.clock.nowMs();
    if (!this.last || now - this.last.at >= CACHE_MS) this.last = { at: now, status: this.check() };
    return this.last.status;
  }

  private async check(): Promise<SystemStatus> {
    const ready = await Promise.all(
      SERVICES_BEHIND_THE_API.map((key) =>
        this.services
          .request(SUBJECTS[key].status, {}, serviceStatusSchema, ASK_TIMEOUT_MS)
          .then((status) => status.ready)
          .catch(() => false),
      ),
    );
    return ready.every(Boolean) ? { status: 0, msg: 'normal' } : { status: 1, msg: 'system_maintenance' };
  }
}
