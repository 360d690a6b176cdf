import { Injectable } from '@nestjs/common';

/** The wall clock, behind a repository like every other side effect. */
@Injectable()
export class ClockRepository {
  now(): number {
    return Date.now();
  }
}
