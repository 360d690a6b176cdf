import { Global, Module } from '@nestjs/common';

import { RateLimitRepository } from './rate-limit.repository';
import { RequestWeightService } from './request-weight.service';

/**
 * The pod's one request-weight count (`RequestWeightService`), global so that the `RateLimitGuard` instances Nest
 * makes in each module that uses the guard all count into it.
 */
@Global()
@Module({
  providers: [RateLimitRepository, RequestWeightService],
  exports: [RequestWeightService],
})
export class RateLimitModule {}
