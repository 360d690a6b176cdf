import { type BinanceApiError, type RequestObserver } from './binance-client';

export interface StatsLine {
  type: 'stats';
  time: string;
  intervalMs: number;
  ordersSent: number;
  ordersAcked: number;
  ordersFilled: number;
  cancelsSent: number;
  cancelsAcked: number;
  amendsSent: number;
  amendsAcked: number;
  otherRequests: number;
  errors: Record<string, number>;
  orderAckMs: { p50: number | null; p99: number | null; max: number | null };
  totals: { ordersSent: number; ordersAcked: number; ordersFilled: number; errors: number };
}

const ORDER = 'POST /api/v3/order';
const CANCEL = 'DELETE /api/v3/order';
const AMEND = 'PUT /api/v3/order/amend/keepPriority';

/** The value at quantile `q` (0..1) of ascending `sorted` (nearest rank), or null when there is none. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Counts what the bots send and what comes back, per reporting interval: orders, cancels and amends sent and
 * acknowledged, errors
 * by Binance code, and the order-to-ack latency (request sent → reply received) as p50 / p99.
 */
export class Stats implements RequestObserver {
  private window = this.emptyWindow();
  private readonly totals = { ordersSent: 0, ordersAcked: 0, ordersFilled: 0, errors: 0 };
  private windowStart = Date.now();

  completed(endpoint: string, elapsedMs: number, error?: BinanceApiError): void {
    const w = this.window;
    if (endpoint === ORDER) {
      w.ordersSent++;
      this.totals.ordersSent++;
      if (!error) {
        w.ordersAcked++;
        this.totals.ordersAcked++;
        w.latencies.push(elapsedMs);
      }
    } else if (endpoint === CANCEL) {
      w.cancelsSent++;
      if (!error) w.cancelsAcked++;
    } else if (endpoint === AMEND) {
      w.amendsSent++;
      if (!error) w.amendsAcked++;
    } else {
      w.otherRequests++;
    }
    if (error) {
      w.errors[error.statsKey] = (w.errors[error.statsKey] ?? 0) + 1;
      this.totals.errors++;
    }
  }

  /** An order that traded at once (a taker's fill, or a maker order that crossed). */
  filled(): void {
    this.window.ordersFilled++;
    this.totals.ordersFilled++;
  }

  get total() {
    return { ...this.totals };
  }

  /** The line for the interval that ends now; starts the next one. */
  flush(now = Date.now()): StatsLine {
    const w = this.window;
    const sorted = [...w.latencies].sort((a, b) => a - b);
    const round = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);
    const line: StatsLine = {
      type: 'stats',
      time: new Date(now).toISOString(),
      intervalMs: now - this.windowStart,
      ordersSent: w.ordersSent,
      ordersAcked: w.ordersAcked,
      ordersFilled: w.ordersFilled,
      cancelsSent: w.cancelsSent,
      cancelsAcked: w.cancelsAcked,
      amendsSent: w.amendsSent,
      amendsAcked: w.amendsAcked,
      otherRequests: w.otherRequests,
      errors: w.errors,
      orderAckMs: {
        p50: round(quantile(sorted, 0.5)),
        p99: round(quantile(sorted, 0.99)),
        max: round(sorted.at(-1) ?? null),
      },
      totals: { ...this.totals },
    };
    this.window = this.emptyWindow();
    this.windowStart = now;
    return line;
  }

  private emptyWindow() {
    return {
      ordersSent: 0,
      ordersAcked: 0,
      ordersFilled: 0,
      cancelsSent: 0,
      cancelsAcked: 0,
      amendsSent: 0,
      amendsAcked: 0,
      otherRequests: 0,
      errors: {} as Record<string, number>,
      latencies: [] as number[],
    };
  }
}
