import { type Logger } from 'pino';

import { matchingLeaseKey } from '@exchange/shared-contracts';

import { type LeaseRepository } from '../repositories/lease.repository';

export interface ShardLeaseOptions {
  /** The shard's name: one lease, and so one leader, per shard. */
  shard: string;
  /** This pod's identity, written into the lease for operators (pod name on Kubernetes). */
  holder: string;
  /** The lease's lifetime after each write: a dead leader's lease lapses this long after its last renewal. */
  ttlMs: number;
}

export interface ShardLeaseCallbacks {
  /** The lease was taken: start writing. Renewal goes on while this runs. */
  onElected(): Promise<void>;
  /** The lease was lost or given up: stop writing, at once. */
  onDeposed(reason: string): Promise<void>;
}

export type ShardRole = 'candidate' | 'leader' | 'stopped';

/** How much of the TTL may pass without a successful renewal before a leader steps down on its own. */
const STEP_DOWN_FRACTION = 0.8;

/**
 * One pod's part in electing a shard's leader: a candidate tries to take the lease every third of the TTL,
 * the leader renews it as often (compare-and-set on its revision) and steps down when a renewal is refused
 * or when it could not renew for most of the TTL, before any standby can take the lease. Two leaders can
 * still overlap for a moment (a paused process, a partition): the event stream's fencing keeps them from
 * both writing, so the lease only decides who tries.
 */
export class ShardLease {
  private revision: number | null = null;
  private role_: ShardRole = 'candidate';
  private lastRenewalStartedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private step: Promise<void> = Promise.resolve();
  private waitingLogged = false;

  constructor(
    private readonly options: ShardLeaseOptions,
    private readonly leases: LeaseRepository,
    private readonly callbacks: ShardLeaseCallbacks,
    private readonly logger: Logger,
  ) {}

  get role(): ShardRole {
    return this.role_;
  }

  private get stopped(): boolean {
    return this.role_ === 'stopped';
  }

  get key(): string {
    return matchingLeaseKey(this.options.shard);
  }

  /** Makes the first attempt (so that a lone pod leads before it says it is up), then keeps campaigning. */
  async start(): Promise<void> {
    this.role_ = 'candidate';
    this.step = this.campaign();
    await this.step;
    if (!this.stopped) this.schedule(this.options.ttlMs / 3);
  }

  /** Stops campaigning; a leader calls this after it has stopped writing, and the lease is released at once. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.role_ = 'stopped';
    await this.step;
    const revision = this.revision;
    this.revision = null;
    if (revision === null) return;
    try {
      await this.leases.release(this.key, revision);
      this.logger.info({ shard: this.options.shard }, 'shard lease released');
    } catch (error) {
      this.logger.warn({ err: error, shard: this.options.shard }, 'shard lease not released: it will lapse');
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.step = this.campaign().finally(() => {
        if (this.role_ !== 'stopped') this.schedule(this.options.ttlMs / 3);
      });
    }, delayMs);
  }

  private async campaign(): Promise<void> {
    const startedAt = Date.now();
    try {
      if (this.revision === null) await this.tryAcquire(startedAt);
      else await this.renew(startedAt);
    } catch (error) {
      this.logger.warn(
        { err: error, shard: this.options.shard, role: this.role_ },
        'shard lease unreachable',
      );
      if (
        this.revision !== null &&
        Date.now() - this.lastRenewalStartedAt >= this.options.ttlMs * STEP_DOWN_FRACTION
      )
        await this.depose('the lease could not be renewed within its lifetime');
    }
  }

  private async tryAcquire(startedAt: number): Promise<void> {
    const revision = await this.leases.acquire(this.key, this.options.holder);
    if (this.role_ === 'stopped') {
      if (revision !== null) await this.leases.release(this.key, revision);
      return;
    }
    if (revision === null) {
      if (!this.waitingLogged) {
        const holder = await this.leases.holder(this.key);
        this.logger.info(
          { shard: this.options.shard, leader: holder?.holder },
          'standing by: another pod leads the shard',
        );
        this.waitingLogged = true;
      }
      return;
    }
    this.revision = revision;
    this.lastRenewalStartedAt = startedAt;
    this.role_ = 'leader';
    this.waitingLogged = false;
    this.logger.info(
      { shard: this.options.shard, holder: this.options.holder, revision },
      'shard lease acquired',
    );
    void this.callbacks.onElected().catch((error) => {
      this.logger.error({ err: error, shard: this.options.shard }, 'could not start leading the shard');
    });
  }

  private async renew(startedAt: number): Promise<void> {
    const revision = await this.leases.renew(this.key, this.options.holder, this.revision!);
    if (revision === null) {
      await this.depose('another pod took the lease');
      return;
    }
    this.revision = revision;
    this.lastRenewalStartedAt = startedAt;
  }

  private async depose(reason: string): Promise<void> {
    this.revision = null;
    if (this.role_ === 'leader') this.role_ = 'candidate';
    this.logger.error({ shard: this.options.shard, reason }, 'shard lease lost: stopping the writers');
    await this.callbacks.onDeposed(reason);
  }
}
