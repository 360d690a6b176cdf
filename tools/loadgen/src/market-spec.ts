import { type DecimalParts, formatDecimal, parseDecimalParts, pow10 } from '@exchange/shared-domain-money';

/**
 * One market's trading rules from `GET /api/v3/exchangeInfo`, as exact decimals. Prices are handled as a
 * whole number of ticks and quantities as a whole number of lots (steps), both `bigint`, so nothing the bots
 * send is ever a float.
 */
export interface MarketSpec {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSize: DecimalParts;
  stepSize: DecimalParts;
  minQty: DecimalParts;
  minNotional: DecimalParts;
}

export class ExchangeInfoError extends Error {
  override name = 'ExchangeInfoError';
}

interface SymbolInfo {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  filters: { filterType: string; [key: string]: unknown }[];
}

/** Parses a positive decimal string; throws naming the field when it is not one. */
export function positiveDecimal(text: unknown, what: string): DecimalParts {
  const parsed = parseDecimalParts(text);
  if (!parsed.ok) throw new ExchangeInfoError(`${what}: ${parsed.message}`);
  if (parsed.value.digits === 0n) throw new ExchangeInfoError(`${what}: must be above zero`);
  return parsed.value;
}

function nonNegativeDecimal(text: unknown, what: string): DecimalParts {
  const parsed = parseDecimalParts(text);
  if (!parsed.ok) throw new ExchangeInfoError(`${what}: ${parsed.message}`);
  return parsed.value;
}

/** The `TRADING` markets of an exchangeInfo reply, by symbol (`BTCUSDT`). */
export function marketSpecs(exchangeInfo: unknown): Map<string, MarketSpec> {
  const symbols = (exchangeInfo as { symbols?: SymbolInfo[] } | null)?.symbols;
  if (!Array.isArray(symbols)) throw new ExchangeInfoError('exchangeInfo has no symbols array');
  const specs = new Map<string, MarketSpec>();
  for (const info of symbols) {
    if (info.status !== 'TRADING') continue;
    const filter = (type: string) => info.filters.find((f) => f.filterType === type);
    const price = filter('PRICE_FILTER');
    const lot = filter('LOT_SIZE');
    const notional = filter('NOTIONAL') ?? filter('MIN_NOTIONAL');
    if (!price || !lot) throw new ExchangeInfoError(`${info.symbol}: PRICE_FILTER or LOT_SIZE missing`);
    specs.set(info.symbol, {
      symbol: info.symbol,
      baseAsset: info.baseAsset,
      quoteAsset: info.quoteAsset,
      tickSize: positiveDecimal(price['tickSize'], `${info.symbol} tickSize`),
      stepSize: positiveDecimal(lot['stepSize'], `${info.symbol} stepSize`),
      minQty: nonNegativeDecimal(lot['minQty'] ?? '0', `${info.symbol} minQty`),
      minNotional: nonNegativeDecimal(notional?.['minNotional'] ?? '0', `${info.symbol} minNotional`),
    });
  }
  return specs;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** `value` expressed as a count of `unit`s, rounded down (`floor`) or up (`ceil`). */
export function countOf(value: DecimalParts, unit: DecimalParts, rounding: 'floor' | 'ceil'): bigint {
  // value / unit = (v.digits / 10^v.scale) / (u.digits / 10^u.scale) = v.digits·10^u.scale / (u.digits·10^v.scale)
  const numerator = value.digits * pow10(unit.scale);
  const denominator = unit.digits * pow10(value.scale);
  return rounding === 'floor' ? numerator / denominator : ceilDiv(numerator, denominator);
}

/** The decimal string of `count` units, trimmed as Binance clients send it (`30000.01`, `0.001`). */
export function formatCount(count: bigint, unit: DecimalParts): string {
  return formatDecimal(count * unit.digits, unit.scale, { trailingZeros: 'trim' });
}

export const formatPrice = (spec: MarketSpec, ticks: bigint) => formatCount(ticks, spec.tickSize);
export const formatQuantity = (spec: MarketSpec, lots: bigint) => formatCount(lots, spec.stepSize);

/** A decimal price string as ticks; a price between ticks rounds down. */
export function priceTicks(spec: MarketSpec, price: string): bigint {
  return countOf(positiveDecimal(price, `${spec.symbol} price`), spec.tickSize, 'floor');
}

/** A decimal quantity string as lots, rounded down. */
export function quantityLots(spec: MarketSpec, quantity: string): bigint {
  return countOf(nonNegativeDecimal(quantity, `${spec.symbol} quantity`), spec.stepSize, 'floor');
}

/** The fewest lots an order at `ticks` may have: at least `minQty`, and price × quantity at least `minNotional`. */
export function minimumLots(spec: MarketSpec, ticks: bigint): bigint {
  if (ticks <= 0n) throw new ExchangeInfoError(`${spec.symbol}: price must be at least one tick`);
  const byQuantity = countOf(spec.minQty, spec.stepSize, 'ceil');
  // ticks·tick × lots·step ≥ minNotional  ⇔  lots ≥ minNotional / (ticks·tick·step)
  const { tickSize: t, stepSize: s, minNotional: n } = spec;
  const byNotional = ceilDiv(
    n.digits * pow10(t.scale + s.scale),
    ticks * t.digits * s.digits * pow10(n.scale),
  );
  const lots = byQuantity > byNotional ? byQuantity : byNotional;
  return lots > 0n ? lots : 1n;
}
