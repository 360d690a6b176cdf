import { z } from 'zod';

/** Request-weight counting (`RequestWeightService`), part of `gatewayConfigSchema`. */
export const rateLimitEnv = {
  /**
   * How often a pod sends the request weight it counted in-process to Redis and hears the other pods' totals; a
   * client spreading requests over several pods can pass the limit by what the other pods admitted within about
   * four of these (docs/gateway.md). 0: every request asks Redis, as before.
   */
  RATE_LIMIT_SYNC_MS: z.coerce.number().int().min(0).max(10_000).default(50),
};
