/**
 * Statements of one transaction run one after the other on its connection while the caller goes on computing the
 * next ones: `add` chains a statement after those already added and returns at once. `drain` waits for all and
 * throws the first failure; after one, the statements still chained are not sent (PostgreSQL would refuse them in
 * the failed transaction anyway) and the pipeline stays failed.
 */
export class StatementPipeline {
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;
  /** Statements added and not finished (the one running included). */
  private waiting = 0;
  /** Resolved when `waiting` drops to the bound a `yield` waits for. */
  private below: { bound: number; resolve: () => void } | undefined;

  add(statement: () => Promise<unknown>): void {
    this.waiting++;
    this.tail = this.tail.then(async () => {
      try {
        if (!this.failure) await statement();
      } catch (error) {
        this.failure = { error };
      } finally {
        this.waiting--;
        if (this.below && (this.waiting <= this.below.bound || this.failure)) {
          this.below.resolve();
          this.below = undefined;
        }
      }
    });
  }

  /** Statements added and not finished yet. */
  get pending(): number {
    return this.waiting;
  }

  /**
   * Lets the chained statements progress (the caller's synchronous work would hold them up otherwise) and, with
   * `maxPending`, waits until no more than that many are still to finish: a caller that computes faster than
   * PostgreSQL writes then holds a bounded number of statements' rows instead of its whole backlog.
   */
  async yield(maxPending = Infinity): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.failure && this.waiting > maxPending)
      await new Promise<void>((resolve) => (this.below = { bound: maxPending, resolve }));
    if (this.failure) throw this.failure.error;
  }

  async drain(): Promise<void> {
    await this.tail;
    if (this.failure) throw this.failure.error;
  }

  /**
   * For a transaction that failed elsewhere: no statement chained from now on is sent, and this returns once the one
   * running (if any) has finished, so that none reaches the connection after the rollback.
   */
  async abort(): Promise<void> {
    this.failure ??= { error: new Error('the transaction failed') };
    await this.tail;
  }
}
