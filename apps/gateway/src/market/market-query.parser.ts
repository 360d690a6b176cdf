import { KLINE_INTERVALS, type KlineInterval } from '@exchange/shared-contracts';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';

/** Reads Binance query-string parameters strictly: a malformed value is a -1100/-1102, never guessed at. */
export class MarketQueryParser {
  constructor(private readonly query: Record<string, unknown>) {}

  private raw(name: string): string | undefined {
    const value = this.query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw mandatory(name);
    return value;
  }

  symbol(): string {
    const value = this.raw('symbol');
    if (value === undefined || !/^[A-Z0-9]{2,24}$/.test(value)) throw mandatory('symbol');
    return value;
  }

  /** `symbols=["BTCUSDT","ETHBTC"]`, URL-encoded JSON as ccxt sends it. */
  symbols(): string[] | undefined {
    const value = this.raw('symbols');
    if (value === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw mandatory('symbols');
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 100) throw mandatory('symbols');
    if (!parsed.every((s) => typeof s === 'string' && /^[A-Z0-9]{2,24}$/.test(s))) throw mandatory('symbols');
    return parsed as string[];
  }

  /** `symbol`, `symbols` or neither (every market); Binance refuses both together. */
  symbolOrSymbols(): { symbol?: string; symbols?: string[] } {
    const one = this.raw('symbol') === undefined ? undefined : this.symbol();
    const list = this.symbols();
    if (one !== undefined && list !== undefined) {
      throw new BinanceApiError(
        BinanceErrorCode.COMBINATION_INVALID,
        'Combination of optional parameters invalid.',
      );
    }
    return { symbol: one, symbols: list };
  }

  integer(name: string, range: { min: number; max: number }): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (!/^\d{1,20}$/.test(value)) {
      throw new BinanceApiError(
        BinanceErrorCode.ILLEGAL_CHARS,
        `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`,
      );
    }
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
      throw new BinanceApiError(
        BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        `Parameter '${name}' must be from ${range.min} to ${range.max}.`,
      );
    }
    return n;
  }

  interval(): KlineInterval {
    const value = this.raw('interval');
    if (value === undefined) throw mandatory('interval');
    if (!(KLINE_INTERVALS as readonly string[]).includes(value)) {
      throw new BinanceApiError(BinanceErrorCode.BAD_INTERVAL, 'Invalid interval.');
    }
    return value as KlineInterval;
  }
}

function mandatory(name: string): BinanceApiError {
  return new BinanceApiError(
    BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
    `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`,
  );
}
