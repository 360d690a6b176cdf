import { type PriceLevel } from '@exchange/shared-contracts';
import { MAX_ASSET_DECIMALS, parseDecimal } from '@exchange/shared-domain-money';

interface Level {
  level: PriceLevel;
  /** The price as an exact integer, for ordering (never a float). */
  units: bigint;
}

const ZERO = /^0+(\.0+)?$/;

function priceUnits(price: string): bigint {
  const units = parseDecimal(price, MAX_ASSET_DECIMALS, { allowExcessZeros: true });
  if (!units.ok) throw new Error(`bad price level ${JSON.stringify(price)}`);
  return units.value;
}

/**
 * One side of the gateway's copy of a market's book: absolute quantities by price, best first on demand.
 *
 * A side whose snapshot was cut at the snapshot's depth is known exactly only down to its worst snapshot level (the
 * boundary): levels beyond it that no diff has touched since are missing. `inside` counts the levels at or better
 * than the boundary, so `exactTop` can tell whether the best `count` levels are all known.
 */
class BookSide {
  private readonly levels = new Map<bigint, Level>();
  private sorted?: Level[];
  private boundary?: bigint;
  private inside = 0;

  constructor(private readonly better: (a: bigint, b: bigint) => boolean) {}

  get size(): number {
    return this.levels.size;
  }

  /** False when the snapshot was cut: only levels at or better than its worst one are known. */
  get complete(): boolean {
    return this.boundary === undefined;
  }

  /** Known levels at or better than the boundary (every level of a complete side). */
  get exactLevels(): number {
    return this.boundary === undefined ? this.levels.size : this.inside;
  }

  /** Marks the side as cut at `price` (its worst snapshot level). */
  cutAt(price: string): void {
    const boundary = priceUnits(price);
    this.boundary = boundary;
    this.inside = 0;
    for (const units of this.levels.keys()) if (this.within(units)) this.inside++;
  }

  set([price, qty]: PriceLevel): void {
    const units = priceUnits(price);
    const had = this.levels.has(units);
    if (ZERO.test(qty)) {
      if (!had) return;
      this.levels.delete(units);
      if (this.within(units)) this.inside--;
    } else {
      this.levels.set(units, { level: [price, qty], units });
      if (!had && this.within(units)) this.inside++;
    }
    this.sorted = undefined;
  }

  top(count: number): PriceLevel[] {
    this.sorted ??= [...this.levels.values()].sort((a, b) =>
      this.better(a.units, b.units) ? -1 : this.better(b.units, a.units) ? 1 : 0,
    );
    const end = Math.min(count, this.sorted.length);
    const out = new Array<PriceLevel>(end);
    for (let i = 0; i < end; i++) out[i] = this.sorted[i]!.level;
    return out;
  }

  /** The best `count` levels when every one of them is known, else undefined. */
  exactTop(count: number): PriceLevel[] | undefined {
    return this.boundary === undefined || this.inside >= count ? this.top(count) : undefined;
  }

  private within(units: bigint): boolean {
    return this.boundary !== undefined && (units === this.boundary || this.better(units, this.boundary));
  }
}

/**
 * A market's level-2 book as a Binance client keeps it: a REST snapshot with its `lastUpdateId`, then depth diffs
 * applied in update-id order (`"0"` removes a level).
 */
export class L2Book {
  readonly bids = new BookSide((a, b) => a > b);
  readonly asks = new BookSide((a, b) => a < b);

  constructor(public lastUpdateId: number) {}

  /**
   * The book from a REST snapshot. A side with `cutAt` levels or more may have been cut at the snapshot's depth
   * (market-data keeps a limited number of levels): it is known exactly only down to its last level.
   */
  static fromSnapshot(
    snapshot: { lastUpdateId: number; bids: PriceLevel[]; asks: PriceLevel[] },
    cutAt = Infinity,
  ): L2Book {
    const book = new L2Book(snapshot.lastUpdateId);
    book.apply(snapshot.lastUpdateId, snapshot.bids, snapshot.asks);
    const lastBid = snapshot.bids[snapshot.bids.length - 1];
    const lastAsk = snapshot.asks[snapshot.asks.length - 1];
    if (lastBid && snapshot.bids.length >= cutAt) book.bids.cutAt(lastBid[0]);
    if (lastAsk && snapshot.asks.length >= cutAt) book.asks.cutAt(lastAsk[0]);
    return book;
  }

  apply(u: number, bids: PriceLevel[], asks: PriceLevel[]): void {
    for (const level of bids) this.bids.set(level);
    for (const level of asks) this.asks.set(level);
    this.lastUpdateId = u;
  }

  top(count: number): { lastUpdateId: number; bids: PriceLevel[]; asks: PriceLevel[] } {
    return { lastUpdateId: this.lastUpdateId, bids: this.bids.top(count), asks: this.asks.top(count) };
  }

  /** The best `count` levels a side, or undefined when a side's snapshot was cut above them. */
  exactTop(count: number): { lastUpdateId: number; bids: PriceLevel[]; asks: PriceLevel[] } | undefined {
    const bids = this.bids.exactTop(count);
    const asks = bids && this.asks.exactTop(count);
    return asks && { lastUpdateId: this.lastUpdateId, bids: bids!, asks };
  }
}
