import { Injectable } from '@nestjs/common';

/** What the process knows about itself; readiness turns false as soon as shutdown begins. */
@Injectable()
export class ServiceState {
  shuttingDown = false;
}
