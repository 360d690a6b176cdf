import { createServer, type Server } from 'node:http';

import { render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket, type WebSocket as ServerSocket, WebSocketServer } from 'ws';

import { type StreamClient as StreamClientClass } from '../api/stream-client';
import { type AppProvider as AppProviderFn } from '../app-context';
import { type MarketsPage as MarketsPageFn } from './markets-page';

/**
 * The markets list against stand-ins for the gateway: an HTTP server answering exchangeInfo and the 24h tickers, and
 * a WebSocket server acknowledging `@ticker` subscriptions and pushing a ticker event.
 */
let http: Server;
let wss: WebSocketServer;
const sockets: ServerSocket[] = [];
const subscribed: string[] = [];
/** The rolling-window ticker requests: `symbols windowSize`. */
const hourRequests: string[] = [];
/** ETHBTC's change over the last hour as the stand-in's REST answers it: the same as its last pushed event. */
let ethHourChange = '-0.500';
let AppProvider: typeof AppProviderFn;
let MarketsPage: typeof MarketsPageFn;
let StreamClient: typeof StreamClientClass;
let wsUrl: string;

function market(symbol: string, base: string, quote: string, basePrecision: number, quotePrecision: number) {
  return {
    symbol,
    status: 'TRADING',
    baseAsset: base,
    quoteAsset: quote,
    baseAssetPrecision: basePrecision,
    quotePrecision,
    orderTypes: ['LIMIT'],
    filters: [{ filterType: 'PRICE_FILTER', tickSize: '0.01', minPrice: '0.01', maxPrice: '1000000' }],
  };
}

const TICKERS = [
  {
    symbol: 'BTCUSDT',
    lastPrice: '30000.00',
    priceChangePercent: '1.50',
    openPrice: '29556.65',
    highPrice: '30000.00',
    lowPrice: '29000.00',
    volume: '0.00100000',
    quoteVolume: '30.000000',
  },
  {
    symbol: 'ETHBTC',
    lastPrice: '0.05',
    priceChangePercent: '-2.00',
    openPrice: '0.051',
    highPrice: '0.051',
    lowPrice: '0.05',
    volume: '1234.5678',
    quoteVolume: '61.72839000',
  },
];

beforeAll(async () => {
  http = createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/api/v3/exchangeInfo') {
      res.end(
        JSON.stringify({
          symbols: [market('BTCUSDT', 'BTC', 'USDT', 8, 6), market('ETHBTC', 'ETH', 'BTC', 4, 8)],
        }),
      );
    } else if (req.url === '/api/v3/ticker/24hr') {
      res.end(JSON.stringify(TICKERS));
    } else if (req.url?.startsWith('/api/v3/ticker?')) {
      const url = new URL(req.url, 'http://stand-in');
      hourRequests.push(`${url.searchParams.get('symbols')} ${url.searchParams.get('windowSize')}`);
      res.end(
        JSON.stringify([
          { symbol: 'BTCUSDT', priceChangePercent: '0.250' },
          { symbol: 'ETHBTC', priceChangePercent: ethHourChange },
        ]),
      );
    } else {
      res.writeHead(404);
      res.end(JSON.stringify({ code: -1000, msg: 'not here' }));
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  wss = new WebSocketServer({ port: 0 });
  wss.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { method: string; params: string[]; id: number };
      if (request.method === 'SUBSCRIBE') subscribed.push(...request.params);
      socket.send(JSON.stringify({ result: null, id: request.id }));
    });
  });
  wsUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/stream`;
  const { port } = http.address() as { port: number };
  (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG = { apiBaseUrl: `http://127.0.0.1:${port}` };
  vi.resetModules();
  ({ AppProvider } = await import('../app-context'));
  ({ MarketsPage } = await import('./markets-page'));
  ({ StreamClient } = await import('../api/stream-client'));
});

afterAll(async () => {
  delete (globalThis as { EXCHANGE_CONFIG?: unknown }).EXCHANGE_CONFIG;
  for (const socket of sockets) socket.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await new Promise((resolve) => http.close(resolve));
});

const volumeOf = (name: RegExp) =>
  within(screen.getByRole('row', { name })).getAllByRole('cell').at(-1)!.textContent;
/** The row's 1h and 24h change cells. */
const changesOf = (name: RegExp) =>
  within(screen.getByRole('row', { name }))
    .getAllByRole('cell')
    .slice(1, 3)
    .map((cell) => cell.textContent);

describe('MarketsPage', () => {
  it("shows each market's 24h volume in its base and quote assets' precision, live from the ticker stream", async () => {
    const stream = new StreamClient(wsUrl, WebSocket as unknown as new (url: string) => globalThis.WebSocket);
    render(
      <AppProvider stream={stream}>
        <MarketsPage />
      </AppProvider>,
    );
    await screen.findByText('0.001 BTC');
    expect(volumeOf(/BTC\/USDT/)).toBe('0.001 BTC · 30 USDT');
    // ETH has 4 digits here: 1234.5678 stays whole; the quote BTC at 8 digits drops its trailing zeros.
    expect(volumeOf(/ETH\/BTC/)).toBe('1,234.5678 ETH · 61.72839 BTC');

    await waitFor(() => expect(subscribed).toContain('btcusdt@ticker'));
    const socket = sockets.at(-1)!;
    socket.send(
      JSON.stringify({
        stream: 'btcusdt@ticker',
        data: {
          s: 'BTCUSDT',
          c: '30100.00',
          o: '29556.65',
          h: '30100',
          l: '29000',
          v: '0.00250000',
          q: '75.2500009',
          P: '1.84',
        },
      }),
    );
    await screen.findByText('0.0025 BTC');
    expect(volumeOf(/BTC\/USDT/)).toBe('0.0025 BTC · 75.25 USDT');
  });

  it("shows each market's change over the last hour, from /api/v3/ticker, then live from @ticker_1h", async () => {
    const stream = new StreamClient(wsUrl, WebSocket as unknown as new (url: string) => globalThis.WebSocket);
    render(
      <AppProvider stream={stream}>
        <MarketsPage />
      </AppProvider>,
    );
    await screen.findByText('+0.25 %');
    expect(changesOf(/BTC\/USDT/)).toEqual(['+0.25 %', '+1.50 %']);
    expect(changesOf(/ETH\/BTC/)).toEqual(['−0.50 %', '−2.00 %']);
    expect(hourRequests).toContain('["BTCUSDT","ETHBTC"] 1h');

    await waitFor(() => expect(subscribed).toContain('ethbtc@ticker_1h'));
    // As a real gateway: a REST read after the change answers it too (a reload on the stream's ack may race the event).
    ethHourChange = '0.750';
    sockets.at(-1)!.send(
      JSON.stringify({
        stream: 'ethbtc@ticker_1h',
        data: { e: '1hTicker', s: 'ETHBTC', P: '0.750', c: '0.05' },
      }),
    );
    await screen.findByText('+0.75 %');
    expect(changesOf(/ETH\/BTC/)).toEqual(['+0.75 %', '−2.00 %']);
  });
});
