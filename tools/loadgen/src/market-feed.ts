import WebSocket from 'ws';

import { sleep } from './sleep';

export interface TopOfBook {
  /** Best bid and ask prices as sent (decimal strings); undefined for an empty side. */
  bid?: string;
  ask?: string;
}

/** What the bots read about a market: its best prices and its last trade. */
export interface MarketView {
  top(symbol: string): TopOfBook | undefined;
  lastTrade(symbol: string): string | undefined;
}

const isZero = (price: string | undefined) => price === undefined || /^0(\.0*)?$/.test(price);

/**
 * Keeps the best bid/ask and last trade price of each market from Binance's combined stream
 * (`/stream?streams=<sym>@bookTicker/<sym>@trade/...`), so the bots need no REST call to look at a book.
 * Reconnects after a drop; until a market's first update it knows nothing (the bots then ask REST).
 */
export class WebSocketMarketFeed implements MarketView {
  private readonly tops = new Map<string, TopOfBook>();
  private readonly trades = new Map<string, string>();
  private socket?: WebSocket;

  constructor(
    private readonly url: string,
    private readonly onError: (message: string) => void = () => {},
  ) {}

  static streamUrl(wsBase: string, symbols: readonly string[]): string {
    const streams = symbols.flatMap((s) => [`${s.toLowerCase()}@bookTicker`, `${s.toLowerCase()}@trade`]);
    return `${wsBase.replace(/\/+$/, '')}/stream?streams=${streams.join('/')}`;
  }

  top(symbol: string): TopOfBook | undefined {
    return this.tops.get(symbol);
  }

  lastTrade(symbol: string): string | undefined {
    return this.trades.get(symbol);
  }

  /** Applies one frame of the combined stream; other frames (subscription replies) are ignored. */
  apply(frame: string): void {
    let message: { stream?: string; data?: Record<string, unknown> };
    try {
      message = JSON.parse(frame) as typeof message;
    } catch {
      return;
    }
    const data = message.data;
    if (!message.stream || !data || typeof data['s'] !== 'string') return;
    const symbol = data['s'];
    if (message.stream.endsWith('@bookTicker')) {
      const bid = data['b'] as string | undefined;
      const ask = data['a'] as string | undefined;
      this.tops.set(symbol, { bid: isZero(bid) ? undefined : bid, ask: isZero(ask) ? undefined : ask });
    } else if (message.stream.endsWith('@trade') && typeof data['p'] === 'string') {
      this.trades.set(symbol, data['p']);
    }
  }

  /** Connects and stays connected until `signal` aborts. Resolves once the first connection is open. */
  async run(signal: AbortSignal): Promise<void> {
    let opened: () => void;
    const firstOpen = new Promise<void>((resolve) => (opened = resolve));
    void (async () => {
      while (!signal.aborted) {
        await new Promise<void>((resolve) => {
          const socket = new WebSocket(this.url);
          this.socket = socket;
          socket.on('open', () => opened());
          socket.on('message', (data) => this.apply(data.toString()));
          socket.on('error', (error) => this.onError(`${this.url}: ${error.message}`));
          socket.on('close', () => resolve());
          signal.addEventListener('abort', () => socket.close(), { once: true });
        });
        // What we knew may be stale after a drop: forget it until the streams speak again.
        this.tops.clear();
        if (!signal.aborted) await sleep(1000, signal);
      }
    })();
    await Promise.race([firstOpen, sleep(10_000, signal)]);
  }

  close(): void {
    this.socket?.close();
  }
}
