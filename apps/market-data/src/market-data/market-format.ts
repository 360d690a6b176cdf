import {
  createMarketScale,
  fillQuoteUnits,
  formatBinanceDecimal,
  formatDecimal,
  lotsToBaseUnits,
  type MarketScale,
  parseDecimal,
  pow10,
  priceToTicks,
  quantityToLots,
} from '@exchange/shared-domain-money';

import { type MarketConfig } from '../config/market-data.config';

const PRICE_CACHE_SIZE = 16_384;
const QUANTITY_CACHE_SIZE = 16_384;

/** Turns a market's integer ticks, lots and quote minor units into Binance decimal strings (≥ 8 fraction digits) and back. */
export class MarketFormat {
  readonly market: string;
  readonly symbol: string;
  /** Formatted prices by tick, emptied when full (bounded memory, no eviction bookkeeping). */
  private readonly prices = new Map<number, string>();
  /** Formatted quantities by lots (numbers only), emptied when full. */
  private readonly quantities = new Map<number, string>();

  private constructor(
    config: MarketConfig,
    readonly scale: MarketScale,
  ) {
    this.market = config.market;
    this.symbol = config.market.replace('-', '');
  }

  static create(config: MarketConfig): MarketFormat {
    const [base, quote] = config.market.split('-') as [string, string];
    const scale = createMarketScale({
      base: { code: base, decimals: config.baseDecimals },
      quote: { code: quote, decimals: config.quoteDecimals },
      tickSize: config.tickSize,
      stepSize: config.stepSize,
    });
    if (!scale.ok) throw new Error(`market ${config.market}: ${scale.message}`);
    return new MarketFormat(config, scale.value);
  }

  price(ticks: number): string {
    // Prices repeat (a book's levels, trades at them, candles): each is formatted once while the cache lasts.
    let text = this.prices.get(ticks);
    if (text === undefined) {
      text = formatDecimal(BigInt(ticks) * this.scale.tickUnits, this.scale.tickScale, {
        trailingZeros: 'trim',
        minFractionDigits: 8,
      });
      if (this.prices.size >= PRICE_CACHE_SIZE) this.prices.clear();
      this.prices.set(ticks, text);
    }
    return text;
  }

  quantity(lots: number | bigint): string {
    if (typeof lots === 'bigint') return this.formatQuantity(lots);
    // Level totals and trade sizes repeat too (round sizes, a level's total after a fill elsewhere): cached by lots
    // like prices; formatting allocated about a tenth of the ingest's garbage (a bigint and seven strings each).
    let text = this.quantities.get(lots);
    if (text === undefined) {
      text = this.formatQuantity(lots);
      if (this.quantities.size >= QUANTITY_CACHE_SIZE) this.quantities.clear();
      this.quantities.set(lots, text);
    }
    return text;
  }

  private formatQuantity(lots: number | bigint): string {
    return formatBinanceDecimal(lotsToBaseUnits(this.scale, lots), this.scale.base.decimals);
  }

  quote(units: bigint): string {
    return formatBinanceDecimal(units, this.scale.quote.decimals);
  }

  /** The exact quote amount of `lots` at `ticks`, in quote minor units. */
  quoteUnits(ticks: number, lots: number): bigint {
    return fillQuoteUnits(this.scale, ticks, lots);
  }

  /** quote ÷ base volume as a price, 8 fraction digits, rounded down; "0.00000000" for no volume. */
  averagePrice(quoteUnits: bigint, lots: bigint): string {
    if (lots === 0n) return '0.00000000';
    const numerator = quoteUnits * pow10(this.scale.base.decimals) * pow10(8);
    const denominator = lots * this.scale.lotBaseUnits * pow10(this.scale.quote.decimals);
    return formatDecimal(numerator / denominator, 8);
  }

  /** `(to - from) / from × 100`, 3 fraction digits, truncated toward zero; "0.000" when from is 0. */
  percentChange(from: number, to: number): string {
    if (from === 0) return '0.000';
    return formatDecimal((BigInt(to - from) * 100_000n) / BigInt(from), 3);
  }

  ticks(price: string): number {
    const r = priceToTicks(this.scale, price);
    if (!r.ok) throw new Error(`${this.market}: ${r.message}`);
    return r.value;
  }

  lots(quantity: string): number {
    const r = quantityToLots(this.scale, quantity);
    if (!r.ok) throw new Error(`${this.market}: ${r.message}`);
    return r.value;
  }

  quoteFromText(text: string): bigint {
    const r = parseDecimal(text, this.scale.quote.decimals, { allowExcessZeros: true });
    if (!r.ok) throw new Error(`${this.market}: ${r.message}`);
    return r.value;
  }
}
