import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { type PlaceOrderRequest } from '@exchange/shared-contracts-grpc';

import { PartnerCallError, PartnerClient } from './partner-client';

const USAGE = `usage: node tools/run.cjs tools/partner-client/src/main.ts [options]
  --target HOST:PORT        the gateway's gRPC address (127.0.0.1:9090)
  --credentials FILE        tools/dev's .data/demo-credentials.json; with --trader N (0)
  --api-key KEY --api-secret SECRET   an HMAC key with TRADE and READ instead
  --symbol BTCUSDT --side BUY|SELL --type LIMIT|MARKET --quantity 0.001 [--price 30000]
  --seconds N               how long to stream fills after placing (30); stops early once the order has ended
  --tls                     TLS with the system roots
Places one order, prints it and each fill of the account as JSON lines, and cancels what is left at the end.`;

/** The key from --api-key/--api-secret or from the demo credentials file. */
/** Still on the book or waiting for its trigger (a waiting stop is open but not `isWorking`). */
function isOpen(order: { status?: unknown }): boolean {
  return order.status === 'ORDER_STATUS_NEW' || order.status === 'ORDER_STATUS_PARTIALLY_FILLED';
}

function keyOf(values: Record<string, string | boolean | undefined>): { apiKey: string; secret: string } {
  if (typeof values['api-key'] === 'string' && typeof values['api-secret'] === 'string') {
    return { apiKey: values['api-key'], secret: values['api-secret'] };
  }
  const file =
    typeof values['credentials'] === 'string' ? values['credentials'] : '.data/demo-credentials.json';
  const traders = (
    JSON.parse(readFileSync(file, 'utf8')) as { traders?: { apiKey: string; secret: string }[] }
  ).traders;
  const trader = traders?.[Number(values['trader'] ?? 0)];
  if (!trader) throw new Error(`${file} has no trader ${String(values['trader'] ?? 0)}`);
  return { apiKey: trader.apiKey, secret: trader.secret };
}

export async function main(argv: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string', default: '127.0.0.1:9090' },
      credentials: { type: 'string' },
      trader: { type: 'string' },
      'api-key': { type: 'string' },
      'api-secret': { type: 'string' },
      symbol: { type: 'string', default: 'BTCUSDT' },
      side: { type: 'string', default: 'BUY' },
      type: { type: 'string', default: 'LIMIT' },
      quantity: { type: 'string', default: '0.001' },
      price: { type: 'string' },
      seconds: { type: 'string', default: '30' },
      tls: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(USAGE);
    return 0;
  }
  const client = new PartnerClient(values.target, keyOf(values), { tls: values.tls });
  const log = (event: string, data: object) => out(JSON.stringify({ event, ...data }));
  let orderId: string | undefined;
  let ended: () => void = () => undefined;
  const orderEnded = new Promise<void>((resolve) => (ended = resolve));
  try {
    const stop = await client.streamFills({
      onFill: (fill) => log('fill', fill),
      onOrder: (update) => {
        if (update.order && update.order.orderId === orderId && !isOpen(update.order)) ended();
      },
      onEnd: (error) => error && log('stream-ended', { code: error.code, message: error.message }),
    });
    const request: PlaceOrderRequest = {
      symbol: values.symbol,
      side: `SIDE_${values.side}` as PlaceOrderRequest['side'],
      type: `ORDER_TYPE_${values.type}` as PlaceOrderRequest['type'],
      ...(values.type === 'LIMIT' && { timeInForce: 'TIME_IN_FORCE_GTC' as const }),
      quantity: values.quantity,
      ...(values.price && { price: values.price }),
      responseType: 'RESPONSE_TYPE_FULL',
    };
    const placed = await client.placeOrder(request);
    orderId = placed.order?.orderId;
    log('placed', { order: placed.order, fills: placed.fills });
    if (placed.order && isOpen(placed.order)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        orderEnded,
        new Promise((resolve) => (timer = setTimeout(resolve, Number(values.seconds) * 1000))),
      ]);
      clearTimeout(timer);
    }
    const open = await client.openOrders(values.symbol);
    if (orderId && open.orders.some((o) => o.orderId === orderId)) {
      log('cancelled', { order: (await client.cancelOrder(values.symbol, orderId)).order });
    }
    stop();
    return 0;
  } catch (error) {
    if (!(error instanceof PartnerCallError)) throw error;
    log('error', { code: error.code, message: error.message, reason: error.details?.errorInfo?.reason });
    return 1;
  } finally {
    client.close();
  }
}

if (process.argv[1] === __filename) {
  main(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
