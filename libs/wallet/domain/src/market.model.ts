import {
  type AssetScale,
  createFeeSchedule,
  createMarketScale,
  err,
  type FeeSchedule,
  type MarketScale,
  type MoneyErrorCode,
  ok,
  type Result,
} from '@exchange/shared-domain-money';

import { WalletErrorCode } from './wallet-error-code.enum';

/** What the ledger needs to know about a market: its grid and its fees. */
export interface Market {
  readonly symbol: string;
  readonly scale: MarketScale;
  readonly fees: FeeSchedule;
}

export interface MarketConfig {
  readonly symbol: string;
  readonly base: AssetScale;
  readonly quote: AssetScale;
  readonly tickSize: string;
  readonly stepSize: string;
  readonly makerFeePpm: number;
  readonly takerFeePpm: number;
}

export const MARKET_SYMBOL_PATTERN = /^[A-Z0-9]{1,20}-[A-Z0-9]{1,20}$/;

export function createMarket(config: MarketConfig): Result<Market, WalletErrorCode | MoneyErrorCode> {
  if (typeof config.symbol !== 'string' || !MARKET_SYMBOL_PATTERN.test(config.symbol)) {
    return err(WalletErrorCode.INVALID_MARKET, `market symbol must look like BTC-USDT`);
  }
  const scale = createMarketScale(config);
  if (!scale.ok) return scale;
  const fees = createFeeSchedule({ makerPpm: config.makerFeePpm, takerPpm: config.takerFeePpm });
  if (!fees.ok) return fees;
  return ok(Object.freeze({ symbol: config.symbol, scale: scale.value, fees: fees.value }));
}
