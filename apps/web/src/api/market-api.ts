import { type Level } from '../lib/order-book';
import { type ExchangeInfoSymbol, type MarketRules, toMarketRules } from '../lib/market-rules';
import { apiRequest } from './http';

export interface Ticker {
  symbol: string;
  lastPrice: string;
  priceChangePercent: string;
  openPrice: string;
  highPrice: string;
  lowPrice: string;
  volume: string;
  quoteVolume: string;
}

export interface DepthSnapshot {
  lastUpdateId: number;
  bids: Level[];
  asks: Level[];
}

export interface PublicTrade {
  id: number;
  price: string;
  qty: string;
  time: number;
  isBuyerMaker: boolean;
}

/** [openTime, open, high, low, close, volume, closeTime, ...] as Binance sends it. */
export type Kline = [number, string, string, string, string, string, number, ...unknown[]];

/** Binance's system status: 0 normal, 1 maintenance (a service behind the API is not ready). */
export interface SystemStatus {
  status: 0 | 1;
  msg: string;
}

export function fetchSystemStatus(): Promise<SystemStatus> {
  return apiRequest<SystemStatus>('/sapi/v1/system/status');
}

export async function fetchMarkets(): Promise<MarketRules[]> {
  const info = await apiRequest<{ symbols: ExchangeInfoSymbol[] }>('/api/v3/exchangeInfo');
  return info.symbols.map(toMarketRules);
}

export function fetchTickers(): Promise<Ticker[]> {
  return apiRequest<Ticker[]>('/api/v3/ticker/24hr');
}

/** The price change over a rolling window (`1h`, `4h`, ...) of each market, 100 markets a request. */
export async function fetchWindowChanges(
  symbols: string[],
  windowSize: string,
): Promise<{ symbol: string; priceChangePercent: string }[]> {
  const changes: { symbol: string; priceChangePercent: string }[] = [];
  for (let i = 0; i < symbols.length; i += 100) {
    changes.push(
      ...(await apiRequest<{ symbol: string; priceChangePercent: string }[]>('/api/v3/ticker', {
        query: { symbols: JSON.stringify(symbols.slice(i, i + 100)), windowSize },
      })),
    );
  }
  return changes;
}

export function fetchDepth(symbol: string, limit = 1000): Promise<DepthSnapshot> {
  return apiRequest<DepthSnapshot>('/api/v3/depth', { query: { symbol, limit } });
}

export function fetchTrades(symbol: string, limit = 50): Promise<PublicTrade[]> {
  return apiRequest<PublicTrade[]>('/api/v3/trades', { query: { symbol, limit } });
}

export function fetchKlines(symbol: string, interval: string, limit = 300): Promise<Kline[]> {
  return apiRequest<Kline[]>('/api/v3/klines', { query: { symbol, interval, limit } });
}
