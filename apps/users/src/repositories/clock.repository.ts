import { Injectable } from '@nestjs/common';

/** The wall clock, behind a class so that services read time in one place. */
@Injectable()
export class ClockRepository {
  now(): Date {
    return new Date();
  }
}
