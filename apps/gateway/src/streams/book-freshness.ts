/** What a freshness check found: in step with market-data, behind it (a diff still to come), or short of a diff. */
export type FreshnessVerdict = 'fresh' | 'behind' | 'lost';

/**
 * Whether the gateway's book copy may answer REST depth reads. Depth diffs travel on core NATS, which may drop a
 * message (a reconnect, a slow consumer); a lost diff shows as a gap when the next one comes, but a lost last diff of
 * a quiet market would not show at all. So the copy compares itself every check with the `lastUpdateId` market-data
 * has stored (it stores a book only after publishing its diff):
 *
 * - stored <= copy: fresh (the copy may be ahead, as diffs go out before market-data stores them);
 * - stored > copy: behind; the copy does not answer until a diff takes it to the stored id;
 * - still short of that id at the next check: a diff was lost, and the book is synced again.
 *
 * A copy answers only while it is not behind and its last check (or the diff that caught up) is recent, so a lost
 * diff is served at most for about one check interval (plus market-data's commit latency).
 */
export class BookFreshness {
  /** The stored id the copy must reach before it answers again. */
  private target?: number;
  private verifiedAt = -Infinity;

  constructor(
    /** How long after its last verification the copy still answers (a few check intervals). */
    private readonly trustMs: number,
  ) {}

  /** A check's result: what market-data has stored and where the copy stands now. */
  observe(stored: number, copy: number, now: number): FreshnessVerdict {
    if (this.target !== undefined && copy < this.target) return 'lost';
    if (stored > copy) {
      this.target = stored;
      return 'behind';
    }
    this.target = undefined;
    this.verifiedAt = now;
    return 'fresh';
  }

  /** The copy applied diffs up to `copy`. */
  applied(copy: number, now: number): void {
    if (this.target !== undefined && copy >= this.target) {
      this.target = undefined;
      this.verifiedAt = now;
    }
  }

  /** A fresh snapshot: in step as of now. */
  synced(now: number): void {
    this.target = undefined;
    this.verifiedAt = now;
  }

  /** Not synced: nothing to answer from. */
  reset(): void {
    this.target = undefined;
    this.verifiedAt = -Infinity;
  }

  canAnswer(now: number): boolean {
    return this.target === undefined && now - this.verifiedAt <= this.trustMs;
  }
}
