/**
 * The seeded workload of `npm run bench:load`: which flow a load process starts next (a fill pair, a resting order
 * then cancelled, a resting order amended down then cancelled, a market maker's quotes placed together then
 * cancelled), on which market, by which of its users, and whether a pair's maker order (or a resting order's place,
 * amend and cancel) goes through gRPC; and each market's order sizes from its exchangeInfo filters,
 * computed in integers (no float touches a price or a quantity).
 */

import { seededRandom } from '@exchange/shared-util-random';

export type FlowKind = 'pair' | 'cancel' | 'amend' | 'quote';

/**
 * One flow. `pair`: the maker user's resting LIMIT SELL, then the taker user's LIMIT IOC BUY at the same price that
 * fills it (two orders). `cancel`: the taker user's resting LIMIT BUY below the pairs' price, then DELETE (one
 * order). `amend`: the same resting BUY, its quantity cut by keepPriority, then DELETE (one order). `quote`: a
 * quoter user's `quoteSize` resting BUYs placed in one gRPC PlaceOrders call, then all cancelled by one CancelAll.
 */
export interface Flow {
  kind: FlowKind;
  /** Index into the markets. */
  market: number;
  /** Index into the process's makers (pairs only). */
  maker: number;
  /** Index into the process's takers. */
  taker: number;
  /**
   * Through the gRPC partner API: a pair's maker order, or a cancel or amend flow's place, amend and cancel
   * (PlaceOrder, AmendOrder, CancelOrder). Never for quotes, which are gRPC calls anyway.
   */
  grpc: boolean;
  /** Index into the process's quoters (quote flows only). */
  quoter: number;
}

export interface MixOptions {
  markets: number;
  makers: number;
  takers: number;
  /** Share of flows that are `cancel` flows, 0..1. */
  cancelShare: number;
  /** Share of flows that are `amend` flows, 0..1 (with cancelShare at most 1). */
  amendShare: number;
  /** Share of pairs whose maker order goes through gRPC, 0..1. */
  grpcShare: number;
  /** Share of cancel and amend flows that go through gRPC, 0..1; 0 when absent. */
  grpcRestingShare?: number;
  /** Share of flows that are `quote` flows, 0..1 (with cancelShare and amendShare at most 1); 0 when absent. */
  quoteShare?: number;
  /** Quoter users (needed when quoteShare > 0). */
  quoters?: number;
}

/** Orders a flow places (the open-loop schedule spends one order's gap per order): a quote flow `quoteSize`. */
export function ordersPerFlow(kind: FlowKind, quoteSize: number): number {
  return kind === 'pair' ? 2 : kind === 'quote' ? quoteSize : 1;
}

/** The flows of one load process, drawn from its seed: the same seed and options give the same sequence. */
export class LoadMix {
  private readonly random: () => number;
  private readonly options: Required<MixOptions>;

  constructor(seed: number, options: MixOptions) {
    this.options = { quoteShare: 0, quoters: 0, grpcRestingShare: 0, ...options };
    const {
      cancelShare,
      amendShare,
      grpcShare,
      grpcRestingShare,
      quoteShare,
      markets,
      makers,
      takers,
      quoters,
    } = this.options;
    for (const share of [cancelShare, amendShare, grpcShare, grpcRestingShare, quoteShare])
      if (!(share >= 0 && share <= 1)) throw new RangeError(`a share must be within 0..1, not ${share}`);
    if (cancelShare + amendShare + quoteShare > 1)
      throw new RangeError('cancel, amend and quote shares add up to more than 1');
    if (markets < 1 || makers < 1 || takers < 1)
      throw new RangeError('a mix needs a market, a maker and a taker');
    if (quoteShare > 0 && quoters < 1) throw new RangeError('quote flows need a quoter');
    this.random = seededRandom(seed);
  }

  next(): Flow {
    const {
      cancelShare,
      amendShare,
      grpcShare,
      grpcRestingShare,
      quoteShare,
      markets,
      makers,
      takers,
      quoters,
    } = this.options;
    const r = this.random();
    const kind: FlowKind =
      r < cancelShare
        ? 'cancel'
        : r < cancelShare + amendShare
          ? 'amend'
          : r < cancelShare + amendShare + quoteShare
            ? 'quote'
            : 'pair';
    const market = Math.floor(this.random() * markets);
    // The quoter comes from the maker's draw: without quote flows a seed gives the flows it gave before they existed.
    const userDraw = this.random();
    const maker = Math.floor(userDraw * makers);
    const taker = Math.floor(this.random() * takers);
    // One draw for both shares: without resting flows through gRPC a seed gives the flows it gave before.
    const grpcDraw = this.random();
    return {
      kind,
      market,
      maker,
      taker,
      grpc:
        kind === 'pair'
          ? grpcDraw < grpcShare
          : (kind === 'cancel' || kind === 'amend') && grpcDraw < grpcRestingShare,
      quoter: Math.floor(userDraw * quoters),
    };
  }
}

