import { add, compare, dec, type Decimal, isZero, percentOf, roundToStep, toPlain, ZERO } from './decimal';

/** A price level as the API sends it: [price, quantity], decimal strings. */
export type Level = readonly [price: string, quantity: string];

export interface GroupedLevel {
  readonly price: string;
  readonly quantity: string;
  /** Quantity from the best price up to and including this level. */
  readonly cumulative: string;
  /** Cumulative as a whole percentage of the side's deepest cumulative, for depth shading. */
  readonly depthPercent: number;
}

/**
 * Groups one side of the book by a price step (bids round down, asks round up, so a group never shows a better
 * price than its orders), keeps the best `limit` groups, and adds the cumulative quantity.
 */
export function groupLevels(
  levels: readonly Level[],
  step: string,
  side: 'bid' | 'ask',
  limit: number,
): GroupedLevel[] {
  const stepDec = dec(step);
  const groups = new Map<string, { price: Decimal; quantity: Decimal }>();
  for (const [priceText, quantityText] of levels) {
    const quantity = dec(quantityText);
    if (isZero(quantity)) continue;
    const price = roundToStep(dec(priceText), stepDec, side === 'bid' ? 'down' : 'up');
    const key = toPlain(price);
    const group = groups.get(key);
    groups.set(key, { price, quantity: group ? add(group.quantity, quantity) : quantity });
  }
  const sorted = [...groups.values()]
    .sort((a, b) => (side === 'bid' ? compare(b.price, a.price) : compare(a.price, b.price)))
    .slice(0, limit);
  let running = ZERO;
  const withTotals = sorted.map((group) => {
    running = add(running, group.quantity);
    return { ...group, cumulative: running };
  });
  return withTotals.map((group) => ({
    price: toPlain(group.price),
    quantity: toPlain(group.quantity),
    cumulative: toPlain(group.cumulative),
    depthPercent: percentOf(group.cumulative, running),
  }));
}

/** Grouping steps offered for a market: the tick size and 10×, 100×, 1000× it. */
export function groupingSteps(tickSize: string): string[] {
  const tick = dec(tickSize);
  return [1n, 10n, 100n, 1000n].map((factor) => toPlain({ units: tick.units * factor, scale: tick.scale }));
}

/**
 * A local L2 book kept in sync with `depthUpdate` diffs the Binance way: a REST snapshot with `lastUpdateId`,
 * then diffs whose `U..u` continue it without a gap. A gap means the book must be fetched again.
 */
export class LocalOrderBook {
  private readonly bids = new Map<string, string>();
  private readonly asks = new Map<string, string>();
  private lastUpdateId = -1;

  get synced(): boolean {
    return this.lastUpdateId >= 0;
  }

  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.lastUpdateId = -1;
  }

  loadSnapshot(snapshot: { lastUpdateId: number; bids: readonly Level[]; asks: readonly Level[] }): void {
    this.reset();
    for (const [p, q] of snapshot.bids) this.bids.set(toPlain(dec(p)), q);
    for (const [p, q] of snapshot.asks) this.asks.set(toPlain(dec(p)), q);
    this.lastUpdateId = snapshot.lastUpdateId;
  }

  /** `stale`: already in the snapshot; `gap`: ids missing, fetch the snapshot again. */
  applyDiff(diff: {
    U: number;
    u: number;
    b: readonly Level[];
    a: readonly Level[];
  }): 'applied' | 'stale' | 'gap' {
    if (!this.synced) return 'gap';
    if (diff.u <= this.lastUpdateId) return 'stale';
    if (diff.U > this.lastUpdateId + 1) return 'gap';
    for (const [p, q] of diff.b) this.setLevel(this.bids, p, q);
    for (const [p, q] of diff.a) this.setLevel(this.asks, p, q);
    this.lastUpdateId = diff.u;
    return 'applied';
  }

  levels(): { bids: Level[]; asks: Level[] } {
    return { bids: [...this.bids.entries()], asks: [...this.asks.entries()] };
  }

  private setLevel(side: Map<string, string>, price: string, quantity: string): void {
    const key = toPlain(dec(price));
    if (isZero(dec(quantity))) side.delete(key);
    else side.set(key, quantity);
  }
}
