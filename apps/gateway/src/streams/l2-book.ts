import { type PriceLevel } from '@exchange/shared-contracts';
import { MAX_ASSET_DECIMALS, parseDecimal } from '@exchange/shared-domain-money';

interface Level {
  price: string;
  qty: string;
  /** The price as an exact integer, for ordering (never a float). */
  units: bigint;
}

const ZERO = /^0+(\.0+)?$/;

function priceUnits(price: string): bigint {
  const units = parseDecimal(price, MAX_ASSET_DECIMALS, { allowExcessZeros: true });
  if (!units.ok) throw new Error(`bad price level ${JSON.stringify(price)}`);
  return units.value;
}

/** One side of the gateway's copy of a market's book: absolute quantities by price, best first on demand. */
class BookSide {
  private readonly levels = new Map<bigint, Level>();
  private sorted?: Level[];

  constructor(private readonly bestFirst: (a: Level, b: Level) => number) {}

  get size(): number {
    return this.levels.size;
  }

  set([price, qty]: PriceLevel): void {
    const units = priceUnits(price);
    if (ZERO.test(qty)) this.levels.delete(units);
    else this.levels.set(units, { price, qty, units });
    this.sorted = undefined;
  }

  top(count: number): PriceLevel[] {
    this.sorted ??= [...this.levels.values()].sort(this.bestFirst);
    return this.sorted.slice(0, count).map((l) => [l.price, l.qty]);
  }
}

/**
 * A market's level-2 book as a Binance client keeps it: a REST snapshot with its `lastUpdateId`, then depth diffs
 * applied in update-id order (`"0"` removes a level).
 */
export class L2Book {
  readonly bids = new BookSide((a, b) => (a.units > b.units ? -1 : a.units < b.units ? 1 : 0));
  readonly asks = new BookSide((a, b) => (a.units < b.units ? -1 : a.units > b.units ? 1 : 0));

  constructor(public lastUpdateId: number) {}

  static fromSnapshot(snapshot: { lastUpdateId: number; bids: PriceLevel[]; asks: PriceLevel[] }): L2Book {
    const book = new L2Book(snapshot.lastUpdateId);
    book.apply(snapshot.lastUpdateId, snapshot.bids, snapshot.asks);
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
}
