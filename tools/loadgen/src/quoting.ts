import { type MarketSpec, minimumLots } from './market-spec';

export type Side = 'BUY' | 'SELL';

export interface Quote {
  side: Side;
  ticks: bigint;
  lots: bigint;
}

export interface QuotingConfig {
  /** Price levels per side. */
  levels: number;
  /** Distance between the best bid and the best ask, in basis points of the reference (at least 2 ticks). */
  spreadBps: number;
  /** Distance between neighbouring levels of one side, in basis points (at least 1 tick). */
  levelSpacingBps: number;
  /** Each level's size, as a multiple of the market's minimum order at that price. */
  sizeMultiplier: number;
  /** How far the whole ladder moves, in basis points, when the inventory reaches its limit. */
  maxSkewBps: number;
}

export const PPM = 1_000_000n;

/** `value · bps / 10 000`, in ticks, at least `floor`. */
function bpsOfTicks(reference: bigint, bps: number, floor: bigint): bigint {
  const ticks = (reference * BigInt(Math.round(bps * 100))) / 1_000_000n;
  return ticks > floor ? ticks : floor;
}

/**
 * The inventory as parts per million of its limit, in [-1 000 000, 1 000 000]: positive when the maker holds
 * more base than it started with (it has bought more than sold), negative when less.
 */
export function inventoryPpm(positionLots: bigint, limitLots: bigint): bigint {
  if (limitLots <= 0n) throw new Error('the inventory limit must be at least one lot');
  const ppm = (positionLots * PPM) / limitLots;
  return ppm > PPM ? PPM : ppm < -PPM ? -PPM : ppm;
}

/**
 * The ladder a market maker wants on the book: `levels` bids below and asks above the reference, the whole
 * ladder moved against the inventory (long: lower prices, so it buys less and sells more) and the side that
 * would grow the inventory made smaller. The ladder's centre sits on a grid of the level spacing (the nearest
 * multiple to the skewed reference), so a reference that wanders within a level moves nothing and one that crosses
 * into the next moves the whole ladder by exactly one level: every level but the one at each end stays where an
 * order already rests, and a requote places two orders however deep the ladder. Pure and integer-only: the same
 * inputs give the same quotes.
 */
export function quoteLadder(
  spec: MarketSpec,
  referenceTicks: bigint,
  inventory: bigint,
  config: QuotingConfig,
): Quote[] {
  if (referenceTicks <= 0n) throw new Error(`${spec.symbol}: the reference price must be at least one tick`);
  // Distances from the reference's two leading digits, so that the grid does not change with every small move.
  const anchor = twoDigits(referenceTicks);
  const halfSpread = bpsOfTicks(anchor, config.spreadBps / 2, 1n);
  const spacing = levelSpacing(anchor, config);
  const maxSkew = bpsOfTicks(anchor, config.maxSkewBps, 0n);
  const centre = onGrid(referenceTicks - (maxSkew * inventory) / PPM, spacing);
  const quotes: Quote[] = [];
  for (let level = 0n; level < BigInt(config.levels); level++) {
    const bid = centre - halfSpread - level * spacing;
    const ask = centre + halfSpread + level * spacing;
    if (bid > 0n)
      quotes.push({ side: 'BUY', ticks: bid, lots: levelLots(spec, bid, 'BUY', inventory, config) });
    quotes.push({ side: 'SELL', ticks: ask, lots: levelLots(spec, ask, 'SELL', inventory, config) });
  }
  return quotes;
}

/** The distance between neighbouring levels, in ticks, at a reference already rounded by `twoDigits`. */
function levelSpacing(anchor: bigint, config: QuotingConfig): bigint {
  return bpsOfTicks(anchor, config.levelSpacingBps, 1n);
}

/** `ticks` rounded to its two leading digits (2 999 300 → 3 000 000). */
function twoDigits(ticks: bigint): bigint {
  const digits = ticks.toString().length;
  if (digits <= 2) return ticks;
  const unit = 10n ** BigInt(digits - 2);
  return ((ticks + unit / 2n) / unit) * unit;
}

/** The multiple of `step` nearest to `ticks` (a tie rounds up), at least one step. */
function onGrid(ticks: bigint, step: bigint): bigint {
  const nearest = ((ticks + step / 2n) / step) * step;
  return nearest > step ? nearest : step;
}

function levelLots(
  spec: MarketSpec,
  ticks: bigint,
  side: Side,
  inventory: bigint,
  config: QuotingConfig,
): bigint {
  const minimum = minimumLots(spec, ticks);
  const full = minimum * BigInt(config.sizeMultiplier);
  // Long: bids shrink by the inventory's share of the limit; short: asks do.
  const growing = side === 'BUY' ? inventory : -inventory;
  const lots = growing > 0n ? (full * (PPM - growing)) / PPM : full;
  return lots > minimum ? lots : minimum;
}

/**
 * What to do to turn the working orders into the wanted ladder: keep a working order that is within
 * `toleranceTicks` of a wanted level on its side and still holds at least half the level's size (it keeps its
 * place in the queue, and small moves of the reference send nothing), amending it down to the level's size when it
 * holds more (a keep-priority amend, which keeps that place too), cancel the rest, place what is missing.
 */
export function planRequote<Order extends { side: Side; ticks: bigint; lots: bigint }>(
  working: readonly Order[],
  wanted: readonly Quote[],
  toleranceTicks = 0n,
): { cancel: Order[]; amend: { order: Order; lots: bigint }[]; place: Quote[] } {
  const kept = new Set<Order>();
  const amend: { order: Order; lots: bigint }[] = [];
  const place: Quote[] = [];
  for (const want of wanted) {
    const match = working.find((order) => {
      const distance = order.ticks > want.ticks ? order.ticks - want.ticks : want.ticks - order.ticks;
      return (
        !kept.has(order) &&
        order.side === want.side &&
        distance <= toleranceTicks &&
        order.lots * 2n >= want.lots
      );
    });
    if (!match) place.push(want);
    else {
      kept.add(match);
      if (match.lots > want.lots) amend.push({ order: match, lots: want.lots });
    }
  }
  return { cancel: working.filter((order) => !kept.has(order)), amend, place };
}

/** Half the distance between levels, in ticks: how far a working order may sit from its level before it moves. */
export function requoteTolerance(referenceTicks: bigint, config: QuotingConfig): bigint {
  return levelSpacing(twoDigits(referenceTicks), config) / 2n;
}
