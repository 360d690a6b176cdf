import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { LoginThrottleEntity } from '../entities/login-throttle.entity';

/** Consecutive failed logins per normalised email, and the lock they earned. */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  lockedUntil(emailKey: string): Promise<Date | null> {
    return this.dataSource
      .getRepository(LoginThrottleEntity)
      .findOneBy({ emailKey })
      .then((row) => row?.lockedUntil ?? null);
  }

  /** Counts one more failure atomically and sets the lock `lockFor(failures)` seconds from now; the count. */
  async recordFailure(emailKey: string, now: Date, lockFor: (failures: number) => number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `insert into login_throttle (email_key, failures, updated_at) values ($1, 1, $2)
         on conflict (email_key) do update set failures = login_throttle.failures + 1, updated_at = $2
         returning failures`,
        [emailKey, now],
      )) as { failures: number }[];
      const failures = rows[0]!.failures;
      const seconds = lockFor(failures);
      if (seconds > 0)
        await manager.query(`update login_throttle set locked_until = $2 where email_key = $1`, [
          emailKey,
          new Date(now.getTime() + seconds * 1000),
        ]);
      return failures;
    });
  }

  async reset(emailKey: string): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntity).delete({ emailKey });
  }
}
