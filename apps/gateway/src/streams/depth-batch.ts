import { type DepthDiffMessage, type PriceLevel } from '@exchange/shared-contracts';

/**
 * Consecutive depth diffs merged into one `depthUpdate`: `U` of the first, `u` of the last, and each changed
 * level's latest quantity. Only diffs that follow on without a gap are merged, so `U..u` covers every update id.
 */
export class DepthBatch {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();
  private E: number;
  readonly U: number;
  private lastU: number;

  constructor(first: DepthDiffMessage) {
    this.U = first.U;
    this.lastU = first.u;
    this.E = first.E;
    this.merge(first);
  }

  get u(): number {
    return this.lastU;
  }

  /** False, and nothing merged, when `diff` does not start right after this batch. */
  add(diff: DepthDiffMessage): boolean {
    if (diff.U !== this.lastU + 1) return false;
    this.lastU = diff.u;
    this.E = diff.E;
    this.merge(diff);
    return true;
  }

  toEvent(symbol: string) {
    return {
      e: 'depthUpdate',
      E: this.E,
      s: symbol,
      U: this.U,
      u: this.lastU,
      b: [...this.bids].map(([p, q]): PriceLevel => [p, q]),
      a: [...this.asks].map(([p, q]): PriceLevel => [p, q]),
    };
  }

  private merge(diff: DepthDiffMessage): void {
    for (const [p, q] of diff.bids) this.bids.set(p, q);
    for (const [p, q] of diff.asks) this.asks.set(p, q);
  }
}
