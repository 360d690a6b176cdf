import { type Logger } from '@exchange/shared-util-logging';

import { type LeanMethod } from './lean-frame';

/** How the lean read path logs its requests (part of `gatewayConfigSchema`). */
export interface AccessLogConfig {
  /** A request answered 2xx at least this slowly is logged on its own line, like every refusal. */
  ACCESS_LOG_SLOW_MS: number;
  /** How often the successful fast requests are logged as one summary line per route and status; 0: each alone. */
  ACCESS_LOG_SUMMARY_MS: number;
}

interface Tally {
  count: number;
  totalMs: number;
  maxMs: number;
}

/**
 * Access logging for the hottest reads (and, with `ACCESS_LOG_ORDERS=summary`, accepted orders) without a log line
 * per request: refusals (4xx, 5xx) and slow answers are logged one by one (`request completed`, with the request's
 * ids, as every other route), while fast successful ones are counted per method, route and status and written as
 * one `requests completed` line per route every
 * `ACCESS_LOG_SUMMARY_MS` (count, mean and slowest response time). A per-request line was the largest single cost
 * of a cached read (its JSON and its synchronous write to standard output; docs/gateway.md).
 */
export class AccessLog {
  private readonly tallies = new Map<string, Tally>();
  private readonly timer?: NodeJS.Timeout;
  private since = Date.now();

  constructor(
    private readonly logger: Logger,
    private readonly config: AccessLogConfig,
  ) {
    if (config.ACCESS_LOG_SUMMARY_MS > 0) {
      this.timer = setInterval(() => this.flush(), config.ACCESS_LOG_SUMMARY_MS);
      this.timer.unref();
    }
  }

  /** A request ended: `logOne` writes its own line when it is a refusal, slow, or summaries are off. */
  completed(
    route: string,
    status: number,
    responseTimeMs: number,
    logOne: () => void,
    /** The HTTP verb, or `WS` for a WebSocket API request (`route` is then its method). */
    method: LeanMethod | 'WS' = 'GET',
  ): void {
    if (
      this.config.ACCESS_LOG_SUMMARY_MS === 0 ||
      status >= 400 ||
      responseTimeMs >= this.config.ACCESS_LOG_SLOW_MS
    ) {
      logOne();
      return;
    }
    const key = `${status} ${method} ${route}`;
    const tally = this.tallies.get(key);
    if (!tally) {
      this.tallies.set(key, { count: 1, totalMs: responseTimeMs, maxMs: responseTimeMs });
      return;
    }
    tally.count += 1;
    tally.totalMs += responseTimeMs;
    if (responseTimeMs > tally.maxMs) tally.maxMs = responseTimeMs;
  }

  /** Writes a summary line per route and status counted since the last one. */
  flush(): void {
    const now = Date.now();
    for (const [key, tally] of this.tallies) {
      const [status, method, route] = key.split(' ');
      this.logger.info(
        {
          req: { method, route },
          res: { statusCode: Number(status) },
          count: tally.count,
          meanResponseTimeMs: Number((tally.totalMs / tally.count).toFixed(3)),
          maxResponseTimeMs: Number(tally.maxMs.toFixed(3)),
          periodMs: now - this.since,
        },
        'requests completed',
      );
    }
    this.tallies.clear();
    this.since = now;
  }

  /** Stops the timer and writes what was counted (shutdown). */
  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
