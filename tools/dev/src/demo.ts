import path from 'node:path';

/**
 * The demo `start` runs once the exchange is ready: issue 11's markets, where their bots' prices start, and
 * how the bots are set (tools/loadgen; its README explains each option). Eight levels a side on every market: the
 * maker's ladder sits on a grid, so a requote places about two orders a market, and even its first one (64 orders)
 * stays inside the gateway's per-account order limit (100 per 10 s).
 */
export const DEMO_MARKETS = [
  { market: 'BTC-USDT', symbol: 'BTCUSDT', startPrice: '30000' },
  { market: 'ETH-USDT', symbol: 'ETHUSDT', startPrice: '2000' },
  { market: 'SOL-USDT', symbol: 'SOLUSDT', startPrice: '150' },
  { market: 'ETH-BTC', symbol: 'ETHBTC', startPrice: '0.05' },
] as const;

export const DEMO_SEED = 42;

export function demoCredentialsFile(dataDir: string): string {
  return path.join(dataDir, 'demo-credentials.json');
}

/** Arguments of `tools/loadgen/src/demo-main.ts` that make the demo users. */
export function seedArguments(baseUrl: string, credentialsFile: string): string[] {
  return ['seed', baseUrl, credentialsFile, DEMO_MARKETS.map((m) => m.symbol).join(',')];
}

/** Arguments of `tools/loadgen/src/main.ts` for the demo's market maker and takers on `symbols`. */
export function botArguments(baseUrl: string, credentialsFile: string, symbols: readonly string[]): string[] {
  return [
    '--base-url',
    baseUrl,
    '--credentials',
    credentialsFile,
    '--markets',
    symbols.join(','),
    '--seed',
    String(DEMO_SEED),
    '--maker',
    '--levels',
    '8',
    '--size',
    '5',
    '--requote-ms',
    '2000',
    '--takers',
    '2',
    '--rate',
    '1',
    '--start-prices',
    DEMO_MARKETS.filter((m) => symbols.includes(m.symbol))
      .map((m) => `${m.symbol}=${m.startPrice}`)
      .join(','),
    '--stats-interval-ms',
    '30000',
  ];
}

/** What the demo set-up printed (tools/loadgen/src/demo-seed.ts `DemoSetup`), the parts `start` uses. */
export interface DemoSetup {
  baseUrl: string;
  traders: { email: string; password: string; apiKey: string }[];
  webUser: { email: string; password: string };
  markets: string[];
  missingMarkets: string[];
  missingAssets: string[];
}

export interface Endpoints {
  gateway: string;
  grpc?: string;
  services: { name: string; url: string }[];
}

/** The lines `start` prints once everything runs: where to look, and how to log in. */
export function describeRunning(
  endpoints: Endpoints,
  demo: DemoSetup | undefined,
  credentialsFile: string,
): string[] {
  const ws = endpoints.gateway.replace(/^http/, 'ws');
  const lines = [
    'the exchange is running (Ctrl-C stops it):',
    `  web          ${endpoints.gateway}/`,
    `  REST         ${endpoints.gateway}/api/v3 (Binance Spot)  ${endpoints.gateway}/api/v1 (accounts, keys, funds)`,
    `  WebSocket    ${ws}/ws  ${ws}/stream  ${ws}/ws-api/v3 (WebSocket API)`,
    `  gRPC         ${endpoints.grpc ?? 'not served by this gateway yet'}`,
  ];
  for (const service of endpoints.services) {
    lines.push(`  ${service.name.padEnd(12)} ${service.url}/metrics  ${service.url}/health/ready`);
  }
  if (!demo) return lines;
  lines.push(
    `  demo login   ${demo.webUser.email} / ${demo.webUser.password}`,
    `  bots         ${demo.traders.map((t) => t.email).join(', ')} (market maker, takers) on ${demo.markets.join(', ') || 'no market'}`,
    `  API keys     ${credentialsFile} (their web logins need MFA: node tools/run.cjs tools/loadgen/src/demo-main.ts code ${credentialsFile} <email>)`,
  );
  if (demo.missingMarkets.length > 0) lines.push(`  missing      markets ${demo.missingMarkets.join(', ')}`);
  if (demo.missingAssets.length > 0) lines.push(`  missing      assets ${demo.missingAssets.join(', ')}`);
  return lines;
}
