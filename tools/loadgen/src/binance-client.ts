import { type Params, signedQuery } from './signing';

/** A Binance-style error reply (`{"code":-2010,"msg":"..."}`), or a transport failure (`code` = `network`). */
export class BinanceApiError extends Error {
  override name = 'BinanceApiError';

  constructor(
    readonly httpStatus: number,
    readonly code: number | 'network' | 'http',
    message: string,
  ) {
    super(message);
  }

  /** The key errors are counted under in the stats: the Binance code, else `http_<status>`, else `network`. */
  get statsKey(): string {
    return typeof this.code === 'number'
      ? String(this.code)
      : this.code === 'http'
        ? `http_${this.httpStatus}`
        : 'network';
  }
}

export interface Credentials {
  apiKey: string;
  secret: string;
}

/** Sees every request's outcome; the stats use it for counts and latencies. */
export interface RequestObserver {
  completed(endpoint: string, elapsedMs: number, error?: BinanceApiError): void;
}

export interface OrderReply {
  symbol: string;
  orderId: number;
  clientOrderId: string;
  price: string;
  origQty: string;
  executedQty: string;
  status: string;
  side: 'BUY' | 'SELL';
  type: string;
}

export interface BalanceLine {
  asset: string;
  free: string;
  locked: string;
}

interface ClientOptions {
  baseUrl: string;
  credentials?: Credentials;
  recvWindowMs?: number;
  timeoutMs?: number;
  observer?: RequestObserver;
}

/**
 * A Binance Spot REST client for the exchange's gateway (or Binance itself): public GETs, and signed requests
 * with the `X-MBX-APIKEY` header, GET/DELETE parameters in the query and POST parameters in a form-encoded body.
 */
export class BinanceRestClient {
  private readonly baseUrl: string;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  exchangeInfo(): Promise<unknown> {
    return this.request('GET', '/api/v3/exchangeInfo', []);
  }

  async lastTradePrice(symbol: string): Promise<string | undefined> {
    const trades = await this.request<{ price: string }[]>('GET', '/api/v3/trades', [
      ['symbol', symbol],
      ['limit', '1'],
    ]);
    return trades.at(-1)?.price;
  }

  trades(symbol: string, limit: number): Promise<{ id: number; price: string; qty: string; time: number }[]> {
    return this.request('GET', '/api/v3/trades', [
      ['symbol', symbol],
      ['limit', String(limit)],
    ]);
  }

  depth(symbol: string, limit: number): Promise<{ bids: [string, string][]; asks: [string, string][] }> {
    return this.request('GET', '/api/v3/depth', [
      ['symbol', symbol],
      ['limit', String(limit)],
    ]);
  }

  placeOrder(params: Params): Promise<OrderReply> {
    return this.request('POST', '/api/v3/order', params, true);
  }

  cancelOrder(symbol: string, orderId: number): Promise<OrderReply> {
    return this.request(
      'DELETE',
      '/api/v3/order',
      [
        ['symbol', symbol],
        ['orderId', String(orderId)],
      ],
      true,
    );
  }

  /** Binance's keep-priority amend: the order's new total quantity `newQty`, below the current one. */
  amendOrderKeepPriority(
    symbol: string,
    orderId: number,
    newQty: string,
  ): Promise<{ amendedOrder: OrderReply }> {
    return this.request(
      'PUT',
      '/api/v3/order/amend/keepPriority',
      [
        ['symbol', symbol],
        ['orderId', String(orderId)],
        ['newQty', newQty],
      ],
      true,
    );
  }

  openOrders(symbol: string): Promise<OrderReply[]> {
    return this.request('GET', '/api/v3/openOrders', [['symbol', symbol]], true);
  }

  account(): Promise<{ balances: BalanceLine[] }> {
    return this.request('GET', '/api/v3/account', [], true);
  }

  async request<T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    params: Params,
    signed = false,
  ): Promise<T> {
    const headers: Record<string, string> = {};
    let query = new URLSearchParams(params.map(([k, v]) => [k, v] as [string, string])).toString();
    let body: string | undefined;
    if (signed) {
      const credentials = this.options.credentials;
      if (!credentials) throw new Error(`${method} ${path} needs an API key and secret`);
      headers['X-MBX-APIKEY'] = credentials.apiKey;
      query = signedQuery(params, credentials.secret, Date.now(), this.options.recvWindowMs ?? 5000);
    }
    // A signed form body for POST and PUT, as ccxt sends them; the query string otherwise.
    if (method === 'POST' || method === 'PUT') {
      body = query;
      query = '';
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const url = `${this.baseUrl}${path}${query ? `?${query}` : ''}`;
    const endpoint = `${method} ${path}`;
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      text = await response.text();
    } catch (cause) {
      const error = new BinanceApiError(0, 'network', `${endpoint}: ${(cause as Error).message}`);
      this.options.observer?.completed(endpoint, performance.now() - started, error);
      throw error;
    }
    const elapsed = performance.now() - started;
    if (!response.ok) {
      const error = toError(endpoint, response.status, text);
      this.options.observer?.completed(endpoint, elapsed, error);
      throw error;
    }
    this.options.observer?.completed(endpoint, elapsed);
    return JSON.parse(text) as T;
  }
}

function toError(endpoint: string, status: number, text: string): BinanceApiError {
  try {
    const body = JSON.parse(text) as { code?: unknown; msg?: unknown };
    if (typeof body.code === 'number')
      return new BinanceApiError(status, body.code, `${endpoint}: ${String(body.msg)}`);
  } catch {
    // not JSON: reported by status below
  }
  return new BinanceApiError(status, 'http', `${endpoint}: HTTP ${status} ${text.slice(0, 200)}`);
}
