import { KLINE_INTERVALS, type KlineInterval } from '@exchange/shared-contracts';

import { BinanceApiError, BinanceErrorCode, mandatory } from '../binance/binance-error-code';
import { integerValue } from '../binance/integer-value';

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
    return integerValue(name, this.raw(name), range);
  }

  /** `symbol` or `symbols`, one of them required (`/api/v3/ticker`, `/api/v3/ticker/tradingDay`). */
  someSymbols(): { symbols: string[]; one: boolean } {
    const { symbol, symbols } = this.symbolOrSymbols();
    if (symbol !== undefined) return { symbols: [symbol], one: true };
    if (symbols !== undefined) return { symbols, one: false };
    throw new BinanceApiError(
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      "Param 'symbol' or 'symbols' must be sent, but both were empty/null!",
    );
  }

  /** `windowSize`: 1m–59m, 1h–23h or 1d–7d (default 1d), in milliseconds. */
  windowSize(): number {
    const value = this.raw('windowSize') ?? '1d';
    const match = /^([1-9][0-9]?)([mhd])$/.exec(value);
    const n = match ? Number(match[1]) : 0;
    const unit = match?.[2];
    const max = unit === 'm' ? 59 : unit === 'h' ? 23 : 7;
    if (!match || n > max) {
      throw new BinanceApiError(
        BinanceErrorCode.ILLEGAL_CHARS,
        "Illegal characters found in parameter 'windowSize'; legal range is '1m-59m, 1h-23h, 1d-7d'.",
      );
    }
    return n * (unit === 'm' ? 60_000 : unit === 'h' ? 3_600_000 : 86_400_000);
  }

  /** `timeZone`: hours (`8`, `-3`) or hours:minutes (`05:45`, `-1:00`) from UTC, -12:00 to +14:00 (default 0). */
  timeZoneMinutes(): number {
    const value = this.raw('timeZone') ?? '0';
    const match = /^([+-]?)(\d{1,2})(?::(\d{2}))?$/.exec(value);
    const minutes = match ? Number(match[2]) * 60 + Number(match[3] ?? 0) : NaN;
    const offset = match?.[1] === '-' ? -minutes : minutes;
    if (!match || Number(match[3] ?? 0) > 59 || offset < -720 || offset > 840) {
      throw new BinanceApiError(
        BinanceErrorCode.ILLEGAL_CHARS,
        "Illegal characters found in parameter 'timeZone'; legal range is '-12:00' to '+14:00'.",
      );
    }
    return offset === 0 ? 0 : offset;
  }

  /** `type`: FULL (default) or MINI. */
  tickerType(): 'FULL' | 'MINI' {
    const value = this.raw('type') ?? 'FULL';
    if (value !== 'FULL' && value !== 'MINI') {
      throw new BinanceApiError(
        BinanceErrorCode.ILLEGAL_CHARS,
        "Illegal characters found in parameter 'type'; legal range is 'FULL, MINI'.",
      );
    }
    return value;
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
