import { totalOf, differenceInUnits, type ScaledAmount } from './balances';
import { BinanceApiError, type BinanceRestClient, type OrderReply } from './binance-client';
import { type MarketView } from './market-feed';
import {
  formatPrice,
  formatQuantity,
  type MarketSpec,
  minimumLots,
  priceTicks,
  quantityLots,
} from './market-spec';
import {
  inventoryPpm,
  planRequote,
  quoteLadder,
  type QuotingConfig,
  requoteTolerance,
  type Side,
} from './quoting';
import { type RandomWalk } from './reference-price';
import { sleep } from './sleep';
import { type Stats } from './stats';

export interface MakerConfig extends QuotingConfig {
  /** `walk`: a seeded random walk; `last-trade`: the market's last trade price (the walk where none yet). */
  reference: 'walk' | 'last-trade';
  /** The inventory limit, in level sizes: at the limit the skew is full and the growing side is minimal. */
  inventoryLimit: number;
  requoteMs: number;
}

interface WorkingOrder {
  orderId: number;
  side: Side;
  ticks: bigint;
  /** What is left of it. */
  lots: bigint;
  executedLots: bigint;
}

export type Log = (event: Record<string, unknown>) => void;

/**
 * Quotes a ladder on both sides of every market around its reference price, once per `requoteMs`: reads the
 * account (for the inventory) and the open orders, cancels the levels that moved, amends down (keep-priority)
 * those that shrank, and places the new ones.
 * On stop it cancels what it left on the books.
 */
export class MarketMaker {
  private readonly start = new Map<string, ScaledAmount>();

  constructor(
    private readonly client: BinanceRestClient,
    private readonly markets: readonly { spec: MarketSpec; walk: RandomWalk }[],
    private readonly config: MakerConfig,
    private readonly stats: Stats,
    private readonly log: Log,
    private readonly feed?: MarketView,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const began = Date.now();
      try {
        await this.requote(signal);
      } catch (error) {
        if (!(error instanceof BinanceApiError)) throw error;
        // Counted in the stats; the next cycle tries again.
      }
      await sleep(Math.max(0, this.config.requoteMs - (Date.now() - began)), signal);
    }
    await this.cancelAll();
  }

  async requote(signal?: AbortSignal): Promise<void> {
    const { balances } = await this.client.account();
    for (const { spec, walk } of this.markets) {
      if (signal?.aborted) return;
      const reference = await this.reference(spec, walk);
      const base = totalOf(balances, spec.baseAsset);
      if (!this.start.has(spec.baseAsset)) this.start.set(spec.baseAsset, base);
      const position = differenceInUnits(base, this.start.get(spec.baseAsset)!, spec.stepSize);
      const levelLots = minimumLots(spec, reference) * BigInt(this.config.sizeMultiplier);
      const inventory = inventoryPpm(position, levelLots * BigInt(this.config.inventoryLimit));
      const wanted = quoteLadder(spec, reference, inventory, this.config);
      const working = (await this.client.openOrders(spec.symbol)).map((o) => toWorking(spec, o));
      const { cancel, amend, place } = planRequote(working, wanted, requoteTolerance(reference, this.config));
      for (const order of cancel) {
        await this.client.cancelOrder(spec.symbol, order.orderId).catch(ignoreApiError);
      }
      // A level that shrank (the inventory skew grew) keeps its place in the queue: amended down, not replaced.
      for (const { order, lots } of amend) {
        const newQty = formatQuantity(spec, order.executedLots + lots);
        await this.client.amendOrderKeepPriority(spec.symbol, order.orderId, newQty).catch(ignoreApiError);
      }
      for (const quote of place) {
        const reply = await this.client
          .placeOrder([
            ['symbol', spec.symbol],
            ['side', quote.side],
            ['type', 'LIMIT'],
            ['timeInForce', 'GTC'],
            ['quantity', formatQuantity(spec, quote.lots)],
            ['price', formatPrice(spec, quote.ticks)],
            ['newOrderRespType', 'RESULT'],
          ])
          .catch(ignoreApiError);
        if (reply && reply.executedQty !== undefined && quantityLots(spec, reply.executedQty) > 0n) {
          this.stats.filled();
        }
      }
    }
  }

  private async reference(spec: MarketSpec, walk: RandomWalk): Promise<bigint> {
    if (this.config.reference === 'last-trade') {
      const last =
        this.feed?.lastTrade(spec.symbol) ??
        (await this.client.lastTradePrice(spec.symbol).catch(ignoreApiError));
      if (last) {
        walk.moveTo(priceTicks(spec, last));
        return walk.current;
      }
    }
    return walk.step();
  }

  /** Cancels every order the maker has open, so that a stopped bot leaves no quotes behind. */
  async cancelAll(): Promise<void> {
    for (const { spec } of this.markets) {
      const open = await this.client.openOrders(spec.symbol).catch(ignoreApiError);
      for (const order of open ?? []) {
        await this.client.cancelOrder(spec.symbol, order.orderId).catch(ignoreApiError);
      }
    }
    this.log({ type: 'event', msg: 'maker stopped; its open orders are cancelled' });
  }
}

function toWorking(spec: MarketSpec, order: OrderReply): WorkingOrder {
  return {
    orderId: order.orderId,
    side: order.side,
    ticks: priceTicks(spec, order.price),
    lots: quantityLots(spec, order.origQty) - quantityLots(spec, order.executedQty),
    executedLots: quantityLots(spec, order.executedQty),
  };
}

/** API errors are counted by the stats observer; a bot carries on after them. */
export function ignoreApiError(error: unknown): undefined {
  if (error instanceof BinanceApiError) return undefined;
  throw error;
}
