import { Injectable } from '@nestjs/common';

/** The gateway's wall clock (server time, request timestamp windows). */
@Injectable()
export class ClockRepository {
  nowMs(): number {
    return Date.now();
  }
}
