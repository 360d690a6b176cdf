import { createInbox, type Msg, type MsgHdrs, type NatsConnection, type Subscription } from 'nats';

/** How often the pending requests are checked for their deadline: a request times out within this much after it. */
export const REPLY_SWEEP_MS = 50;

/** Why a request ended without a reply. */
export type UnansweredReason = 'timeout' | 'closed';

export class UnansweredRequestError extends Error {
  override readonly name = 'UnansweredRequestError';

  constructor(
    readonly subject: string,
    readonly reason: UnansweredReason,
  ) {
    super(`${subject}: no reply (${reason})`);
  }
}

interface Pending {
  subject: string;
  deadline: number;
  resolve: (msg: Msg) => void;
  reject: (error: Error) => void;
}

/**
 * Request/reply on one wildcard subscription of a connection (`_INBOX.<id>.*`), each request's reply subject
 * `_INBOX.<id>.<token>` and its answer matched by the token in a `Map`. It is what nats.js's own `request` does on
 * its shared reply subscription, without what that costs per call: a `RequestOne` with a deferred and a
 * `setTimeout` timer, and on every answer a `NatsError` (with its stack) built for the "cancelled" rejection of the
 * already settled promise. Deadlines are checked by one timer every `REPLY_SWEEP_MS` while requests are pending, so a
 * request times out between its timeout and that much later. A "no responders" status (503, empty body) comes back
 * as an empty message, as an empty answer does; the caller tells them apart if it needs to. When the connection
 * closes, every pending request is rejected (`closed`).
 */
export class ReplyInbox {
  private readonly prefix = `${createInbox()}.`;
  private readonly pending = new Map<string, Pending>();
  private readonly subscription: Subscription;
  private sweep?: NodeJS.Timeout;
  private next = 0;

  constructor(private readonly nc: NatsConnection) {
    this.subscription = nc.subscribe(`${this.prefix}*`, {
      callback: (error, msg) => {
        if (error) return;
        const token = msg.subject.slice(this.prefix.length);
        const waiting = this.pending.get(token);
        if (!waiting) return; // timed out already
        this.pending.delete(token);
        waiting.resolve(msg);
      },
    });
    void nc.closed().then(() => this.rejectAll('closed'));
  }

  /** Publishes `data` to `subject` with a reply subject of this inbox; resolves with the first reply. */
  request(subject: string, data: Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => {
      if (this.subscription.isClosed()) {
        reject(new UnansweredRequestError(subject, 'closed'));
        return;
      }
      const token = (this.next++).toString(36);
      this.pending.set(token, { subject, deadline: performance.now() + timeoutMs, resolve, reject });
      this.sweep ??= setInterval(() => this.expire(), REPLY_SWEEP_MS).unref();
      try {
        this.nc.publish(subject, data, { reply: this.prefix + token, ...(headers && { headers }) });
      } catch (error) {
        this.pending.delete(token);
        reject(error as Error);
      }
    });
  }

  /** Requests waiting for their reply. */
  get size(): number {
    return this.pending.size;
  }

  private expire(): void {
    const now = performance.now();
    for (const [token, waiting] of this.pending) {
      if (waiting.deadline > now) continue;
      this.pending.delete(token);
      waiting.reject(new UnansweredRequestError(waiting.subject, 'timeout'));
    }
    if (this.pending.size === 0) this.stopSweep();
  }

  private rejectAll(reason: UnansweredReason): void {
    for (const waiting of this.pending.values())
      waiting.reject(new UnansweredRequestError(waiting.subject, reason));
    this.pending.clear();
    this.stopSweep();
  }

  private stopSweep(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
  }
}