/** The filters of a symbol in `/api/v3/exchangeInfo` that bound a LIMIT order. */
export interface SymbolFilters {
  tickSize: string;
  minQty: string;
  stepSize: string;
  minNotional: string;
}

/** A market's orders in the benchmark, every price on the tick grid and every quantity on the lot grid. */
export interface MarketPlan {
  symbol: string;
  /** The pairs' price. */
  price: string;
  /** Pairs: at least twice the minimum notional at `price`. */
  quantity: string;
  /** The resting BUYs of cancel and amend flows: 90 % of `price`, down to the tick; never crossed by the pairs. */
  restPrice: string;
  /** The resting BUY's quantity: twice `amendQuantity`. */
  restQuantity: string;
  /** What keepPriority cuts it to: at least twice the minimum notional at `restPrice`. */
  amendQuantity: string;
}

const decimals = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

/** A decimal string as an integer count of 10^-scale (`scale` at least its own decimals). */
export function toUnits(s: string, scale: number): bigint {
  if (!/^\d+(\.\d+)?$/.test(s)) throw new RangeError(`not a decimal: ${s}`);
  const [whole, frac = ''] = s.split('.');
  if (frac.length > scale) throw new RangeError(`${s} has more than ${scale} decimals`);
  return BigInt(whole!) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0') || '0');
}

/** An integer count of 10^-scale as a decimal string with exactly `places` decimals (places ≤ scale, exact). */
export function fromUnits(units: bigint, scale: number, places: number): string {
  const cut = 10n ** BigInt(scale - places);
  if (units % cut !== 0n) throw new RangeError(`${units}e-${scale} does not fit ${places} decimals`);
  const v = (units / cut).toString().padStart(places + 1, '0');
  return places ? `${v.slice(0, v.length - places)}.${v.slice(v.length - places)}` : v;
}

/** The orders of one market at the pairs' `price` (which must lie on the tick grid). */
export function marketPlan(symbol: string, filters: SymbolFilters, price: string): MarketPlan {
  const S = Math.max(...[price, ...Object.values(filters)].map(decimals));
  const tick = toUnits(filters.tickSize, S);
  const step = toUnits(filters.stepSize, S);
  const minQty = toUnits(filters.minQty, S);
  const minNotional = toUnits(filters.minNotional, S);
  const p = toUnits(price, S);
  if (tick <= 0n || step <= 0n || p <= 0n) throw new RangeError(`${symbol}: bad filters or price`);
  if (p % tick !== 0n) throw new RangeError(`${symbol}: price ${price} is off the tick ${filters.tickSize}`);
  const one = 10n ** BigInt(S);
  const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
  // Lots so that lots·step·at ≥ 2·minNotional (all in 10^-S units: a product has scale 2S), and at least minQty.
  const lots = (at: bigint) => {
    const byNotional = ceilDiv(2n * minNotional * one, at * step);
    const byMin = ceilDiv(minQty, step);
    return byNotional > byMin ? byNotional : byMin;
  };
  const rest = ((p * 9n) / 10n / tick) * tick;
  if (rest <= 0n) throw new RangeError(`${symbol}: no resting price below ${price}`);
  const q = lots(p) * step;
  const amend = lots(rest) * step;
  const priceDp = decimals(filters.tickSize);
  const qtyDp = decimals(filters.stepSize);
  return {
    symbol,
    price: fromUnits(p, S, Math.max(priceDp, decimals(price))),
    quantity: fromUnits(q, S, qtyDp),
    restPrice: fromUnits(rest, S, priceDp),
    restQuantity: fromUnits(2n * amend, S, qtyDp),
    amendQuantity: fromUnits(amend, S, qtyDp),
  };
}

/** The filters of `symbol` in an `/api/v3/exchangeInfo` answer. */
export function symbolFilters(
  info: { symbols: { symbol: string; filters: ({ filterType: string } & Record<string, unknown>)[] }[] },
  symbol: string,
): SymbolFilters {
  const s = info.symbols.find((x) => x.symbol === symbol);
  if (!s) throw new Error(`exchangeInfo has no ${symbol}`);
  const field = (type: string, name: string): string => {
    const v = s.filters.find((f) => f.filterType === type)?.[name];
    if (typeof v !== 'string') throw new Error(`${symbol}: no ${type}.${name} in exchangeInfo`);
    return v;
  };
  return {
    tickSize: field('PRICE_FILTER', 'tickSize'),
    minQty: field('LOT_SIZE', 'minQty'),
    stepSize: field('LOT_SIZE', 'stepSize'),
    minNotional: field('NOTIONAL', 'minNotional'),
  };
}
