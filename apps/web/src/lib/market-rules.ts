/** A market's trading rules as the app uses them, read from `/api/v3/exchangeInfo`. */
export interface MarketRules {
  readonly symbol: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly baseDecimals: number;
  readonly quoteDecimals: number;
  readonly tickSize: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  readonly stepSize: string;
  readonly minQty: string;
  readonly maxQty: string;
  readonly minNotional: string;
  readonly orderTypes: readonly string[];
}

export interface ExchangeInfoSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  baseAssetPrecision: number;
  quotePrecision: number;
  orderTypes: string[];
  filters: Record<string, unknown>[];
}

function filterField(symbol: ExchangeInfoSymbol, type: string, field: string, fallback: string): string {
  const filter = symbol.filters.find((f) => f['filterType'] === type);
  const value = filter?.[field];
  return typeof value === 'string' ? value : fallback;
}

export function toMarketRules(symbol: ExchangeInfoSymbol): MarketRules {
  return {
    symbol: symbol.symbol,
    status: symbol.status,
    baseAsset: symbol.baseAsset,
    quoteAsset: symbol.quoteAsset,
    baseDecimals: symbol.baseAssetPrecision,
    quoteDecimals: symbol.quotePrecision,
    tickSize: filterField(symbol, 'PRICE_FILTER', 'tickSize', '0'),
    minPrice: filterField(symbol, 'PRICE_FILTER', 'minPrice', '0'),
    maxPrice: filterField(symbol, 'PRICE_FILTER', 'maxPrice', '0'),
    stepSize: filterField(symbol, 'LOT_SIZE', 'stepSize', '0'),
    minQty: filterField(symbol, 'LOT_SIZE', 'minQty', '0'),
    maxQty: filterField(symbol, 'LOT_SIZE', 'maxQty', '0'),
    minNotional: filterField(
      symbol,
      'NOTIONAL',
      'minNotional',
      filterField(symbol, 'MIN_NOTIONAL', 'minNotional', '0'),
    ),
    orderTypes: symbol.orderTypes,
  };
}
