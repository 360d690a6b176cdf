import { Injectable } from '@nestjs/common';

import { marketsReplySchema, WALLET_SUBJECTS, type WalletMarket } from '@exchange/shared-contracts';
import { createMarketScale, type MarketScale } from '@exchange/shared-domain-money';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ClockRepository } from '../general/clock.repository';
import { ServiceClientRepository } from '../services/service-client.repository';

/** Reference data changes rarely (listings, halts); the wallet re-checks every order anyway. */
const TTL_MS = 2_000;

export interface TradingMarket {
  /** Binance's name, e.g. `BTCUSDT`. */
  binanceSymbol: string;
  market: WalletMarket;
  scale: MarketScale;
}

/** The wallet's markets by Binance symbol, kept for a moment in-process (`wallet.query.markets.v1`). */
@Injectable()
export class MarketCatalogRepository {
  private bySymbol = new Map<string, TradingMarket>();
  private until = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly services: ServiceClientRepository,
    private readonly clock: ClockRepository,
  ) {}

  /** The market of a Binance symbol; -1121 for one we do not list. */
  async bySymbolOrThrow(symbol: string): Promise<TradingMarket> {
    await this.fresh();
    const market = this.bySymbol.get(symbol);
    if (!market) throw new BinanceApiError(BinanceErrorCode.BAD_SYMBOL, 'Invalid symbol.');
    return market;
  }

  async all(): Promise<TradingMarket[]> {
    await this.fresh();
    return [...this.bySymbol.values()];
  }

  private async fresh(): Promise<void> {
    if (this.clock.nowMs() < this.until) return;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  private async load(): Promise<void> {
    const { markets } = await this.services.request(WALLET_SUBJECTS.query.markets, {}, marketsReplySchema);
    const bySymbol = new Map<string, TradingMarket>();
    for (const market of markets) {
      const scale = createMarketScale({
        base: { code: market.base, decimals: market.baseDecimals },
        quote: { code: market.quote, decimals: market.quoteDecimals },
        tickSize: market.tickSize,
        stepSize: market.stepSize,
      });
      if (!scale.ok) throw new Error(`market ${market.symbol} has a bad grid: ${scale.message}`);
      const entry = { binanceSymbol: `${market.base}${market.quote}`, market, scale: scale.value };
      bySymbol.set(entry.binanceSymbol, entry);
    }
    this.bySymbol = bySymbol;
    this.until = this.clock.nowMs() + TTL_MS;
  }
}
