import { z } from 'zod';

import { envBoolean, envPort, natsEnv, redisEnv, serviceEnv } from '@exchange/shared-util-config';

import { grpcEnv } from '../grpc/grpc.config';
import { httpHardeningEnv, leanReadsEnv } from '../http/http-hardening.config';
import { rateLimitEnv } from '../rate-limit/rate-limit.config';
import { marketCacheEnv } from '../streams/market-cache.config';
import { streamsEnv } from '../streams/streams.config';

/** The gateway service's environment; see README.md for the table. */
export const gatewayConfigSchema = z.object({
  ...serviceEnv,
  HTTP_PORT: envPort(8080),
  /**
   * Slow clients (slowloris): a connection whose request headers have not all arrived after HTTP_HEADERS_TIMEOUT_MS,
   * or whose whole request has not after HTTP_REQUEST_TIMEOUT_MS, is closed (408). Node checks open connections
   * every HTTP_TIMEOUT_CHECK_INTERVAL_MS, so a slow one lasts up to a timeout plus an interval (defaults: Node's
   * 30 s interval; 10 s and 30 s instead of Node's 60 s and 300 s).
   */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  HTTP_TIMEOUT_CHECK_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(30_000),
  /**
   * How long a kept-alive connection may idle after its last answer before the gateway closes it (Node's default:
   * 5 s). Must exceed the idle timeout of any proxy in front that reuses connections to the gateway: one that sends
   * a request on a connection the gateway is closing at that moment gets a reset and answers 502 (AWS's ALB: 60 s by
   * default, 3600 s in values-eks-production.yaml, which sets this above it).
   */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(4_000_000).default(65_000),
  /** Request weight a client IP may use per minute (Binance's default is 6000). */
  RATE_LIMIT_WEIGHT_PER_MINUTE: z.coerce.number().int().positive().default(6000),
  /**
   * A client that goes on sending after this many 429s in one minute is banned (418): first for
   * RATE_LIMIT_BAN_MS, then twice as long at each repeat within RATE_LIMIT_BAN_MAX_MS, up to that (Binance: 2 minutes
   * to 3 days).
   */
  RATE_LIMIT_BAN_AFTER_REFUSALS: z.coerce.number().int().positive().default(100),
  RATE_LIMIT_BAN_MS: z.coerce.number().int().min(100).default(120_000),
  RATE_LIMIT_BAN_MAX_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(3 * 24 * 3_600_000),
  /** How long a looked-up API key is reused in-process before asking the users service again. */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Issuer and audience the users service puts in its access tokens. */
  JWT_ISSUER: z.string().min(1).default('exchange-users'),
  JWT_AUDIENCE: z.string().min(1).default('exchange'),
  /** Orders an account may place per 10 seconds and per day (Binance: 100 and 200,000). */
  ORDER_LIMIT_PER_10S: z.coerce.number().int().positive().default(100),
  ORDER_LIMIT_PER_DAY: z.coerce.number().int().positive().default(200_000),
  /** How long a RESULT / FULL order placement waits for the engine's first answer before replying. */
  ORDER_RESULT_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(3_000),
  /** The orders of one event-loop turn go to the wallet as one `submit-orders` request (`OrderSubmitter`). */
  ORDER_SUBMIT_TOGETHER: envBoolean(true),
  /**
   * Proxies whose `X-Forwarded-For` names the client (Express `trust proxy`): a hop count (`1`) or addresses,
   * CIDR blocks and names (`loopback, uniquelocal, 10.0.0.0/8`); empty trusts none.
   */
  TRUST_PROXY: z.string().default(''),
  ...natsEnv,
  ...redisEnv,
  ...streamsEnv,
  ...marketCacheEnv,
  ...rateLimitEnv,
  ...grpcEnv,
  ...httpHardeningEnv,
  ...leanReadsEnv,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
