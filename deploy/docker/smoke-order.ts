// The chart's `helm test` hook (charts/exchange/templates/tests/smoke-order-pod.yaml): places one
// resting LIMIT order through the gateway's Binance-style REST API with an API key of a test account,
// then cancels it, and exits 0 only when both succeeded.
//
//   node tools/run.cjs deploy/docker/smoke-order.ts
//
// Environment: GATEWAY_URL (e.g. http://exchange-gateway:8080), SMOKE_API_KEY and SMOKE_API_SECRET
// (an HMAC key with TRADE permission, from a Secret), SMOKE_SYMBOL (BTCUSDT), SMOKE_SIDE (BUY),
// SMOKE_PRICE and SMOKE_QUANTITY (decimal strings: a price far from the market, so that the order
// rests and holds little), SMOKE_TIMEOUT_MS (per request, default 10000).
// Exit codes: 0 placed and cancelled, 1 the exchange refused or did not answer, 2 bad environment.
import { createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export interface SmokeSettings {
  gatewayUrl: string;
  apiKey: string;
  apiSecret: string;
  symbol: string;
  side: 'BUY' | 'SELL';
  price: string;
  quantity: string;
  timeoutMs: number;
}

const DECIMAL = /^\d+(\.\d+)?$/;

export function settingsFrom(env: NodeJS.ProcessEnv): SmokeSettings {
  const missing = [
    'GATEWAY_URL',
    'SMOKE_API_KEY',
    'SMOKE_API_SECRET',
    'SMOKE_PRICE',
    'SMOKE_QUANTITY',
  ].filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`not set: ${missing.join(', ')}`);
  const side = (env['SMOKE_SIDE'] ?? 'BUY').toUpperCase();
  if (side !== 'BUY' && side !== 'SELL') throw new Error(`SMOKE_SIDE must be BUY or SELL, got ${side}`);
  for (const name of ['SMOKE_PRICE', 'SMOKE_QUANTITY']) {
    if (!DECIMAL.test(env[name] ?? '')) throw new Error(`${name} must be a decimal string, got ${env[name]}`);
  }
  return {
    gatewayUrl: (env['GATEWAY_URL'] ?? '').replace(/\/+$/, ''),
    apiKey: env['SMOKE_API_KEY'] ?? '',
    apiSecret: env['SMOKE_API_SECRET'] ?? '',
    symbol: env['SMOKE_SYMBOL'] ?? 'BTCUSDT',
    side,
    price: env['SMOKE_PRICE'] ?? '',
    quantity: env['SMOKE_QUANTITY'] ?? '',
    timeoutMs: Number(env['SMOKE_TIMEOUT_MS'] ?? 10_000),
  };
}

/** One signed call: the HMAC-SHA256 signature over the exact query string, as Binance's SIGNED endpoints take it. */
async function signed(
  settings: SmokeSettings,
  method: 'POST' | 'DELETE',
  path: string,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = new URLSearchParams({
    ...params,
    timestamp: String(Date.now()),
    recvWindow: '10000',
  }).toString();
  const signature = createHmac('sha256', settings.apiSecret).update(query).digest('hex');
  const response = await fetch(`${settings.gatewayUrl}${path}?${query}&signature=${signature}`, {
    method,
    headers: { 'X-MBX-APIKEY': settings.apiKey },
    signal: AbortSignal.timeout(settings.timeoutMs),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text.slice(0, 500) };
  }
  return { status: response.status, body };
}

/** Places and cancels one order; returns what happened, line by line. */
export async function smokeOrder(settings: SmokeSettings, log: (line: string) => void): Promise<boolean> {
  const clientOrderId = `helm-test-${randomBytes(6).toString('hex')}`;
  const placed = await signed(settings, 'POST', '/api/v3/order', {
    symbol: settings.symbol,
    side: settings.side,
    type: 'LIMIT',
    timeInForce: 'GTC',
    price: settings.price,
    quantity: settings.quantity,
    newClientOrderId: clientOrderId,
    newOrderRespType: 'ACK',
  });
  if (placed.status !== 200) {
    log(
      `place ${settings.symbol} ${settings.side} ${settings.quantity}@${settings.price}: HTTP ${placed.status} ${JSON.stringify(placed.body)}`,
    );
    return false;
  }
  log(
    `placed ${settings.symbol} ${settings.side} ${settings.quantity}@${settings.price}: orderId ${String(placed.body['orderId'])} (${clientOrderId})`,
  );
  // The engine takes the order asynchronously after the ACK: retry the cancel while it is not known yet.
  const deadline = Date.now() + settings.timeoutMs * 3;
  for (;;) {
    const cancelled = await signed(settings, 'DELETE', '/api/v3/order', {
      symbol: settings.symbol,
      origClientOrderId: clientOrderId,
    });
    if (cancelled.status === 200 && cancelled.body['status'] === 'CANCELED') {
      log(`cancelled ${clientOrderId}`);
      return true;
    }
    const unknownYet = cancelled.status === 400 && cancelled.body['code'] === -2011;
    if (!unknownYet || Date.now() > deadline) {
      log(`cancel ${clientOrderId}: HTTP ${cancelled.status} ${JSON.stringify(cancelled.body)}`);
      return false;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}

async function main(): Promise<number> {
  let settings: SmokeSettings;
  try {
    settings = settingsFrom(process.env);
  } catch (error) {
    process.stderr.write(`smoke-order: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    return (await smokeOrder(settings, (text) => process.stdout.write(`${text}\n`))) ? 0 : 1;
  } catch (error) {
    process.stderr.write(`smoke-order: ${settings.gatewayUrl}: ${(error as Error).message}\n`);
    return 1;
  }
}

// Run as a program (tools/run.cjs sets argv[1] to this file), not when a test imports it.
if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  void main().then((code) => process.exit(code));
}
