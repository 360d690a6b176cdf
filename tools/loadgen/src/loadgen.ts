import {
  type BinanceApiError,
  BinanceRestClient,
  type Credentials,
  type RequestObserver,
} from './binance-client';
import { apiCredentials, readCredentials } from './credentials';
import { WebSocketMarketFeed } from './market-feed';
import { type Log, MarketMaker } from './market-maker';
import { formatCount, type MarketSpec, marketSpecs, priceTicks } from './market-spec';
import { type LoadgenOptions, OptionsError } from './options';
import { SeededRandom } from './random';
import { RandomWalk } from './reference-price';
import { Stats } from './stats';
import { Taker } from './taker';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/**
 * Runs the bots the options ask for until `signal` aborts (or the duration passes), writing JSON lines: a
 * `stats` line every interval and at the end, an `event` line when something starts or stops, and an `error`
 * line the first time each error code is seen.
 */
export async function runLoadgen(options: LoadgenOptions, signal: AbortSignal, log: Log): Promise<Stats> {
  const file = options.credentialsFile ? readCredentials(options.credentialsFile) : undefined;
  const baseUrl = options.baseUrl ?? file?.baseUrl ?? DEFAULT_BASE_URL;
  const trader = (index: number): Credentials => {
    if (!file) return { apiKey: options.apiKey!, secret: options.apiSecret! };
    const chosen = file.traders[index];
    if (!chosen)
      throw new OptionsError(`the credentials file has no trader ${index} (it has ${file.traders.length})`);
    return apiCredentials(chosen);
  };
  const makerCredentials = trader(options.makerTrader);
  const takerCredentials = trader(
    options.takerTrader >= 0 ? options.takerTrader : Math.min(1, (file?.traders.length ?? 1) - 1),
  );

  const stats = new Stats();
  const seen = new Set<string>();
  const observer: RequestObserver = {
    completed(endpoint: string, elapsedMs: number, error?: BinanceApiError) {
      stats.completed(endpoint, elapsedMs, error);
      if (error && !seen.has(error.statsKey)) {
        seen.add(error.statsKey);
        log({
          type: 'error',
          code: error.statsKey,
          msg: error.message,
          note: 'first of its code; counted in stats',
        });
      }
    },
  };
  const publicClient = new BinanceRestClient({ baseUrl, observer });
  const specs = await selectMarkets(publicClient, options.markets);
  const random = new SeededRandom(options.seed);
  const walks = [];
  for (const spec of specs) {
    const start = await startPrice(publicClient, spec, options.startPrices.get(spec.symbol));
    walks.push({ spec, walk: new RandomWalk(priceTicks(spec, start), options.volatilityBps, random.fork()) });
  }

  const stopper = new AbortController();
  signal.addEventListener('abort', () => stopper.abort(), { once: true });
  if (signal.aborted) stopper.abort();
  let feed: WebSocketMarketFeed | undefined;
  if (options.feed === 'ws') {
    const wsBase = options.wsUrl ?? baseUrl.replace(/^http/, 'ws');
    feed = new WebSocketMarketFeed(
      WebSocketMarketFeed.streamUrl(
        wsBase,
        specs.map((s) => s.symbol),
      ),
      (message) => {
        if (!seen.has('websocket')) log({ type: 'error', code: 'websocket', msg: message });
        seen.add('websocket');
      },
    );
    await feed.run(stopper.signal);
  }
  const bots: Promise<void>[] = [];
  if (options.maker) {
    const client = new BinanceRestClient({ baseUrl, credentials: makerCredentials, observer });
    bots.push(new MarketMaker(client, walks, options.makerConfig, stats, log, feed).run(stopper.signal));
  }
  for (let i = 0; i < options.takers; i++) {
    const client = new BinanceRestClient({ baseUrl, credentials: takerCredentials, observer });
    bots.push(
      new Taker(client, specs, options.takerConfig, random.fork(), stats, log, feed).run(stopper.signal),
    );
  }
  log({
    type: 'event',
    msg: 'started',
    baseUrl,
    markets: specs.map((s) => s.symbol),
    maker: options.maker,
    takers: options.takers,
    seed: options.seed,
    feed: options.feed,
  });

  const timer = setInterval(() => log({ ...stats.flush() }), options.statsIntervalMs);
  const duration =
    options.durationMs === undefined ? undefined : setTimeout(() => stopper.abort(), options.durationMs);
  try {
    await Promise.all(
      bots.map((bot) => bot.catch((error: unknown) => (stopper.abort(), Promise.reject(error)))),
    );
  } finally {
    clearInterval(timer);
    if (duration) clearTimeout(duration);
    feed?.close();
    log({ ...stats.flush(), final: true });
  }
  return stats;
}

async function selectMarkets(client: BinanceRestClient, wanted: string[]): Promise<MarketSpec[]> {
  const specs = marketSpecs(await client.exchangeInfo());
  if (wanted.length === 0) return [...specs.values()];
  const missing = wanted.filter((symbol) => !specs.has(symbol));
  if (missing.length > 0) {
    throw new OptionsError(
      `not TRADING on this exchange: ${missing.join(', ')} (it has ${[...specs.keys()].join(', ') || 'none'})`,
    );
  }
  return wanted.map((symbol) => specs.get(symbol)!);
}

/** The given start price, else the last trade, else the middle of the book; an empty market needs a given one. */
async function startPrice(client: BinanceRestClient, spec: MarketSpec, given?: string): Promise<string> {
  const last = await client.lastTradePrice(spec.symbol);
  if (last) return last;
  if (given) return given;
  const book = await client.depth(spec.symbol, 1);
  const bid = book.bids[0]?.[0];
  const ask = book.asks[0]?.[0];
  if (bid && ask) {
    const { tickSize } = spec;
    const midTicks = (priceTicks(spec, bid) + priceTicks(spec, ask)) / 2n;
    return formatCount(midTicks, tickSize);
  }
  if (bid ?? ask) return (bid ?? ask)!;
  throw new OptionsError(
    `${spec.symbol} has no trades and no orders: give a start price (--start-prices ${spec.symbol}=<price>)`,
  );
}
