import { parseArgs } from 'node:util';

import { type MakerConfig } from './market-maker';
import { type TakerConfig } from './taker';

export interface LoadgenOptions {
  baseUrl?: string;
  credentialsFile?: string;
  /** Given directly instead of a credentials file: one key for the maker and the takers. */
  apiKey?: string;
  apiSecret?: string;
  /** Binance symbols (`BTCUSDT`); empty: every TRADING market of exchangeInfo. */
  markets: string[];
  seed: number;
  maker: boolean;
  takers: number;
  /** Which trader of the credentials file the maker and the takers use. */
  makerTrader: number;
  takerTrader: number;
  makerConfig: MakerConfig;
  takerConfig: TakerConfig;
  /** Where a market's walk starts when it has no trade yet, by symbol (decimal strings). */
  startPrices: Map<string, string>;
  volatilityBps: number;
  statsIntervalMs: number;
  /** `ws`: the bots watch books and trades on the WebSocket streams; `rest`: they poll REST. */
  feed: 'ws' | 'rest';
  /** The streams' base (`ws://host:8080`); default: the base URL with ws:// or wss://. */
  wsUrl?: string;
  /** Stop after this long; none: until SIGINT / SIGTERM. */
  durationMs?: number;
}

export const USAGE = `usage: node tools/run.cjs tools/loadgen/src/main.ts [options]
  --base-url URL            the gateway (default: the credentials file's baseUrl, else http://127.0.0.1:8080)
  --credentials FILE        demo credentials as tools/dev writes them (.data/demo-credentials.json)
  --api-key KEY --api-secret SECRET   one HMAC key for every bot instead of a credentials file
  --markets A,B             Binance symbols (BTCUSDT,...); default: every TRADING market
  --seed N                  seed of every random choice (default 1)
  --maker                   run the market maker
  --takers N                taker bots (default 0)
  --rate R                  orders per second per taker (default 1)
  --taker-type ioc|market   crossing LIMIT IOC at the best price, or MARKET (default ioc)
  --taker-size N            taker sizes 1..N minimum orders (default 3)
  --maker-trader I          trader index in the credentials file for the maker (default 0)
  --taker-trader I          trader index for the takers (default 1, or 0 with a single trader)
  --levels N                maker levels per side (default 3)
  --spread-bps X            maker spread (default 10)
  --level-spacing-bps X     distance between levels (default 5)
  --size N                  each level N minimum orders (default 2)
  --skew-bps X              ladder shift at the inventory limit (default 20)
  --inventory-limit N       inventory limit in level sizes (default 10)
  --reference walk|last-trade   reference price (default walk)
  --volatility-bps X        walk step, at most X bps per requote (default 5)
  --start-prices S=P,...    where walks start on markets without trades (e.g. BTCUSDT=30000)
  --requote-ms N            maker cycle (default 1000)
  --stats-interval-ms N     JSON stats line period (default 5000)
  --feed ws|rest            watch books and trades on the WebSocket streams, or poll REST (default ws)
  --ws-url URL              the streams' base (default: the base URL as ws:// or wss://)
  --duration-s N            stop after N seconds (default: run until Ctrl-C)`;

export class OptionsError extends Error {
  override name = 'OptionsError';
}

function number(
  text: string | undefined,
  name: string,
  fallback: number,
  check: (n: number) => boolean,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new OptionsError(`--${name}: invalid value ${JSON.stringify(text)}`);
  }
  return value;
}

const positive = (n: number) => n > 0;
const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
const nonNegativeInt = (n: number) => Number.isInteger(n) && n >= 0;

