import { z } from 'zod';

/** The WebSocket streams' environment, part of the gateway's (`gatewayConfigSchema`). */
export const streamsEnv = {
  /** Streams one connection may hold (Binance: 1024). */
  WS_MAX_STREAMS_PER_CONNECTION: z.coerce.number().int().positive().max(10_000).default(1024),
  /** Bytes a client may leave unread before it is disconnected as a slow consumer. */
  WS_SEND_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(4 * 1024 * 1024),
  /**
   * Incoming messages (requests, pings) a connection may send per second on average (Binance: 5); a client over
   * it is disconnected (close code 1008). `WS_MESSAGE_BURST` more may come at once, e.g. a reconnecting client's
   * SUBSCRIBE per stream.
   */
  WS_MESSAGES_PER_SECOND: z.coerce.number().positive().max(10_000).default(5),
  WS_MESSAGE_BURST: z.coerce.number().int().min(1).max(100_000).default(50),
  /** How often the server pings each connection (Binance: 20 s). */
  WS_PING_INTERVAL_MS: z.coerce.number().int().min(100).default(20_000),
  /** A connection that has not answered a ping for this long is closed (Binance: 1 minute). */
  WS_PONG_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** How long a listen key lives after its creation or last keepalive (Binance: 60 minutes). */
  LISTEN_KEY_TTL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(60 * 60_000),
  /** How often a pod checks that the listen keys of its open user-data streams still exist. */
  USER_STREAM_CHECK_MS: z.coerce.number().int().min(100).default(5_000),
};

export type StreamsConfig = { [K in keyof typeof streamsEnv]: z.infer<(typeof streamsEnv)[K]> };
