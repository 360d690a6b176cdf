import { type BinanceRestClient } from './binance-client';
import { type MarketView, type TopOfBook } from './market-feed';
import { ignoreApiError, type Log } from './market-maker';
import {
  formatPrice,
  formatQuantity,
  type MarketSpec,
  minimumLots,
  priceTicks,
  quantityLots,
} from './market-spec';
import { type SeededRandom } from './random';
import { sleep } from './sleep';
import { type Stats } from './stats';

export interface TakerConfig {
  /** Orders per second (arrivals of a Poisson process). */
  rate: number;
  /** `ioc`: a LIMIT IOC at the best opposite price; `market`: a MARKET order. */
  orderType: 'ioc' | 'market';
  /** Each order is 1..maxSize times the market's minimum order at the best opposite price. */
  maxSize: number;
}

export interface TakerOrder {
  symbol: string;
  side: 'BUY' | 'SELL';
  params: [string, string][];
}

/**
 * The order a taker sends against a book, or none when the side it would hit is empty: a random side, a
 * random size of 1..maxSize minimum orders at the best opposite price. Pure given the random stream.
 */
export function takerOrder(
  spec: MarketSpec,
  book: { bids: [string, string][]; asks: [string, string][] },
  config: TakerConfig,
  random: SeededRandom,
): TakerOrder | undefined {
  const side = random.next() < 0.5 ? 'BUY' : 'SELL';
  const best = (side === 'BUY' ? book.asks : book.bids)[0];
  if (!best) return undefined;
  const ticks = priceTicks(spec, best[0]);
  const lots = minimumLots(spec, ticks) * random.bigint(1n, BigInt(config.maxSize));
  const params: [string, string][] = [
    ['symbol', spec.symbol],
    ['side', side],
    ['quantity', formatQuantity(spec, lots)],
  ];
  if (config.orderType === 'ioc') {
    params.push(['type', 'LIMIT'], ['timeInForce', 'IOC'], ['price', formatPrice(spec, ticks)]);
  } else {
    params.push(['type', 'MARKET']);
  }
  params.push(['newOrderRespType', 'RESULT']);
  return { symbol: spec.symbol, side, params };
}

/** Sends taker orders at `rate` per second on randomly chosen markets until stopped. */
export class Taker {
  constructor(
    private readonly client: BinanceRestClient,
    private readonly markets: readonly MarketSpec[],
    private readonly config: TakerConfig,
    private readonly random: SeededRandom,
    private readonly stats: Stats,
    private readonly log: Log,
    private readonly feed?: MarketView,
  ) {}

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(this.random.exponentialMs(this.config.rate), signal);
      if (signal.aborted) break;
      await this.takeOnce();
    }
    this.log({ type: 'event', msg: 'taker stopped' });
  }

  async takeOnce(): Promise<void> {
    const spec = this.random.pick(this.markets);
    // The streamed top of the book when there is one, else a REST snapshot.
    const top = this.feed?.top(spec.symbol);
    const book = top ? bookOf(top) : await this.client.depth(spec.symbol, 5).catch(ignoreApiError);
    if (!book) return;
    const order = takerOrder(spec, book, this.config, this.random);
    if (!order) return;
    const reply = await this.client.placeOrder(order.params).catch(ignoreApiError);
    if (reply?.executedQty !== undefined && quantityLots(spec, reply.executedQty) > 0n) this.stats.filled();
  }
}

function bookOf(top: TopOfBook): { bids: [string, string][]; asks: [string, string][] } {
  return { bids: top.bid ? [[top.bid, '0']] : [], asks: top.ask ? [[top.ask, '0']] : [] };
}