export function parseOptions(argv: string[]): LoadgenOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        'base-url': { type: 'string' },
        credentials: { type: 'string' },
        'api-key': { type: 'string' },
        'api-secret': { type: 'string' },
        markets: { type: 'string' },
        seed: { type: 'string' },
        maker: { type: 'boolean' },
        takers: { type: 'string' },
        rate: { type: 'string' },
        'taker-type': { type: 'string' },
        'taker-size': { type: 'string' },
        'maker-trader': { type: 'string' },
        'taker-trader': { type: 'string' },
        levels: { type: 'string' },
        'spread-bps': { type: 'string' },
        'level-spacing-bps': { type: 'string' },
        size: { type: 'string' },
        'skew-bps': { type: 'string' },
        'inventory-limit': { type: 'string' },
        reference: { type: 'string' },
        'volatility-bps': { type: 'string' },
        'start-prices': { type: 'string' },
        'requote-ms': { type: 'string' },
        'stats-interval-ms': { type: 'string' },
        'duration-s': { type: 'string' },
        feed: { type: 'string' },
        'ws-url': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new OptionsError((error as Error).message);
  }
  const s = (name: string) => values[name] as string | undefined;
  const reference = s('reference') ?? 'walk';
  if (reference !== 'walk' && reference !== 'last-trade') {
    throw new OptionsError(`--reference: expected walk or last-trade (got ${reference})`);
  }
  const takerType = s('taker-type') ?? 'ioc';
  if (takerType !== 'ioc' && takerType !== 'market') {
    throw new OptionsError(`--taker-type: expected ioc or market (got ${takerType})`);
  }
  const feed = s('feed') ?? 'ws';
  if (feed !== 'ws' && feed !== 'rest') throw new OptionsError(`--feed: expected ws or rest (got ${feed})`);
  if (!s('credentials') && !(s('api-key') && s('api-secret'))) {
    throw new OptionsError('give --credentials FILE, or --api-key and --api-secret');
  }
  const startPrices = new Map<string, string>();
  for (const pair of (s('start-prices') ?? '').split(',').filter(Boolean)) {
    const [symbol, price] = pair.split('=');
    if (!symbol || !price || !/^[0-9]+(\.[0-9]+)?$/.test(price)) {
      throw new OptionsError(`--start-prices: expected SYMBOL=PRICE pairs (got ${JSON.stringify(pair)})`);
    }
    startPrices.set(symbol.toUpperCase(), price);
  }
  const options: LoadgenOptions = {
    baseUrl: s('base-url'),
    credentialsFile: s('credentials'),
    apiKey: s('api-key'),
    apiSecret: s('api-secret'),
    markets: (s('markets') ?? '')
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean),
    seed: number(s('seed'), 'seed', 1, Number.isInteger),
    maker: values['maker'] === true,
    takers: number(s('takers'), 'takers', 0, nonNegativeInt),
    makerTrader: number(s('maker-trader'), 'maker-trader', 0, nonNegativeInt),
    takerTrader: number(s('taker-trader'), 'taker-trader', -1, nonNegativeInt),
    makerConfig: {
      levels: number(s('levels'), 'levels', 3, positiveInt),
      spreadBps: number(s('spread-bps'), 'spread-bps', 10, positive),
      levelSpacingBps: number(s('level-spacing-bps'), 'level-spacing-bps', 5, positive),
      sizeMultiplier: number(s('size'), 'size', 2, positiveInt),
      maxSkewBps: number(s('skew-bps'), 'skew-bps', 20, (n) => n >= 0),
      inventoryLimit: number(s('inventory-limit'), 'inventory-limit', 10, positiveInt),
      reference,
      requoteMs: number(s('requote-ms'), 'requote-ms', 1000, positiveInt),
    },
    takerConfig: {
      rate: number(s('rate'), 'rate', 1, positive),
      orderType: takerType,
      maxSize: number(s('taker-size'), 'taker-size', 3, positiveInt),
    },
    startPrices,
    volatilityBps: number(s('volatility-bps'), 'volatility-bps', 5, (n) => n >= 0),
    statsIntervalMs: number(s('stats-interval-ms'), 'stats-interval-ms', 5000, positiveInt),
    feed,
    wsUrl: s('ws-url'),
    durationMs:
      s('duration-s') === undefined ? undefined : number(s('duration-s'), 'duration-s', 0, positive) * 1000,
  };
  if (!options.maker && options.takers === 0)
    throw new OptionsError('nothing to run: give --maker and/or --takers N');
  return options;
}
